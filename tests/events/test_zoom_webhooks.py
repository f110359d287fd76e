"""events.zoom_webhooks with signatures computed here, the way Zoom documents them."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest

from events.zoom_webhooks import WebhookRejected, signature, url_validation_response, verify

SECRET = "zoom-webhook-secret-token"
NOW = datetime(2025, 1, 4, 15, 0, tzinfo=UTC)
BODY = json.dumps(
    {
        "event": "meeting.participant_joined",
        "event_ts": 1735999200000,
        "payload": {
            "account_id": "acct",
            "object": {"id": "85000000001", "participant": {"user_name": "মোছাঃ রাবেয়া খাতুন", "email": "r@example.com"}},
        },
    },
    ensure_ascii=False,
).encode()


def zoom_signature(secret: str, timestamp: str, body: bytes) -> str:
    """As Zoom's documentation has it: v0= + hex HMAC-SHA256 of "v0:{timestamp}:{body}"."""
    message = f"v0:{timestamp}:{body.decode()}"
    return "v0=" + hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def stamp(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def test_signature_is_zooms():
    assert signature(SECRET, stamp(NOW), BODY) == zoom_signature(SECRET, stamp(NOW), BODY)


def test_event_signed_by_zoom_just_now_is_accepted():
    timestamp = stamp(NOW - timedelta(seconds=3))

    verify(SECRET, body=BODY, signature_header=zoom_signature(SECRET, timestamp, BODY), timestamp=timestamp, now=NOW)


def test_event_four_minutes_old_is_still_accepted():
    timestamp = stamp(NOW - timedelta(minutes=4, seconds=59))

    verify(SECRET, body=BODY, signature_header=zoom_signature(SECRET, timestamp, BODY), timestamp=timestamp, now=NOW)


@pytest.mark.parametrize("age", [timedelta(minutes=5, seconds=1), timedelta(hours=1), -timedelta(minutes=6)])
def test_stale_or_future_timestamp_is_rejected(age):
    timestamp = stamp(NOW - age)

    with pytest.raises(WebhookRejected, match="five minutes"):
        verify(
            SECRET, body=BODY, signature_header=zoom_signature(SECRET, timestamp, BODY), timestamp=timestamp, now=NOW
        )


def test_changed_body_is_rejected():
    timestamp = stamp(NOW)
    tampered = BODY.replace(b"85000000001", b"85000000002")

    with pytest.raises(WebhookRejected, match="does not match"):
        verify(
            SECRET,
            body=tampered,
            signature_header=zoom_signature(SECRET, timestamp, BODY),
            timestamp=timestamp,
            now=NOW,
        )


def test_timestamp_is_part_of_what_is_signed():
    signed_at, replayed_at = stamp(NOW - timedelta(minutes=1)), stamp(NOW)

    with pytest.raises(WebhookRejected, match="does not match"):
        verify(
            SECRET, body=BODY, signature_header=zoom_signature(SECRET, signed_at, BODY), timestamp=replayed_at, now=NOW
        )


def test_other_secret_is_rejected():
    timestamp = stamp(NOW)

    with pytest.raises(WebhookRejected):
        verify(
            SECRET, body=BODY, signature_header=zoom_signature("another", timestamp, BODY), timestamp=timestamp, now=NOW
        )


@pytest.mark.parametrize(
    ("signature_header", "timestamp"),
    [(None, "1735999200"), ("v0=abc", None), ("", ""), ("v0=abc", "yesterday"), ("v0=ঝ", "1735999200")],
)
def test_missing_or_malformed_headers_are_rejected(signature_header, timestamp):
    with pytest.raises(WebhookRejected):
        verify(SECRET, body=BODY, signature_header=signature_header, timestamp=timestamp, now=NOW)


def test_nothing_is_accepted_without_a_secret():
    timestamp = stamp(NOW)

    with pytest.raises(WebhookRejected, match="secret"):
        verify("", body=BODY, signature_header=zoom_signature("", timestamp, BODY), timestamp=timestamp, now=NOW)


def test_url_validation_is_answered_with_the_hmac_of_the_plain_token():
    answer = url_validation_response(SECRET, "qgg8vlvZRS6UYooatFL8Aw")

    assert answer == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest(),
    }


def test_url_validation_needs_a_secret():
    with pytest.raises(WebhookRejected):
        url_validation_response("", "qgg8vlvZRS6UYooatFL8Aw")
