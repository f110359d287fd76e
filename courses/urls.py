from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("learn/", views.dashboard, name="dashboard"),
    path("learn/batch/<int:batch_id>/enrol/", views.enrol, name="enrol"),
    path("learn/batch/<int:batch_id>/withdraw/", views.withdraw, name="withdraw"),
    path("learn/lesson/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("teach/", views.my_batches, name="trainer_batches"),
    path("teach/batch/<int:batch_id>/", views.roster, name="roster"),
    path("teach/batch/<int:batch_id>/roster.csv", views.roster_csv, name="roster_csv"),
    path("organise/batches/<int:batch_id>/import/", views.import_roster, name="import"),
]
