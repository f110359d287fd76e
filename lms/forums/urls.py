from django.urls import path

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
    path("forums/<slug:slug>/manage/", views.manage, name="manage"),
    path("forums/<slug:slug>/manage/<int:membership_id>/", views.decide, name="decide"),
    path("forums/<slug:slug>/announce/", views.announce, name="announce"),
]
