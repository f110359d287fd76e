from django.urls import path

from events.room import views

app_name = "room"

urlpatterns = [
    path("teach/class/<int:session_id>/started/", views.started, name="started"),
    path("teach/class/<int:session_id>/questions/", views.questions, name="questions"),
]
