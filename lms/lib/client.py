"""Who is asking: the one rule for a client's address, for every limit on the site (ours and allauth's).

Without a proxy the address is REMOTE_ADDR. Behind TRUSTED_PROXIES proxies, each one appends the
address it received from to X-Forwarded-For, so the client is the entry that many places from the
end; anything further left was written by the client and is not believed. A client-sent
X-Real-IP or X-Forwarded-For with no proxy configured changes nothing.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    address = address.strip()
    if address.startswith("[") and "]" in address:  # [IPv6]:port
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # IPv4:port
        address = address.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`, as far as our own proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = int(getattr(settings, "TRUSTED_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        # No proxy of ours (or a request that did not come through it, e.g. a health check).
        return remote
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    # Fewer entries than proxies: the request skipped some of them; the leftmost is what the
    # outermost proxy we passed through saw.
    hop = hops[-trusted] if len(hops) >= trusted else hops[0]
    return _valid(hop) or remote
