"""The fake Zoom itself: Zoom's wire format, checks against the OpenAPI descriptions, faults,
signed webhooks, the control endpoint and the management command."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from events.zoom_webhooks import url_validation_response, verify
from tests.fakes.zoom_server import FakeZoom, load_spec

MEETINGS = "/users/{userId}/meetings"
MEETING = "/meetings/{meetingId}"


@pytest.fixture
def zoom():
    with FakeZoom() as server:
        yield server


def sign_in(zoom: FakeZoom, **kwargs) -> requests.Response:
    options = {
        "params": {"grant_type": "account_credentials", "account_id": zoom.account_id},
        "auth": (zoom.client_id, zoom.client_secret),
        **kwargs,
    }
    return requests.post(zoom.oauth_uri, timeout=5, **options)


@pytest.fixture
def auth(zoom) -> dict[str, str]:
    return {"Authorization": f"Bearer {sign_in(zoom).json()['access_token']}"}


def post_meeting(zoom: FakeZoom, auth: dict[str, str], body: dict) -> requests.Response:
    return requests.post(f"{zoom.base_uri}/users/me/meetings", json=body, headers=auth, timeout=5)


def field_errors(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["code"] == 300
    assert answer["message"] == "Validation Failed."
    return {error["field"]: error["message"] for error in answer["errors"]}


def assert_matches_spec(method: str, template: str, status: int, body: dict) -> None:
    spec = load_spec()
    assert spec.errors(spec.response_schema(method, template, status), body) == []


# --- OAuth ---


def test_sign_in_answers_a_bearer_token(zoom):
    answer = sign_in(zoom).json()

    assert answer["token_type"] == "bearer"
    assert answer["expires_in"] == zoom.token_ttl
    assert answer["access_token"] and answer["scope"]


def test_sign_in_takes_the_account_in_a_form_body_too(zoom):
    response = sign_in(zoom, params=None, data={"grant_type": "account_credentials", "account_id": zoom.account_id})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("change", "status", "error"),
    [
        ({"auth": ("fake-client-id", "wrong")}, 401, "invalid_client"),
        ({"auth": None}, 401, "invalid_client"),
        ({"params": {"grant_type": "client_credentials", "account_id": "fake-account"}}, 400, "unsupported_grant_type"),
        ({"params": {"grant_type": "account_credentials", "account_id": "other"}}, 400, "invalid_request"),
    ],
)
def test_sign_in_refusals(zoom, change, status, error):
    response = sign_in(zoom, **change)

    assert response.status_code == status
    assert response.json()["error"] == error
    assert zoom.tokens_issued == 0


def test_api_needs_a_valid_bearer_token(zoom):
    for headers in ({}, {"Authorization": "Bearer made-up"}, {"Authorization": "Basic abc"}):
        response = requests.get(f"{zoom.base_uri}/users/me/meetings", headers=headers, timeout=5)
        assert response.status_code == 401
        assert response.json() == {"code": 124, "message": "Invalid access token."}


def test_expired_tokens_stop_working(zoom, auth):
    zoom.expire_tokens()

    assert requests.get(f"{zoom.base_uri}/users/me/meetings", headers=auth, timeout=5).status_code == 401


# --- requests checked against the OpenAPI descriptions ---


def test_create_answers_zooms_meeting_shape(zoom, auth):
    response = post_meeting(
        zoom,
        auth,
        {
            "topic": "ব্লক প্রিন্ট",
            "type": 2,
            "start_time": "2025-01-04T15:00:00Z",
            "duration": 60,
            "timezone": "Asia/Dhaka",
        },
    )

    assert response.status_code == 201
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    meeting = response.json()
    assert isinstance(meeting["id"], int)
    assert meeting["topic"] == "ব্লক প্রিন্ট"
    assert meeting["start_time"] == "2025-01-04T15:00:00Z"
    assert meeting["uuid"] and meeting["join_url"] and meeting["start_url"]
    assert_matches_spec("post", MEETINGS, 201, meeting)


def test_local_start_time_is_read_in_the_meetings_timezone(zoom, auth):
    response = post_meeting(
        zoom, auth, {"topic": "Batik", "type": 2, "start_time": "2025-01-04T21:00:00", "timezone": "Asia/Dhaka"}
    )

    assert response.json()["start_time"] == "2025-01-04T15:00:00Z"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"topic": "x", "settings": {"waiting_room": "true"}}, "settings.waiting_room"),
        ({"topic": "x", "type": 5}, "type"),
        ({"topic": "x", "start_time": "Saturday 9pm"}, "start_time"),
        ({"topic": "x", "start_time": "2025-13-04T21:00:00"}, "start_time"),
        ({"topic": "x", "duration": "90"}, "duration"),
        ({"topic": "x", "agenda": "a" * 2001}, "agenda"),
        ({"topic": "x", "timezone": "Asia/Nowhere"}, "timezone"),
        ({"topic": "x", "recurrence": {"type": 2, "weekly_days": "8"}}, "recurrence.weekly_days"),
        ({"topic": "x", "recurrence": {"weekly_days": "7"}}, "recurrence"),
    ],
)
def test_create_refuses_what_the_spec_does_not_allow(zoom, auth, body, field):
    errors = field_errors(post_meeting(zoom, auth, body))

    assert field in errors
    assert zoom.meetings == {}


def test_weekly_days_may_list_several_days(zoom, auth):
    # Erratum in the spec: its enum allows one day; Zoom (and the field's own text) take a list.
    response = post_meeting(zoom, auth, {"topic": "x", "type": 8, "recurrence": {"type": 2, "weekly_days": "7,1"}})

    assert response.status_code == 201


def test_create_needs_a_json_body(zoom, auth):
    url = f"{zoom.base_uri}/users/me/meetings"
    assert "body" in field_errors(requests.post(url, headers=auth, timeout=5))
    assert "body" in field_errors(requests.post(url, data=b"{not json", headers=auth, timeout=5))
    form = requests.post(url, data={"topic": "x"}, headers=auth, timeout=5)
    assert "body" in field_errors(form)


def test_unknown_host_user_is_not_found(zoom, auth):
    response = requests.post(f"{zoom.base_uri}/users/nobody@example.com/meetings", json={}, headers=auth, timeout=5)

    assert response.status_code == 404
    assert response.json()["code"] == 1001


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/meetings/abc", {}, "meetingId"),
        ("/meetings/85000000001", {"show_previous_occurrences": "True"}, "show_previous_occurrences"),
        ("/users/me/meetings", {"page_size": "301"}, "page_size"),
        ("/users/me/meetings", {"type": "past"}, "type"),
        ("/past_meetings/abc/participants", {"page_size": "many"}, "page_size"),
        ("/report/meetings/1/participants", {"page_size": "1000"}, "page_size"),
    ],
)
def test_parameters_are_checked(zoom, auth, path, params, field):
    response = requests.get(f"{zoom.base_uri}{path}", params=params, headers=auth, timeout=5)

    assert field in field_errors(response)


def test_query_booleans_are_lower_case_words(zoom, auth):
    meeting = zoom.seed_meeting(topic="x")
    url = f"{zoom.base_uri}/meetings/{meeting['id']}"

    assert requests.get(url, params={"show_previous_occurrences": "true"}, headers=auth, timeout=5).status_code == 200


def test_meeting_lifecycle(zoom, auth):
    meeting = post_meeting(zoom, auth, {"topic": "Dyeing", "start_time": "2025-01-04T15:00:00Z"}).json()
    url = f"{zoom.base_uri}/meetings/{meeting['id']}"

    got = requests.get(url, headers=auth, timeout=5).json()
    assert got == meeting
    assert_matches_spec("get", MEETING, 200, got)

    patch = requests.patch(
        url, json={"start_time": "2025-01-11T21:00:00", "settings": {"waiting_room": True}}, headers=auth, timeout=5
    )
    assert patch.status_code == 204
    assert patch.content == b""
    changed = requests.get(url, headers=auth, timeout=5).json()
    assert changed["start_time"] == "2025-01-11T15:00:00Z"
    assert changed["settings"]["waiting_room"] is True
    assert changed["topic"] == "Dyeing"

    assert requests.delete(url, headers=auth, timeout=5).status_code == 204
    gone = requests.get(url, headers=auth, timeout=5)
    assert gone.status_code == 404
    assert gone.json() == {"code": 3001, "message": f"Meeting does not exist: {meeting['id']}."}
    assert requests.delete(url, headers=auth, timeout=5).status_code == 404


def test_list_pages_with_next_page_token(zoom, auth):
    for number in range(5):
        zoom.seed_meeting(topic=f"Class {number}", start_time=f"2025-01-0{number + 1}T15:00:00Z")
    url = f"{zoom.base_uri}/users/me/meetings"

    first = requests.get(url, params={"type": "scheduled", "page_size": 2}, headers=auth, timeout=5).json()
    assert [m["topic"] for m in first["meetings"]] == ["Class 0", "Class 1"]
    assert first["total_records"] == 5 and first["page_count"] == 3
    assert_matches_spec("get", MEETINGS, 200, first)
    topics = [m["topic"] for m in first["meetings"]]
    token = first["next_page_token"]
    while token:
        page = requests.get(
            url, params={"type": "scheduled", "page_size": 2, "next_page_token": token}, headers=auth, timeout=5
        ).json()
        topics += [m["topic"] for m in page["meetings"]]
        token = page["next_page_token"]
    assert topics == [f"Class {n}" for n in range(5)]


def test_participants_follow_the_spec(zoom, auth):
    meeting = zoom.seed_meeting(topic="Batik", start_time="2025-01-04T15:00:00Z", duration=60)
    zoom.seed_participants(meeting["id"], [{"name": "রাবেয়া", "user_email": "r@example.com", "id": "u1"}])

    past = requests.get(f"{zoom.base_uri}/past_meetings/{meeting['id']}/participants", headers=auth, timeout=5)
    assert past.json()["participants"] == [{"id": "u1", "name": "রাবেয়া", "user_email": "r@example.com"}]
    assert_matches_spec("get", "/past_meetings/{meetingUUID}/participants", 200, past.json())

    report = requests.get(f"{zoom.base_uri}/report/meetings/{meeting['id']}/participants", headers=auth, timeout=5)
    [row] = report.json()["participants"]
    assert (row["join_time"], row["leave_time"], row["duration"]) == (
        "2025-01-04T15:00:00Z",
        "2025-01-04T16:00:00Z",
        3600,
    )
    assert_matches_spec("get", "/report/meetings/{meetingId}/participants", 200, report.json())


def test_participants_of_an_unknown_meeting_are_not_found(zoom, auth):
    response = requests.get(f"{zoom.base_uri}/past_meetings/nope==/participants", headers=auth, timeout=5)

    assert response.status_code == 404
    assert response.json()["code"] == 3001


def test_every_request_is_recorded(zoom, auth):
    post_meeting(zoom, auth, {"topic": "x"})

    oauth, create = zoom.requests
    assert (oauth.method, oauth.path, oauth.status) == ("POST", "/oauth/token", 200)
    assert (create.method, create.path, create.status) == ("POST", "/v2/users/me/meetings", 201)
    assert create.json == {"topic": "x"}


# --- faults ---


def test_rate_limit_answers_429_with_retry_after(zoom, auth):
    zoom.rate_limit_next(2, retry_after=30)
    url = f"{zoom.base_uri}/users/me/meetings"

    for _ in range(2):
        response = requests.get(url, headers=auth, timeout=5)
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "30"
        assert response.json()["code"] == 429
    assert requests.get(url, headers=auth, timeout=5).status_code == 200


def test_failures_apply_to_the_api_or_to_sign_in(zoom, auth):
    zoom.fail_next(1, status=503, target="oauth")
    zoom.fail_next(1, status=500)

    assert requests.get(f"{zoom.base_uri}/users/me/meetings", headers=auth, timeout=5).status_code == 500
    assert sign_in(zoom).status_code == 503
    assert sign_in(zoom).status_code == 200


def test_slow_answer_after_the_work_is_done(zoom, auth):
    zoom.delay_next(1, seconds=5, after_processing=True)

    with pytest.raises(requests.Timeout):
        requests.post(f"{zoom.base_uri}/users/me/meetings", json={"topic": "x"}, headers=auth, timeout=0.3)
    assert [m["topic"] for m in zoom.meetings.values()] == ["x"]


def test_control_endpoint_for_another_process(zoom, auth):
    control = f"{zoom.url}/_fake"
    assert requests.post(f"{control}/fail_next", json={"count": 1, "status": 503}, timeout=5).status_code == 200
    assert requests.post(f"{control}/rm_rf", json={}, timeout=5).status_code == 404
    assert requests.post(f"{control}/fail_next", json={"colour": "red"}, timeout=5).status_code == 400

    assert requests.get(f"{zoom.base_uri}/users/me/meetings", headers=auth, timeout=5).status_code == 503

    seeded = requests.post(f"{control}/seed_meeting", json={"topic": "নকশি"}, timeout=5).json()["result"]
    assert requests.get(f"{control}/meetings", timeout=5).json()[0]["id"] == seeded["id"]
    log = requests.get(f"{control}/requests", timeout=5).json()
    assert [(r["path"], r["status"]) for r in log] == [("/oauth/token", 200), ("/v2/users/me/meetings", 503)]


def test_join_link_opens_a_page_for_people_trying_the_platform(zoom, auth):
    meeting = post_meeting(zoom, auth, {"topic": "ব্লক প্রিন্ট <১>"}).json()

    page = requests.get(meeting["join_url"], timeout=5)

    assert page.status_code == 200
    assert "ব্লক প্রিন্ট &lt;১&gt;" in page.text


# --- webhooks ---


class Receiver:
    """Stands in for the platform's webhook view: records events, answers the URL check."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                event = json.loads(body)
                answer = b""
                if event["event"] == "endpoint.url_validation":
                    token = event["payload"]["plainToken"]
                    answer = json.dumps(url_validation_response(receiver.secret, token)).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/zoom/events/"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(zoom):
    with Receiver(zoom.webhook_secret) as running:
        yield running


def test_webhook_is_signed_as_zoom_documents(zoom, receiver):
    meeting = zoom.seed_meeting(topic="নকশিকাঁথা", start_time="2025-01-04T15:00:00Z")
    now = datetime(2025, 1, 4, 15, 1, tzinfo=UTC)

    delivery = zoom.send_webhook(receiver.url, "meeting.started", meeting["id"], now=now)

    assert delivery.status == 200
    [(headers, body)] = receiver.received
    timestamp = headers["x-zm-request-timestamp"]
    assert timestamp == str(int(now.timestamp()))
    expected = hmac.new(zoom.webhook_secret.encode(), f"v0:{timestamp}:{body.decode()}".encode(), hashlib.sha256)
    assert headers["x-zm-signature"] == f"v0={expected.hexdigest()}"
    verify(zoom.webhook_secret, body=body, signature_header=headers["x-zm-signature"], timestamp=timestamp, now=now)


def test_webhook_payloads_have_zooms_shape(zoom, receiver):
    meeting = zoom.seed_meeting(topic="নকশিকাঁথা", start_time="2025-01-04T15:00:00Z", duration=60)
    learner = {"name": "মোছাঃ রাবেয়া খাতুন", "email": "rabeya@example.com", "id": "zoomUserR"}

    zoom.send_webhook(receiver.url, "meeting.started", meeting["id"], now="2025-01-04T15:01:00+00:00")
    zoom.send_webhook(
        receiver.url, "meeting.participant_joined", meeting["id"], participant=learner, now="2025-01-04T15:02:00+00:00"
    )
    zoom.send_webhook(
        receiver.url, "meeting.participant_left", meeting["id"], participant=learner, now="2025-01-04T15:47:00+00:00"
    )
    zoom.send_webhook(receiver.url, "meeting.ended", meeting["id"], now="2025-01-04T16:00:00+00:00")

    events = [json.loads(body) for _, body in receiver.received]
    assert [e["event"] for e in events] == [
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_left",
        "meeting.ended",
    ]
    started, joined, left, ended = events
    assert started["event_ts"] == int(datetime(2025, 1, 4, 15, 1, tzinfo=UTC).timestamp() * 1000)
    assert started["payload"]["account_id"] == zoom.account_id
    subject = started["payload"]["object"]
    assert subject["id"] == str(meeting["id"])
    assert subject["uuid"] == meeting["uuid"]
    assert subject["topic"] == "নকশিকাঁথা"
    assert subject["start_time"] == "2025-01-04T15:01:00Z"
    assert {"host_id", "type", "timezone", "duration"} <= subject.keys()
    participant = joined["payload"]["object"]["participant"]
    assert participant["user_name"] == "মোছাঃ রাবেয়া খাতুন"
    assert participant["email"] == "rabeya@example.com"
    assert participant["id"] == "zoomUserR"
    assert participant["join_time"] == "2025-01-04T15:02:00Z"
    assert participant["user_id"] and participant["participant_uuid"]
    gone = left["payload"]["object"]["participant"]
    assert gone["leave_time"] == "2025-01-04T15:47:00Z"
    assert gone["participant_uuid"] == participant["participant_uuid"]
    assert ended["payload"]["object"]["end_time"] == "2025-01-04T16:00:00Z"

    # The stay is in the attendance report afterwards.
    [row] = zoom._attendance(meeting["uuid"])
    assert (row["name"], row["duration"]) == ("মোছাঃ রাবেয়া খাতুন", 45 * 60)


def test_webhook_for_an_unknown_event_or_meeting_is_refused(zoom, receiver):
    meeting = zoom.seed_meeting(topic="x")
    with pytest.raises(ValueError):
        zoom.send_webhook(receiver.url, "meeting.deleted", meeting["id"])
    with pytest.raises(ValueError):
        zoom.send_webhook(receiver.url, "meeting.started", 1)
    with pytest.raises(ValueError):
        zoom.send_webhook(receiver.url, "meeting.participant_joined", meeting["id"])
    assert receiver.received == []


def test_url_validation_checks_the_answer(zoom, receiver):
    assert zoom.send_url_validation(receiver.url) is True

    receiver.secret = "another secret"
    assert zoom.send_url_validation(receiver.url) is False


def test_webhook_from_the_control_endpoint(zoom, receiver):
    meeting = zoom.seed_meeting(topic="x")

    answer = requests.post(
        f"{zoom.url}/_fake/send_webhook",
        json={"url": receiver.url, "event": "meeting.started", "meeting_id": meeting["id"]},
        timeout=5,
    )

    assert answer.json() == {"result": {"status": 200, "body": ""}}
    assert len(receiver.received) == 1


# --- the management command ---


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_manage_py_fake_zoom_serves_the_fake():
    port = free_port()
    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "fake_zoom", "--port", str(port)],
        cwd=root,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = requests.post(
                    f"http://127.0.0.1:{port}/oauth/token",
                    params={"grant_type": "account_credentials", "account_id": "fake-account"},
                    auth=("fake-client-id", "fake-client-secret"),
                    timeout=2,
                )
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the fake Zoom did not start"
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["token_type"] == "bearer"
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"ZOOM_BASE_URI=http://127.0.0.1:{port}/v2" in output
