from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("class/<int:session_id>/", views.class_page, name="class"),
    path("class/<int:session_id>/join/", views.join, name="join"),
    path("class/<int:session_id>/checkin/", views.check_in, name="check_in"),
    path("teach/class/<int:session_id>/", views.trainer_class, name="trainer_class"),
    path("teach/class/<int:session_id>/start/", views.start, name="start"),
    path("teach/class/<int:session_id>/link/", views.paste_link, name="paste_link"),
    path("teach/class/<int:session_id>/checkin/", views.checkin, name="open_checkin"),
    path("teach/class/<int:session_id>/attendance/", views.attendance_sheet, name="attendance_sheet"),
    path("teach/class/<int:session_id>/register/", views.register, name="register"),
    path("teach/class/<int:session_id>/details/", views.details, name="details"),
    path("teach/class/<int:session_id>/cancel/", views.cancel, name="cancel"),
    path("teach/class/<int:session_id>/move/", views.move, name="move"),
    path("teach/batch/<int:batch_id>/extra/", views.add_extra, name="add_extra"),
    path("me/calendar/", views.calendar_page, name="calendar"),
    path("learn/batch/<int:batch_id>/calendar.ics", views.batch_calendar, name="batch_calendar"),
]

# Outside the language prefix: addresses given to Zoom and to calendar apps.
unprefixed = [
    path("zoom/webhook/", views.zoom_webhook, name="zoom_webhook"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
