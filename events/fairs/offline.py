"""The check-in desk's service worker: the desk page opens again with no connection.

    /manage/fairs/sw.js   the site's one worker (lms/lib/offline_pages.py), keeping only the desk
                          pages of its folder (/manage/fairs/<fair>/check-in/, or under /en/)

The cache is named after the signed-in organiser and deleted when someone else or nobody is
signed in, or when the desk redirects to the login (lms/lib/offline_pages.py says how). What the
worker cannot see is a logout on another page followed by no connection at all: then the kept
page opens, says it is a copy kept on this phone, and the check-ins tapped on it wait (in that
organiser's own queue, static/js/offline-queue.js) until someone with a valid session and the
organiser role is online — the sync view refuses them otherwise. That residue (a list of names and
stalls the same organiser already saw) is accepted for a desk that must work in a hall without
signal.
"""

from __future__ import annotations

from lms.lib.offline_pages import KeptPages, worker_view

service_worker = worker_view(
    KeptPages(
        name="desk",
        pages=(r"\d+/check-in/$",),
        core_assets=(
            "vendor/bootstrap/bootstrap.min.css",
            "css/site.css",
            "js/offline-queue.js",
            "js/fair-check-in.js",
            "vendor/jsqr/jsQR.js",
        ),
    )
)
