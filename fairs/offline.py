"""The check-in desk's service worker: the desk page opens again with no connection.

    /manage/fairs/sw.js   the worker (static/js/offline-pages-sw.js with this app's CONFIG above it),
                          scope /manage/fairs/ (or /en/manage/fairs/): it keeps only the desk pages

Why the cache is safe for a shared phone: the worker's script is fetched with the session cookie,
so its CONFIG names the cache after the signed-in person (a keyed hash, not the id). When someone
else signs in, or nobody is signed in, the browser's next check of the script finds it changed and
the new worker deletes the other person's cache; a page that answers with a redirect to the login
(a logout, a lost role) deletes it too. What the worker cannot see is a logout on another page
followed by no connection at all: then the kept page opens, says it is a copy kept on this phone,
and the check-ins tapped on it wait until someone with a valid session and the organiser role is
online — the sync view refuses them otherwise. That residue (a list of names and stalls the same
organiser already saw) is accepted for a desk that must work in a hall without signal.
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
# Cached when the worker installs; the page also asks it to keep its own scripts and styles.
CORE_ASSETS = ("vendor/bootstrap/bootstrap.min.css", "css/site.css", "js/fair-check-in.js", "vendor/jsqr/jsQR.js")


def worker_scope() -> str:
    """/manage/fairs/ in this language: the folder the worker's script is served from."""
    return reverse("fairs:desk_sw").rsplit("/", 1)[0] + "/"


def person_key(request: HttpRequest) -> str:
    """Names the cache after who is signed in, without putting her id in a script."""
    if not request.user.is_authenticated:
        return ""
    return salted_hmac("fairs.offline.person", str(request.user.pk)).hexdigest()[:20]


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    scope = worker_scope()
    key = person_key(request)
    core = [static(path) for path in CORE_ASSETS]
    source = _read_static(WORKER)
    digest = hashlib.sha256(source)
    for path in CORE_ASSETS:
        digest.update(_read_static(path))
    prefix = f"udyokta-desk-{get_language() or 'bn'}-"
    config = {
        "cachePrefix": prefix,
        "cache": f"{prefix}{key or 'nobody'}-{digest.hexdigest()[:12]}",
        "signedIn": bool(key),
        # The desk pages only: /manage/fairs/<id>/check-in/ under this language's prefix.
        "pages": ["^" + re.escape(scope) + r"\d+/check-in/$"],
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
