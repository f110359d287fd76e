"""Whole pages cached for visitors who are not signed in.

The catalogue and the course pages are the same for every visitor without an account, and
they are what a Facebook post sends thousands of phones to. For such a request (GET or
HEAD, no session or messages cookie: so certainly nobody signed in, and nothing personal to
show) the rendered page is kept in the cache for PAGE_CACHE_SECONDS, by page, language and
query string. Signed-in people always get a fresh page.

Everything in the cache is dropped at once by bumping a version number: when a page is
published, unpublished, moved or deleted, and when a batch or a class changes (see
cms/apps.py and courses/apps.py). What changes with time alone (enrolment closing at
midnight) shows within PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "page-cache:version"


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def cacheable(request: HttpRequest) -> bool:
    return (
        seconds() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def bump(*args, **kwargs) -> None:
    """Drop every cached page (usable as a signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.set(VERSION_KEY, 2, None)


def _key(page_id: int, request: HttpRequest) -> str:
    version = cache.get(VERSION_KEY) or 1
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()[:24]
    return f"page-cache:{version}:{page_id}:{get_language()}:{query}"


class CachedForVisitorsMixin:
    """Put first in a Page subclass's bases to cache its page for visitors."""

    def serve(self, request, *args, **kwargs):
        if not cacheable(request):
            return super().serve(request, *args, **kwargs)
        key = _key(self.pk, request)
        cached = cache.get(key)
        if cached is not None:
            response = HttpResponse(cached, content_type="text/html; charset=utf-8")
            response["X-Page-Cache"] = "hit"
            return response
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.cookies:
            cache.set(key, response.content, seconds())
        return response
