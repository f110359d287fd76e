"""Whole pages cached for visitors who are not signed in.

The catalogue and the course pages are the same for every visitor without an account, and
they are what a Facebook post sends thousands of phones to. For such a request (GET or
HEAD, no session or messages cookie: so certainly nobody signed in, and nothing personal to
show) the rendered page is kept in the cache for PAGE_CACHE_SECONDS, by path, query string
and language. Signed-in people always get a fresh page.

Pages opt in with CachedForVisitorsMixin (their serve() stores what they render); the
middleware answers from the cache before anything else runs — sessions, authentication,
Wagtail's routing through the page tree — which is where most of a cached page's cost was.
One round trip to Redis per visitor request: the page and the current version together.

Everything in the cache is dropped at once by bumping a version number: when a page is
published, unpublished, moved or deleted, and when a batch changes (cms/apps.py and
courses/apps.py). What changes with time alone (enrolment closing at midnight) shows within
PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "page-cache:version"
# Pages are dropped together by group: a certificate issued (hundreds in a bulk run) must not
# drop the catalogue, nor a published page every verification page.
GROUPS = {"pages": VERSION_KEY, "certificates": "page-cache:version:certificates"}
# Never pages of the site: no cache lookup for them.
SKIP = ("/health/", "/admin/", "/static/", "/media/", "/ws/", "/zoom/", "/calendar/", "/badges/", "/organise/", "/me/")


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def cacheable(request: HttpRequest) -> bool:
    return (
        seconds() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "is_preview", False)
        and not request.path.startswith(SKIP)
    )


def bump(*args, group: str = "pages", **kwargs) -> None:
    """Drop every cached page of the group (usable as a signal receiver)."""
    try:
        cache.incr(GROUPS[group])
    except ValueError:  # not there yet (or evicted)
        cache.set(GROUPS[group], 2, None)


def bump_certificates(*args, **kwargs) -> None:
    bump(group="certificates")


def _key(request: HttpRequest) -> str:
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()[:24]
    return f"page-cache:{get_language()}:{request.path}:{query}"


def cached(request: HttpRequest) -> bytes | None:
    key = _key(request)
    found = cache.get_many([*GROUPS.values(), key])
    entry = found.get(key)
    if entry is not None:
        group, version, content = entry
        if version == found.get(GROUPS[group], 1):
            return content
    return None


def store(request: HttpRequest, content: bytes, group: str = "pages") -> None:
    cache.set(_key(request), (group, cache.get(GROUPS[group]) or 1, content), seconds())


def _hit(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Answers visitors from the cache; placed right after LocaleMiddleware (the language is
    part of the key)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        if cacheable(request) and (content := cached(request)) is not None:
            return _hit(content)
        return self.get_response(request)

    async def __acall__(self, request):
        if cacheable(request):
            from asgiref.sync import sync_to_async

            content = await sync_to_async(cached, thread_sensitive=False)(request)
            if content is not None:
                return _hit(content)
        return await self.get_response(request)


class CachedForVisitorsMixin:
    """Put first in a Page subclass's bases: what it renders for visitors is cached."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if cacheable(request) and request.method == "GET":
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.cookies:
                store(request, response.content)
        return response
