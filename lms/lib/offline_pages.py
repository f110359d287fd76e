"""A service worker that lets a few pages open again with no connection (the fair's check-in
desk, the workshop attendance sheet): static/js/offline-pages-sw.js with a per-app CONFIG.

The cache is named after the signed-in person (a keyed hash, not the id) and the script is
fetched with the session cookie, so when someone else or nobody is signed in the browser sees a
changed worker, which deletes what the last person kept. Apps call worker_response() from a
view of theirs served at the top of the worker's scope (fairs/offline.py, workshops/offline.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

WORKER = "js/offline-pages-sw.js"


def person_key(request: HttpRequest, salt: str) -> str:
    if not request.user.is_authenticated:
        return ""
    return salted_hmac(salt, str(request.user.pk)).hexdigest()[:20]


def worker_response(
    request: HttpRequest, *, scope: str, name: str, salt: str, pages: Sequence[str], core_assets: Sequence[str]
) -> HttpResponse:
    """The worker's script for this person: `pages` are regular expressions of the paths it
    keeps, `core_assets` the static files those pages need."""
    key = person_key(request, salt)
    source = _read_static(WORKER)
    digest = hashlib.sha256(source)
    for path in core_assets:
        digest.update(_read_static(path))
    prefix = f"udyokta-{name}-{get_language() or 'bn'}-"
    config = {
        "cachePrefix": prefix,
        "cache": f"{prefix}{key or 'nobody'}-{digest.hexdigest()[:12]}",
        "signedIn": bool(key),
        "pages": list(pages),
        "static": static(""),
        "core": [static(path) for path in core_assets] if key else [],
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
