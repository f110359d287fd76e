from django.urls import path

from lms.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<uuid:job_id>/", views.detail, name="detail"),
    path("<uuid:job_id>/status.json", views.status, name="status"),
    path("<uuid:job_id>/result/", views.result, name="result"),
]
