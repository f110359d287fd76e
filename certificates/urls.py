from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/pdf/", views.verify_pdf, name="verify_pdf"),
    path("verify/<str:code>/preview.png", views.verify_preview, name="verify_preview"),
    path("me/certificates/", views.mine, name="mine"),
    # organisers
    path("organise/certificates/issue/", views.issue, name="issue"),
    path("organise/certificates/<str:code>/", views.manage, name="manage"),
    path("organise/certificates/<str:code>/revoke/", views.revoke, name="revoke"),
    path("organise/certificates/<str:code>/reissue/", views.reissue, name="reissue"),
    path("organise/certificates/templates/<int:template_id>/preview.pdf", views.preview, name="preview"),
    path("organise/certificates/batch/<int:batch_id>/", views.bulk_for_batch, name="bulk_for_batch"),
]
