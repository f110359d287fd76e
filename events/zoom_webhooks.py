"""Checking that a webhook request came from Zoom, and answering Zoom's endpoint check.

Zoom signs each event with the app's secret token: the header x-zm-signature is
"v0=" + hex(HMAC-SHA256(secret, "v0:{x-zm-request-timestamp}:{raw body}")). The timestamp is
part of what is signed, so a captured request cannot be replayed once it is older than MAX_AGE.
When the endpoint URL is saved (and every few days after), Zoom sends an
"endpoint.url_validation" event whose plainToken must come back with its HMAC.

Pure functions over bytes and strings: the view that receives events reads the secret from
settings.ZOOM_WEBHOOK_SECRET_TOKEN and passes the request's raw body and headers here.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"
URL_VALIDATION_EVENT = "endpoint.url_validation"
MAX_AGE = timedelta(minutes=5)


class WebhookRejected(Exception):
    """The request is not a fresh event signed with our secret; answer 401 and ignore it."""


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The x-zm-signature value Zoom sends for `body` at `timestamp`."""
    return "v0=" + _hmac_hex(secret, b"v0:" + timestamp.encode() + b":" + body)


def verify(secret: str, *, body: bytes, signature_header: str | None, timestamp: str | None, now: datetime) -> None:
    """Raise WebhookRejected unless `body` is signed with `secret` and at most MAX_AGE old.

    `body` must be the raw request body: re-serialised JSON would not match the signature.
    """
    if not secret:
        # An empty key would make every signature easy to forge.
        raise WebhookRejected("No webhook secret token is configured.")
    if not signature_header or not timestamp:
        raise WebhookRejected("The signature or timestamp header is missing.")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookRejected("The timestamp is not a number of seconds.") from None
    if abs(now.timestamp() - sent_at) > MAX_AGE.total_seconds():
        raise WebhookRejected("The timestamp is more than five minutes away from now.")
    expected = signature(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature_header.encode()):
        raise WebhookRejected("The signature does not match.")


def url_validation_response(secret: str, plain_token: str) -> dict[str, str]:
    """The JSON answer to an endpoint.url_validation event."""
    if not secret:
        raise WebhookRejected("No webhook secret token is configured.")
    return {"plainToken": plain_token, "encryptedToken": _hmac_hex(secret, plain_token.encode())}
