"""events.zoom against the fake Zoom: the real zoomus code, real HTTP, nothing patched."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events.zoom import (
    RETRYABLE_ERRORS,
    Meeting,
    TokenCache,
    ZoomApi,
    ZoomAuthError,
    ZoomCredentials,
    ZoomNotFound,
    ZoomRateLimited,
    ZoomRequestError,
    ZoomUnavailable,
    tokens,
    zoom_api,
)
from tests.fakes.zoom_server import FakeZoom

DHAKA = ZoneInfo("Asia/Dhaka")
# Saturday 21:00 in Dhaka is 15:00 UTC.
SATURDAY_CLASS = datetime(2025, 1, 4, 21, 0, tzinfo=DHAKA)
BANGLA_TOPIC = "নকশিকাঁথা সেলাই — ক্লাস ৩ (শনিবার রাত ৯টা)"


@pytest.fixture
def zoom():
    with FakeZoom() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_cached_tokens():
    tokens.clear()
    yield
    tokens.clear()


def api_for(zoom: FakeZoom, *, secret: str | None = None, timeout: float = 2.0, **kwargs) -> ZoomApi:
    credentials = ZoomCredentials(
        zoom.account_id, zoom.client_id, zoom.client_secret if secret is None else secret, zoom.oauth_uri
    )
    return ZoomApi(credentials, base_uri=zoom.base_uri, timeout=timeout, **kwargs)


def create(api: ZoomApi, **kwargs) -> Meeting:
    return api.create_meeting(kwargs.pop("topic", BANGLA_TOPIC), kwargs.pop("start", SATURDAY_CLASS), 90, **kwargs)


# --- tokens ---


def test_token_is_fetched_once_and_reused_across_calls_and_adapters(zoom):
    meeting = create(api_for(zoom))
    api_for(zoom).get_meeting(meeting.id)
    list(api_for(zoom).list_meetings())
    api_for(zoom).delete_meeting(meeting.id)

    assert len(zoom.oauth_requests) == 1
    bearer = {r.headers["authorization"] for r in zoom.api_requests}
    assert len(bearer) == 1


def test_token_request_is_server_to_server_oauth(zoom):
    create(api_for(zoom))

    [request] = zoom.oauth_requests
    assert request.method == "POST"
    assert request.query == {"grant_type": "account_credentials", "account_id": zoom.account_id}
    assert request.headers["authorization"].startswith("Basic ")


def test_token_is_fetched_again_shortly_before_it_expires(zoom):
    now = [1000.0]
    cache = TokenCache(clock=lambda: now[0], margin=120)
    api = api_for(zoom, token_cache=cache)

    meeting = create(api)
    now[0] += zoom.token_ttl - 121
    api.get_meeting(meeting.id)
    assert len(zoom.oauth_requests) == 1

    now[0] += 2  # within two minutes of expiry
    api.get_meeting(meeting.id)
    assert len(zoom.oauth_requests) == 2


def test_expired_token_is_replaced_once_when_zoom_answers_401(zoom):
    api = api_for(zoom)
    meeting = create(api)
    zoom.expire_tokens()

    assert api.get_meeting(meeting.id).id == meeting.id
    assert len(zoom.oauth_requests) == 2
    assert [r.status for r in zoom.requests_to("GET", "/v2/meetings/")] == [401, 200]
    # The new token is kept for the calls after.
    api.get_meeting(meeting.id)
    assert len(zoom.oauth_requests) == 2


def test_token_refused_twice_is_an_auth_error(zoom):
    zoom.fail_next(2, status=401)

    with pytest.raises(ZoomAuthError, match="Invalid access token"):
        create(api_for(zoom))
    assert len(zoom.oauth_requests) == 2


def test_wrong_secret_is_a_clear_auth_error(zoom):
    with pytest.raises(ZoomAuthError) as raised:
        create(api_for(zoom, secret="not-the-secret"))

    message = str(raised.value)
    assert "Invalid client_id or client_secret" in message
    assert "ZOOM_CLIENT_SECRET" in message
    assert zoom.api_requests == []
    assert not isinstance(raised.value, RETRYABLE_ERRORS)


def test_missing_credentials_are_an_auth_error_before_any_request(zoom):
    api = ZoomApi(ZoomCredentials("", "", "", zoom.oauth_uri), base_uri=zoom.base_uri)

    with pytest.raises(ZoomAuthError, match="Zoom is not configured"):
        create(api)
    assert zoom.requests == []


def test_unreachable_sign_in_is_retryable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before use: nothing listens there
    credentials = ZoomCredentials("a", "b", "c", f"http://127.0.0.1:{port}/oauth/token")
    api = ZoomApi(credentials, base_uri=f"http://127.0.0.1:{port}/v2", timeout=1)

    with pytest.raises(ZoomUnavailable):
        create(api)


def test_slow_sign_in_times_out(zoom):
    zoom.delay_next(1, seconds=5, target="oauth")

    started = time.monotonic()
    with pytest.raises(ZoomUnavailable):
        create(api_for(zoom, timeout=0.5))
    assert time.monotonic() - started < 2


# --- meetings ---


def test_create_meeting_sends_spec_conformant_json_with_the_bangla_topic_intact(zoom):
    meeting = create(
        api_for(zoom),
        alternative_hosts=["shahana@example.com", "rafiq@example.com"],
        agenda="সেলাইয়ের ফোঁড়",
        marker="[udy-session-123]",
    )

    [request] = zoom.requests_to("POST", "/v2/users/me/meetings")
    assert request.status == 201  # the fake checked it against the OpenAPI description
    assert request.headers["content-type"] == "application/json"
    sent = request.json
    assert sent["topic"] == BANGLA_TOPIC
    assert sent["type"] == 2
    assert sent["start_time"] == "2025-01-04T15:00:00Z"
    assert sent["duration"] == 90
    assert sent["timezone"] == "Asia/Dhaka"
    assert sent["agenda"] == "[udy-session-123]\nসেলাইয়ের ফোঁড়"
    assert sent["settings"] == {
        "waiting_room": True,
        "join_before_host": False,
        "alternative_hosts": "shahana@example.com;rafiq@example.com",
    }

    assert meeting.topic == BANGLA_TOPIC
    assert meeting.start_time == SATURDAY_CLASS
    assert meeting.timezone == "Asia/Dhaka"
    assert meeting.join_url and meeting.start_url and meeting.uuid
    assert zoom.meetings[meeting.id]["settings"]["waiting_room"] is True


def test_create_meeting_refuses_a_naive_start_time(zoom):
    with pytest.raises(ValueError, match="timezone-aware"):
        create(api_for(zoom), start=datetime(2025, 1, 4, 21, 0))
    assert zoom.requests == []


def test_zoom_refusal_carries_zooms_message(zoom):
    with pytest.raises(ZoomRequestError) as raised:
        create(api_for(zoom), agenda="ক" * 2001)

    assert raised.value.status == 400
    assert raised.value.code == 300
    assert raised.value.message.startswith("Validation Failed.")
    assert "agenda" in raised.value.message


def test_rate_limit_is_retryable_with_zooms_retry_after(zoom):
    zoom.rate_limit_next(1, retry_after=7)

    with pytest.raises(ZoomRateLimited) as raised:
        create(api_for(zoom))
    assert raised.value.retry_after == 7
    assert isinstance(raised.value, RETRYABLE_ERRORS)


def test_server_error_is_retryable(zoom):
    zoom.fail_next(1, status=502)

    with pytest.raises(ZoomUnavailable, match="502"):
        create(api_for(zoom))
    assert create(api_for(zoom)).id  # the next try goes through


def test_slow_zoom_times_out_within_the_configured_timeout(zoom):
    zoom.delay_next(1, seconds=5)
    api = api_for(zoom, timeout=0.5)
    api._token()  # the sign-in is not what this test times

    started = time.monotonic()
    with pytest.raises(ZoomUnavailable, match="did not answer"):
        create(api)
    assert time.monotonic() - started < 1.5


def test_get_meeting(zoom):
    api = api_for(zoom)
    created = create(api, marker="[udy-session-7]")

    assert api.get_meeting(created.id) == created


def test_get_missing_meeting_is_not_found(zoom):
    with pytest.raises(ZoomNotFound, match="Meeting does not exist"):
        api_for(zoom).get_meeting(85_999_999_999)


def test_update_meeting_sends_only_the_changes_in_utc(zoom):
    api = api_for(zoom)
    meeting = create(api)

    api.update_meeting(meeting.id, start=SATURDAY_CLASS + timedelta(days=7), duration_minutes=120)

    [request] = zoom.requests_to("PATCH", f"/v2/meetings/{meeting.id}")
    assert request.status == 204
    assert {key: value for key, value in request.json.items() if key != "id"} == {
        "start_time": "2025-01-11T15:00:00Z",
        "duration": 120,
    }
    moved = api.get_meeting(meeting.id)
    assert moved.start_time == datetime(2025, 1, 11, 15, 0, tzinfo=UTC)
    assert moved.duration_minutes == 120
    assert moved.topic == BANGLA_TOPIC


def test_deleting_a_deleted_meeting_is_fine(zoom):
    api = api_for(zoom)
    meeting = create(api)

    assert api.delete_meeting(meeting.id) is True
    assert api.delete_meeting(meeting.id) is False
    assert zoom.meetings == {}


def test_meeting_created_during_a_timed_out_create_is_found_by_its_marker(zoom):
    api = api_for(zoom, timeout=0.5)
    zoom.delay_next(1, seconds=3, after_processing=True)

    with pytest.raises(ZoomUnavailable):
        create(api, marker="[udy-session-42]")
    assert len(zoom.meetings) == 1  # Zoom made it; we never heard

    found = api.find_meeting_by_marker("[udy-session-42]")
    assert found is not None
    assert found.topic == BANGLA_TOPIC
    assert found.start_url  # fetched in full, not the list's summary
    assert api.find_meeting_by_marker("[udy-session-43]") is None


def test_find_meeting_by_marker_reads_every_page(zoom):
    for number in range(300):
        zoom.seed_meeting(topic=f"Class {number}", agenda=f"[udy-session-{number}]", start_time="2025-01-04T15:00:00Z")
    zoom.seed_meeting(topic="Last", agenda="[udy-session-last]", start_time="2025-02-01T15:00:00Z")

    found = api_for(zoom).find_meeting_by_marker("[udy-session-last]")

    assert found is not None and found.topic == "Last"
    pages = zoom.requests_to("GET", "/v2/users/me/meetings")
    assert len(pages) == 2
    assert "next_page_token" not in pages[0].query
    assert pages[1].query["next_page_token"]


def test_find_meeting_by_marker_refuses_an_empty_marker(zoom):
    with pytest.raises(ValueError):
        api_for(zoom).find_meeting_by_marker("")


# --- attendance ---


def _learners(count: int) -> list[dict]:
    return [{"name": f"শিক্ষার্থী {n}", "user_email": f"learner{n}@example.com"} for n in range(count)]


def test_past_meeting_participants_read_every_page(zoom):
    meeting = zoom.seed_meeting(topic="Batik", start_time="2025-01-04T15:00:00Z", duration=60)
    zoom.seed_participants(meeting["id"], _learners(650))

    participants = api_for(zoom).past_meeting_participants(meeting["uuid"])

    assert len(participants) == 650
    assert participants[0].name == "শিক্ষার্থী 0"
    assert participants[649].email == "learner649@example.com"
    pages = zoom.requests_to("GET", "/v2/past_meetings/")
    assert [r.status for r in pages] == [200, 200, 200]
    assert [bool(r.query.get("next_page_token")) for r in pages] == [False, True, True]


def test_meeting_uuid_that_zoom_wants_encoded_twice(zoom):
    meeting = zoom.seed_meeting(topic="Batik")
    zoom.seed_participants(meeting["id"], _learners(1), uuid="/ab//cd+ef==")

    [past] = api_for(zoom).past_meeting_participants("/ab//cd+ef==")
    [reported] = api_for(zoom).report_participants("/ab//cd+ef==")

    assert past.email == reported.email == "learner0@example.com"
    assert [r.status for r in zoom.api_requests] == [200, 200]


def test_report_participants_have_times_and_durations(zoom):
    meeting = zoom.seed_meeting(topic="Batik", start_time="2025-01-04T15:00:00Z", duration=60)
    people = _learners(301)
    people[0].update(join_time="2025-01-04T15:05:00Z", leave_time="2025-01-04T15:50:00Z", id="zoomUser0")
    zoom.seed_participants(meeting["id"], people)

    participants = api_for(zoom).report_participants(meeting["id"])

    assert len(participants) == 301
    first = participants[0]
    assert first.zoom_user_id == "zoomUser0"
    assert first.join_time == datetime(2025, 1, 4, 15, 5, tzinfo=UTC)
    assert first.leave_time == datetime(2025, 1, 4, 15, 50, tzinfo=UTC)
    assert first.duration_seconds == 45 * 60
    assert participants[1].duration_seconds == 60 * 60
    assert len(zoom.requests_to("GET", "/v2/report/meetings/")) == 2


# --- configuration ---


def test_adapter_from_settings(zoom, settings):
    settings.ZOOM_ACCOUNT_ID = zoom.account_id
    settings.ZOOM_CLIENT_ID = zoom.client_id
    settings.ZOOM_CLIENT_SECRET = zoom.client_secret
    settings.ZOOM_BASE_URI = zoom.base_uri
    settings.ZOOM_OAUTH_URI = zoom.oauth_uri
    settings.ZOOM_TIMEOUT = 3

    api = zoom_api()

    assert api.timeout == 3.0
    assert create(api).topic == BANGLA_TOPIC


def test_adapter_without_settings_is_not_configured(settings):
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"):
        if hasattr(settings, name):
            delattr(settings, name)

    with pytest.raises(ZoomAuthError, match="ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"):
        zoom_api().get_meeting(1)
