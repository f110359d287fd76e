"""The attendance sheet's service worker: the sheet opens again with no connection.

    /teach/workshop/class/sw.js   static/js/offline-pages-sw.js with this app's CONFIG above it,
                                  scope /teach/workshop/class/: it keeps only the sheet pages

The same file and the same reasoning as the fair's check-in desk (fairs/offline.py): the cache is
named after the signed-in trainer and deleted when someone else or nobody is signed in, or when
the sheet redirects to the login; a kept sheet opened offline says it is a copy, and its marks are
sent only with a valid session of a trainer of the batch (the sync view refuses them otherwise).
"""

from __future__ import annotations

import hashlib
import json
import re

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

WORKER = "js/offline-pages-sw.js"
CORE_ASSETS = ("vendor/bootstrap/bootstrap.min.css", "css/site.css", "js/workshop-sheet.js")


def worker_scope() -> str:
    """/teach/workshop/class/ in this language: the folder the worker's script is served from."""
    return reverse("workshops:sheet_sw").rsplit("/", 1)[0] + "/"


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    scope = worker_scope()
    key = ""
    if request.user.is_authenticated:
        key = salted_hmac("workshops.offline.person", str(request.user.pk)).hexdigest()[:20]
    core = [static(path) for path in CORE_ASSETS]
    source = _read_static(WORKER)
    digest = hashlib.sha256(source)
    for path in CORE_ASSETS:
        digest.update(_read_static(path))
    prefix = f"udyokta-sheet-{get_language() or 'bn'}-"
    config = {
        "cachePrefix": prefix,
        "cache": f"{prefix}{key or 'nobody'}-{digest.hexdigest()[:12]}",
        "signedIn": bool(key),
        "pages": ["^" + re.escape(scope) + r"\d+/$"],
        "static": static(""),
        "core": core if key else [],
    }
    body = f"const CONFIG = {json.dumps(config)};\n".encode() + source
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = scope
    return response


def _read_static(path: str) -> bytes:
    # The source file, not a collected copy, so it is the same under DEBUG, tests and production.
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} is missing")
    with open(found, "rb") as file:
        return file.read()
