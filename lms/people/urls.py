from django.urls import path

from lms.people import views

app_name = "people"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("edit/", views.profile_edit, name="profile_edit"),
    path("reset-link/", views.reset_link, name="reset_link"),
    path("data/", views.my_data, name="my_data"),
    path("data/download/", views.download_data, name="download_data"),
    path("data/delete/", views.delete_account, name="delete_account"),
]
