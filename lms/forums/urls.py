from django.urls import path
from django.views.generic import RedirectView

from lms.forums import views

app_name = "forums"

urlpatterns = [
    # anyone
    path("forums/", views.index, name="index"),
    path("forums/<slug:slug>/", views.detail, name="detail"),
    # signed in: apply, and members: leave, their card, their directory entry, the directory
    path("forums/<slug:slug>/apply/", views.apply, name="apply"),
    path("forums/<slug:slug>/leave/", views.leave, name="leave"),
    path("forums/<slug:slug>/me/", views.my_membership, name="membership"),
    path("forums/<slug:slug>/card.pdf", views.card, name="card"),
    path("forums/<slug:slug>/members/", views.directory, name="directory"),
    # the forum's admins and organisers
    path("organise/forums/<slug:slug>/", views.manage, name="manage"),
    path("organise/forums/<slug:slug>/members/<int:membership_id>/", views.decide, name="decide"),
    path("organise/forums/<slug:slug>/announce/", views.announce, name="announce"),
    # Forum admins were told of new applications with this address (in-app notices and e-mails).
    path(
        "forums/<slug:slug>/manage/",
        RedirectView.as_view(pattern_name="forums:manage", permanent=True),
        name="manage_old_address",
    ),
]
