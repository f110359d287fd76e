from django.urls import path
from django.views.generic import RedirectView

from events.fairs import offline, views

app_name = "fairs"

urlpatterns = [
    path("fair-list/", views.index, name="index"),
    path("fairs/<int:fair_id>/apply/", views.apply, name="apply"),
    path("fairs/pass/<int:application_id>.pdf", views.exhibitor_pass, name="exhibitor_pass"),
    # organisers
    path("organise/fairs/pass/<str:code>/", views.scan, name="scan"),
    path("organise/fairs/sw.js", offline.service_worker, name="desk_sw"),
    path("organise/fairs/<int:fair_id>/", views.manage, name="manage"),
    path("organise/fairs/<int:fair_id>/check-in/", views.desk, name="desk"),
    path("organise/fairs/check-in/sync/", views.desk_sync, name="desk_sync"),
    path("organise/fairs/<int:fair_id>/judging/", views.judging, name="judging"),
    path("organise/fairs/<int:fair_id>/certificates/", views.certificates, name="certificates"),
    path("organise/fairs/application/<int:application_id>/", views.review, name="review"),
    path("organise/fairs/application/<int:application_id>/check-in/", views.check_in, name="check_in"),
    path("organise/fairs/category/<int:category_id>/finalise/", views.finalise, name="finalise"),
    path("organise/fairs/category/<int:category_id>/reopen/", views.reopen, name="reopen"),
    # Passes printed before the organisers' pages moved under organise/ carry this address in their QR.
    path(
        "manage/fairs/pass/<str:code>/",
        RedirectView.as_view(pattern_name="fairs:scan", permanent=True),
        name="scan_old_address",
    ),
    # judges
    path("judge/", views.judge_home, name="judge_home"),
    path("judge/category/<int:category_id>/", views.score_sheet, name="score_sheet"),
    path("judge/category/<int:category_id>/score/", views.score, name="score"),
    path("judge/category/<int:category_id>/conflict/", views.conflict, name="conflict"),
    path("judge/sync/", views.sync, name="sync"),
]
