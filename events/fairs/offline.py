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

import re

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from lms.lib.offline_pages import worker_response

CORE_ASSETS = ("vendor/bootstrap/bootstrap.min.css", "css/site.css", "js/fair-check-in.js", "vendor/jsqr/jsQR.js")


def worker_scope() -> str:
    """/manage/fairs/ in this language: the folder the worker's script is served from."""
    return reverse("fairs:desk_sw").rsplit("/", 1)[0] + "/"


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    scope = worker_scope()
    return worker_response(
        request,
        scope=scope,
        name="desk",
        salt="events.fairs.offline.person",
        pages=["^" + re.escape(scope) + r"\d+/check-in/$"],
        core_assets=CORE_ASSETS,
    )
