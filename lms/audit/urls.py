from django.urls import path

from lms.audit import views

app_name = "audit"

urlpatterns = [
    path("organise/audit/", views.log, name="log"),
]
