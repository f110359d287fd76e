from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse


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
    from django.shortcuts import render

    from people.models import District

    return render(request, "floor_rows.html", {"rows": District.objects.order_by("pk")[:20]})
