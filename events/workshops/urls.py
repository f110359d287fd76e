from django.urls import path

from events.workshops import offline, views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.near, name="near"),
    path("workshops/<int:batch_id>/", views.detail, name="detail"),
    path("workshops/photo/<int:photo_id>/", views.photo, name="photo"),
    path("learn/workshop/<int:batch_id>/", views.mine, name="mine"),
    path("me/portfolio/", views.portfolio_edit, name="portfolio_edit"),
    path("portfolio/<str:key>/", views.portfolio, name="portfolio"),
    path("teach/workshop/<int:batch_id>/", views.hub, name="hub"),
    path("teach/workshop/<int:batch_id>/learner/<int:user_id>/", views.practical, name="practical"),
    path("teach/workshop/class/sw.js", offline.service_worker, name="sheet_sw"),
    path("teach/workshop/class/<int:session_id>/", views.sheet, name="sheet"),
    path("teach/workshop/class/<int:session_id>/mark/", views.mark, name="mark"),
    path("teach/workshop/sync/", views.sync, name="sync"),
    path("teach/workshop/photo/<int:photo_id>/delete/", views.delete_photo, name="delete_photo"),
]
