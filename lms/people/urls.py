from django.urls import path

from lms.people import views

app_name = "people"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/password/new/", views.new_password, name="new_password"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/download/", views.download_data, name="download_data"),
    path("me/data/delete/", views.delete_account, name="delete_account"),
    # organisers
    path("organise/reset-link/", views.reset_link, name="reset_link"),
]
