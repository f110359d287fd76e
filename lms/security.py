"""Security headers every response carries, beyond Django's own (HSTS, nosniff, referrer
policy and X-Frame-Options come from settings).

Content-Security-Policy: scripts only from the platform's own files — no inline script, no
eval, nothing from elsewhere — so a script that slipped into a page (a learner's question, a
business name) could not run even if escaping failed. Inline style attributes are allowed
(progress bars set their width that way); styles cannot run code. The Wagtail admin, used by
staff only, runs inline scripts of its own and gets a policy that allows them.

Permissions-Policy: the camera only for our own pages (the offline certificate checker scans
QR codes with it); no microphone, location or payment.
"""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings

_COMMON = {
    "default-src": "'self'",
    "img-src": "'self' data: blob:",
    "style-src": "'self' 'unsafe-inline'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self' blob:",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SITE = {**_COMMON, "script-src": "'self'"}
ADMIN = {**_COMMON, "script-src": "'self' 'unsafe-inline' 'unsafe-eval'", "frame-src": "'self'"}
PERMISSIONS = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"


def policy(directives: dict[str, str]) -> str:
    extra = getattr(settings, "CSP_CONNECT_EXTRA", "")
    parts = {**directives}
    if extra:
        parts["connect-src"] = f"{parts['connect-src']} {extra}"
    return "; ".join(f"{name} {value}" for name, value in parts.items())


class SecurityHeadersMiddleware:
    """Sync and async (no thread hand-off under the ASGI server)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.site = policy(SITE)
        self.admin = policy(ADMIN)
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        return self._headers(request, self.get_response(request))

    async def __acall__(self, request):
        return self._headers(request, await self.get_response(request))

    def _headers(self, request, response):
        admin = request.path.startswith("/admin/")
        response.headers.setdefault("Content-Security-Policy", self.admin if admin else self.site)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        return response
