from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from lms.people.models import District


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and the smoke test: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def floor(request: HttpRequest) -> HttpResponse:
    """A constant response through the full middleware stack: the benchmark's floor."""
    return HttpResponse(b"ok", content_type="text/plain")


def floor_rows(request: HttpRequest) -> HttpResponse:
    """Twenty rows from the database through a template: the benchmark's floor for pages."""
    return render(request, "floor_rows.html", {"rows": District.objects.order_by("pk")[:20]})


# Uploaded files the browser may show in place; anything else is downloaded, never rendered.
INLINE_MEDIA = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}


def media(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded file (when the platform serves them itself, SERVE_MEDIA): with a policy that
    lets nothing in it run, and as a download unless it is a picture or a PDF — an uploaded
    HTML or SVG file can never become a page of the site."""
    from django.conf import settings
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    kind = response.headers.get("Content-Type", "").split(";")[0].strip()
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if kind not in INLINE_MEDIA:
        response.headers["Content-Type"] = "application/octet-stream"
        response.headers["Content-Disposition"] = "attachment"
    return response
