"""Pages a phone keeps so that they open again with no connection, through one service worker
(static/js/offline-pages-sw.js) made into a view per app by worker_view():

    fairs/offline.py            the check-in desk        personal   /manage/fairs/sw.js
    workshops/offline.py        the attendance sheet     personal   /teach/workshop/class/sw.js
    certificates/offline.py     the certificate checker  public     /verify/offline/sw.js

A service worker controls only the pages under the folder its script is served from, so the view
reads its scope from its own request path: wherever an app's urls put the worker, it keeps that
folder's pages (the page patterns are relative to it), in each language's prefix.

The parameters are written into the script as `const CONFIG = {...};` rather than passed in a query
string or fetched as JSON because the browser installs a new worker only when the script's bytes
change. For a personal worker the script is fetched with the session cookie and its cache is named
after the signed-in person (a keyed hash, not the id): when someone else or nobody is signed in,
the browser's next check of the script finds it changed and the new worker deletes what the last
person kept, and a kept page that now redirects to the login is deleted too. A public worker (the
certificate checker) keeps one copy of its pages for everyone. Either way the name also holds a
hash of everything the worker caches, so a new deploy replaces the kept files.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

WORKER = "js/offline-pages-sw.js"


@dataclass(frozen=True)
class KeptPages:
    """What one app's worker keeps on the phone."""

    name: str  # names its caches: udyokta-<name>-<language>-…
    # Regular expressions of page paths below the worker's folder, kept after a visit online
    # (the page asks: static/js/offline-pages.js); the rest of the folder is left to the network.
    pages: tuple[str, ...] = ()
    # URL names of pages and files cached when the worker installs and refreshed from the network
    # whenever there is one (the certificate checker's page, its manifest, the public keys).
    fresh: tuple[str, ...] = ()
    core_assets: tuple[str, ...] = ()  # static files cached when the worker installs
    # Static files cached only on phones whose page asks for them; they count in the version.
    optional_assets: tuple[str, ...] = ()
    # Personal pages: kept only for a signed-in person, in her own cache, and forgotten when she
    # is signed out. A public page is the same for everyone and kept for anyone.
    personal: bool = True


def worker_view(kept: KeptPages) -> Callable[[HttpRequest], HttpResponse]:
    """The view that serves the worker keeping `kept`; the app's urls put it at the top of the
    folder whose pages it keeps."""

    @require_safe
    def service_worker(request: HttpRequest) -> HttpResponse:
        return worker_response(request, kept)

    return service_worker


def worker_response(request: HttpRequest, kept: KeptPages) -> HttpResponse:
    scope = request.path.rsplit("/", 1)[0] + "/"
    key = person_key(request, kept.name) if kept.personal else ""
    may_keep = bool(key) or not kept.personal
    fresh = [reverse(name) for name in kept.fresh]
    config = {
        "keep": may_keep,
        "personal": kept.personal,
        "pages": ["^" + re.escape(scope) + pattern for pattern in kept.pages],
        "fresh": fresh,
        "static": static(""),
        "core": (fresh + [static(path) for path in kept.core_assets]) if may_keep else [],
    }
    source = _read_static(WORKER)
    digest = hashlib.sha256(source)
    for path in kept.core_assets + kept.optional_assets:
        digest.update(_read_static(path))
    digest.update(json.dumps(config).encode())
    prefix = f"udyokta-{kept.name}-{get_language() or 'bn'}-"
    person = f"{key or 'nobody'}-" if kept.personal else ""
    config = {"cachePrefix": prefix, "cache": f"{prefix}{person}{digest.hexdigest()[:16]}", **config}
    body = f"const CONFIG = {json.dumps(config)};\n".encode() + source
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = scope
    return response


def person_key(request: HttpRequest, name: str) -> str:
    """Who is signed in, as a keyed hash (not the id): "" for nobody."""
    if not request.user.is_authenticated:
        return ""
    return salted_hmac(f"lms.lib.offline_pages.{name}", str(request.user.pk)).hexdigest()[:20]


def _read_static(path: str) -> bytes:
    # The source file, not a collected copy, so it is the same under DEBUG, tests and production.
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} is missing")
    with open(found, "rb") as file:
        return file.read()
