from django.urls import path

from events.trainers import views

app_name = "trainers"

urlpatterns = [
    # anyone
    path("trainers/", views.directory, name="directory"),
    path("trainers/<int:profile_id>/", views.profile, name="profile"),
    # signed in: apply, and keep the profile up to date
    path("trainers/apply/", views.apply, name="apply"),
    path("trainers/apply/photo/<int:sample_id>/delete/", views.delete_sample, name="delete_sample"),
    # learners
    path("learn/class/<int:session_id>/feedback/", views.feedback, name="feedback"),
    # trainers
    path("teach/me/", views.dashboard, name="dashboard"),
    path("teach/me/hours/", views.hours, name="hours"),
    path("teach/me/feedback/", views.my_feedback, name="my_feedback"),
    path("teach/class/<int:session_id>/substitute/", views.ask_substitute, name="ask_substitute"),
    path("teach/class/<int:session_id>/taught/", views.log_taught, name="log_taught"),
    path("teach/substitutes/<int:request_id>/accept/", views.accept_substitute, name="accept_substitute"),
    path("teach/substitutes/<int:request_id>/withdraw/", views.withdraw_substitute, name="withdraw_substitute"),
    # organisers
    path("organise/trainers/", views.queue, name="queue"),
    path("organise/trainers/<int:profile_id>/", views.review, name="review"),
    path("organise/trainers/batch/<int:batch_id>/", views.assign, name="assign"),
    path("organise/trainers/assignments/import/", views.import_assignments, name="import_assignments"),
    path("organise/trainers/hours/", views.totals, name="totals"),
    path("organise/trainers/hours/<int:entry_id>/review/", views.review_hours, name="review_hours"),
    path("organise/trainers/hours/certificates/", views.volunteer_certificates, name="volunteer_certificates"),
    path("organise/trainers/feedback/", views.all_feedback, name="all_feedback"),
    path("organise/trainers/feedback/trainer/<int:user_id>/", views.trainer_feedback, name="trainer_feedback"),
    path("organise/trainers/feedback/<int:feedback_id>/hide/", views.hide_feedback, name="hide_feedback"),
]
