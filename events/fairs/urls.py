from django.urls import path

from events.fairs import offline, views

app_name = "fairs"

urlpatterns = [
    path("fair-list/", views.index, name="index"),
    path("fairs/<int:fair_id>/apply/", views.apply, name="apply"),
    path("fairs/pass/<int:application_id>.pdf", views.exhibitor_pass, name="exhibitor_pass"),
    path("manage/fairs/pass/<str:code>/", views.scan, name="scan"),
    path("manage/fairs/sw.js", offline.service_worker, name="desk_sw"),
    path("manage/fairs/<int:fair_id>/", views.manage, name="manage"),
    path("manage/fairs/<int:fair_id>/check-in/", views.desk, name="desk"),
    path("manage/fairs/check-in/sync/", views.desk_sync, name="desk_sync"),
    path("manage/fairs/<int:fair_id>/judging/", views.judging, name="judging"),
    path("manage/fairs/<int:fair_id>/certificates/", views.certificates, name="certificates"),
    path("manage/fairs/application/<int:application_id>/", views.review, name="review"),
    path("manage/fairs/application/<int:application_id>/check-in/", views.check_in, name="check_in"),
    path("manage/fairs/category/<int:category_id>/finalise/", views.finalise, name="finalise"),
    path("manage/fairs/category/<int:category_id>/reopen/", views.reopen, name="reopen"),
    path("judging/", views.judge_home, name="judge_home"),
    path("judging/category/<int:category_id>/", views.score_sheet, name="score_sheet"),
    path("judging/category/<int:category_id>/score/", views.score, name="score"),
    path("judging/category/<int:category_id>/conflict/", views.conflict, name="conflict"),
    path("judging/sync/", views.sync, name="sync"),
]
