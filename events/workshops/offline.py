"""The attendance sheet's service worker: the sheet opens again with no connection.

    /teach/workshop/class/sw.js   static/js/offline-pages-sw.js with this app's CONFIG above it,
                                  scope /teach/workshop/class/: it keeps only the sheet pages

The same file and the same reasoning as the fair's check-in desk (fairs/offline.py): the cache is
named after the signed-in trainer and deleted when someone else or nobody is signed in, or when
the sheet redirects to the login; a kept sheet opened offline says it is a copy, and its marks are
sent only with a valid session of a trainer of the batch (the sync view refuses them otherwise).
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from lms.lib.offline_pages import worker_response

CORE_ASSETS = ("vendor/bootstrap/bootstrap.min.css", "css/site.css", "js/workshop-sheet.js")


def worker_scope() -> str:
    """/teach/workshop/class/ in this language: the folder the worker's script is served from."""
    return reverse("workshops:sheet_sw").rsplit("/", 1)[0] + "/"


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    scope = worker_scope()
    return worker_response(
        request,
        scope=scope,
        name="sheet",
        salt="events.workshops.offline.person",
        pages=["^" + re.escape(scope) + r"\d+/$"],
        core_assets=CORE_ASSETS,
    )
