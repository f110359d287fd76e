"""The old login doors, closed: Wagtail's front-end login (/_util/login/, for private pages) and
its admin login (/admin/login/) had no attempt limit and logged learners in too. Both now send
the person to allauth's login, the one sign-in path with the one throttle; nothing posted to them
is looked at, so no password is checked (or hashed) here."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _to_the_login(request: HttpRequest) -> HttpResponseRedirect:
    url = reverse("account_login")
    target = _safe_next(request)
    return redirect(f"{url}?{urlencode({'next': target})}" if target else url)


def site_login(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail sends here for a page only signed-in people (or some groups) may see."""
    if request.user.is_authenticated:
        # Signed in and still refused: a page for a group she is not in. Sending her to the
        # login would bounce her straight back here.
        raise PermissionDenied
    return _to_the_login(request)


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's admin sends here whoever may not (yet) open it."""
    if request.user.is_authenticated:
        if request.user.has_perm("wagtailadmin.access_admin"):
            return redirect(_safe_next(request) or reverse("wagtailadmin_home"))
        raise PermissionDenied  # signed in without admin access: logging in again changes nothing
    return _to_the_login(request)
