from django.urls import path

from lms.impact import views

app_name = "impact"

urlpatterns = [
    # organisers
    path("organise/impact/", views.dashboard, name="dashboard"),
    path("organise/impact/map/", views.district_map, name="map"),
    path("organise/impact/export/<slug:kind>.<slug:fmt>", views.export, name="export"),
    # learners: their own follow-up survey
    path("learn/follow-up/<int:follow_up_id>/", views.survey, name="survey"),
]
