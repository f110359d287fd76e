"""The attendance sheet's service worker: the sheet opens again with no connection.

    /teach/workshop/class/sw.js   the site's one worker (lms/lib/offline_pages.py), keeping only
                                  the sheet pages of its folder (/teach/workshop/class/<class>/)

The same reasoning as the fair's check-in desk (fairs/offline.py): the cache is named after the
signed-in trainer and deleted when someone else or nobody is signed in, or when the sheet
redirects to the login; a kept sheet opened offline says it is a copy, and its marks are sent only
with a valid session of a trainer of the batch (the sync view refuses them otherwise).
"""

from __future__ import annotations

from lms.lib.offline_pages import KeptPages, worker_view

service_worker = worker_view(
    KeptPages(
        name="sheet",
        pages=(r"\d+/$",),
        core_assets=(
            "vendor/bootstrap/bootstrap.min.css",
            "css/site.css",
            "js/offline-queue.js",
            "js/workshop-sheet.js",
        ),
    )
)
