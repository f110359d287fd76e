"""A fake Zoom: the parts of Zoom's REST API the platform uses, on 127.0.0.1, in memory.

It speaks Zoom's wire format (Server-to-Server OAuth, meetings, participants, error JSON, signed
webhooks), checks every request against Zoom's OpenAPI descriptions in tests/fakes/specs/zoom (with the
errata noted there) and answers 400 as Zoom does when a request breaks them, and records what it
was sent so tests can assert on it. Faults are injected through Python methods or, from another
process, through POST /_fake/<method> with the same arguments as JSON:

    with FakeZoom() as zoom:
        zoom.rate_limit_next(1, retry_after=7)
        api = ZoomApi(ZoomCredentials(zoom.account_id, zoom.client_id, zoom.client_secret,
                      zoom.oauth_uri), base_uri=zoom.base_uri)

`manage.py fake_zoom` runs it for `make run`, so classes work without a Zoom account.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

from tests.fakes.zoom_spec import SPEC_DIR, Operation, load_spec

logger = logging.getLogger(__name__)

INVALID_TOKEN = {"code": 124, "message": "Invalid access token."}
DEFAULT_SETTINGS: dict[str, Any] = {
    "host_video": False,
    "participant_video": False,
    "join_before_host": False,
    "jbh_time": 0,
    "mute_upon_entry": False,
    "watermark": False,
    "use_pmi": False,
    "approval_type": 2,
    "audio": "voip",
    "auto_recording": "none",
    "enforce_login": False,
    "enforce_login_domains": "",
    "alternative_hosts": "",
    "waiting_room": False,
    "meeting_authentication": False,
    "registrants_email_notification": True,
}


def zoom_time(moment: datetime) -> str:
    """Zoom's way of writing a time: UTC, seconds, "Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _as_datetime(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- requests, answers, faults ----------------------------------------------------------------


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int | None = None

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body.decode("utf-8", "replace"),
            "status": self.status,
        }


@dataclass
class _Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_after: float = 0.0
    content_type: str = "application/json;charset=UTF-8"


@dataclass
class _Fault:
    target: str  # "api" or "oauth"
    status: int | None = None
    body: Any = None
    retry_after: int | None = None
    delay: float = 0.0
    after_processing: bool = False


@dataclass(frozen=True)
class WebhookDelivery:
    status: int
    body: str
    headers: dict[str, str]
    payload: dict[str, Any]


def _error(status: int, code: int, message: str, **extra: Any) -> _Answer:
    return _Answer(status, {"code": code, "message": message, **extra})


def _not_found(meeting_id: object) -> _Answer:
    return _error(404, 3001, f"Meeting does not exist: {meeting_id}.")


def _path_value(raw: str) -> str:
    # Zoom asks for UUIDs that start with "/" or hold "//" to be encoded twice.
    value = unquote(raw)
    return unquote(value) if "%" in value else value


_OPERATIONS = [
    ("POST", "/users/{userId}/meetings", "_create_meeting"),
    ("GET", "/users/{userId}/meetings", "_list_meetings"),
    ("GET", "/meetings/{meetingId}", "_get_meeting"),
    ("PATCH", "/meetings/{meetingId}", "_update_meeting"),
    ("DELETE", "/meetings/{meetingId}", "_delete_meeting"),
    ("GET", "/past_meetings/{meetingUUID}/participants", "_past_participants"),
    ("GET", "/report/meetings/{meetingId}/participants", "_report_participants"),
]


def _path_pattern(template: str) -> re.Pattern[str]:
    # A path value is one segment, except before /participants: a meeting UUID that Zoom does not
    # ask to be encoded ("ab/cd==") arrives with its slash.
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template).replace("[^/]+)/participants", ".+)/participants")
    return re.compile("/v2" + pattern)


_ROUTES = [(method, _path_pattern(template), template, handler) for method, template, handler in _OPERATIONS]
# What GET /users/{userId}/meetings tells of each meeting.
LISTED_FIELDS = "uuid id host_id topic type start_time duration timezone agenda created_at join_url".split()
# What the control endpoint may call: the fault, state and webhook methods, nothing else.
CONTROL_ACTIONS = frozenset(
    "fail_next rate_limit_next delay_next expire_tokens seed_meeting seed_participants send_webhook "
    "send_url_validation reset".split()
)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeZoom


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "FakeZoom/1.0"

    def _dispatch(self) -> None:
        self.server.fake._handle(self)

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("fake zoom: " + format, *args)


# --- the server -------------------------------------------------------------------------------


class FakeZoom:
    """One Zoom account with one host user; start() it, or use it as a context manager."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        account_id: str = "fake-account",
        client_id: str = "fake-client-id",
        client_secret: str = "fake-client-secret",
        webhook_secret: str = "fake-webhook-secret",
        host_email: str = "classes@udyokta.example",
        token_ttl: int = 3599,
        validate: bool = True,
        spec_dir: Path = SPEC_DIR,
    ) -> None:
        self.account_id = account_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.webhook_secret = webhook_secret
        self.host_email = host_email
        self.host_id = "fakeHostUser0000000001"
        self.token_ttl = token_ttl
        self.spec = load_spec(spec_dir) if validate else None
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.fake = self
        self._thread: threading.Thread | None = None
        self._served = False
        self.reset()

    # --- lifecycle ---

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_uri(self) -> str:
        return f"{self.url}/v2"

    @property
    def oauth_uri(self) -> str:
        return f"{self.url}/oauth/token"

    def start(self) -> FakeZoom:
        # A short poll so that stop() (which waits for the loop to notice) is quick in tests.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-zoom", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until stop() is called from another one (or Ctrl-C)."""
        self._served = True
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._stopping.set()  # wakes requests that are being slow on purpose
        if self._served or self._thread:
            self._httpd.shutdown()  # would wait forever on a server that never served
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeZoom:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget meetings, participants, tokens, faults and the request log."""
        with self._lock:
            self.meetings: dict[int, dict[str, Any]] = {}
            self._participants: dict[int, list[dict[str, Any]]] = {}
            self._instances: dict[str, int] = {}
            self._stays: dict[tuple[int, str], dict[str, Any]] = {}
            self._tokens: dict[str, float] = {}
            self._faults: list[_Fault] = []
            self._page_tokens: dict[str, int] = {}
            self._requests: list[RecordedRequest] = []
            self._ids = itertools.count(85_000_000_001)
            self.tokens_issued = 0

    # --- what tests look at ---

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        """Recorded requests with this method whose path starts with `path`."""
        return [r for r in self.requests if r.method == method and r.path.startswith(path)]

    @property
    def api_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith("/v2/")]

    @property
    def oauth_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == "/oauth/token"]

    # --- faults ---

    def fail_next(
        self, count: int = 1, status: int = 500, *, code: int | None = None, message: str = "", target: str = "api"
    ) -> None:
        """Answer the next `count` requests with `status` and Zoom's error JSON."""
        body = {"code": code or status, "message": message or f"Fake Zoom failed on purpose ({status})."}
        if status == 401 and code is None:
            body = INVALID_TOKEN
        self._add_faults(count, _Fault(target, status=status, body=body))

    def rate_limit_next(self, count: int = 1, retry_after: int = 1, *, target: str = "api") -> None:
        body = {
            "code": 429,
            "message": "You have reached the maximum per-second rate limit for this API. Try again later.",
        }
        self._add_faults(count, _Fault(target, status=429, body=body, retry_after=retry_after))

    def delay_next(
        self, count: int = 1, seconds: float = 1.0, *, after_processing: bool = False, target: str = "api"
    ) -> None:
        """Be slow on the next `count` requests; with `after_processing` the work is done (a meeting
        created) before the wait, as when Zoom creates a meeting but the answer never arrives."""
        self._add_faults(count, _Fault(target, delay=seconds, after_processing=after_processing))

    def expire_tokens(self) -> None:
        """Every access token issued so far stops working (Zoom answers 401, code 124)."""
        with self._lock:
            self._tokens.clear()

    def _add_faults(self, count: int, fault: _Fault) -> None:
        if fault.target not in ("api", "oauth"):
            raise ValueError("target is 'api' or 'oauth'")
        with self._lock:
            self._faults.extend([fault] * count)

    def _next_fault(self, target: str) -> _Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.target == target:
                    return self._faults.pop(index)
        return None

    # --- state ---

    def seed_meeting(self, **fields: Any) -> dict[str, Any]:
        """Put a meeting straight into the account, as if it had been created through the API."""
        with self._lock:
            meeting = self._new_meeting(fields)
            self.meetings[meeting["id"]] = meeting
            return meeting

    def seed_participants(
        self, meeting_id: int, participants: Iterable[dict[str, Any]], *, uuid: str | None = None
    ) -> list[dict[str, Any]]:
        """Record attendance of a past meeting for the participants and report endpoints.

        Each participant: name, and optionally user_email, id (Zoom user id), join_time, leave_time
        (datetimes or ISO strings; by default the meeting's start and end). `uuid` names the
        meeting instance (by default the meeting's own UUID).
        """
        meeting_id = int(meeting_id)
        with self._lock:
            meeting = self.meetings.get(meeting_id, {})
            start = _as_datetime(meeting.get("start_time") or datetime.now(UTC))
            end = start + timedelta(minutes=meeting.get("duration") or 60)
            rows = [
                self._participant_row(
                    name=person["name"],
                    email=person.get("user_email", ""),
                    zoom_user_id=person.get("id", ""),
                    join_time=_as_datetime(person.get("join_time") or start),
                    leave_time=_as_datetime(person.get("leave_time") or end),
                )
                for person in participants
            ]
            self._participants.setdefault(meeting_id, []).extend(rows)
            self._instances[uuid or meeting.get("uuid") or str(meeting_id)] = meeting_id
            return rows

    def _participant_row(
        self, *, name: str, email: str, zoom_user_id: str, join_time: datetime, leave_time: datetime
    ) -> dict[str, Any]:
        return {
            "id": zoom_user_id,
            "user_id": str(next(self._ids)),
            "name": name,
            "user_email": email,
            "join_time": zoom_time(join_time),
            "leave_time": zoom_time(leave_time),
            "duration": max(0, int((leave_time - join_time).total_seconds())),
        }

    def _new_meeting(self, body: dict[str, Any]) -> dict[str, Any]:
        meeting_id = int(body.get("id") or next(self._ids))
        timezone = body.get("timezone") or "Asia/Dhaka"
        start = self._start_time(body.get("start_time"), timezone) or datetime.now(UTC)
        passcode = f"{secrets.randbelow(10**6):06d}"
        encrypted = secrets.token_urlsafe(24)
        now = zoom_time(datetime.now(UTC))
        return {
            "uuid": body.get("uuid") or base64.b64encode(secrets.token_bytes(16)).decode(),
            "id": meeting_id,
            "host_id": self.host_id,
            "host_email": self.host_email,
            "topic": body.get("topic", "Zoom Meeting"),
            "type": body.get("type", 2),
            "status": "waiting",
            "start_time": zoom_time(start),
            "duration": body.get("duration", 60),
            "timezone": timezone,
            "agenda": body.get("agenda", ""),
            "created_at": now,
            "start_url": f"{self.url}/s/{meeting_id}?zak={secrets.token_urlsafe(16)}",
            "join_url": f"{self.url}/j/{meeting_id}?pwd={encrypted}",
            "password": passcode,
            "h323_password": passcode,
            "pstn_password": passcode,
            "encrypted_password": encrypted,
            "settings": {**DEFAULT_SETTINGS, **(body.get("settings") or {})},
            "pre_schedule": False,
        }

    @staticmethod
    def _start_time(value: str | None, timezone: str) -> datetime | None:
        if not value:
            return None
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:  # local time in the meeting's timezone
            moment = moment.replace(tzinfo=ZoneInfo(timezone))
        return moment.astimezone(UTC)

    # --- webhooks ---

    def send_webhook(
        self,
        url: str,
        event: str,
        meeting_id: int,
        *,
        participant: dict[str, Any] | None = None,
        now: datetime | str | None = None,
    ) -> WebhookDelivery:
        """POST a signed meeting.started / meeting.ended / meeting.participant_joined / _left event.

        `participant` (for the participant events): name, and optionally email and id (Zoom user
        id). Joins and leaves are remembered, so the report afterwards lists the stays.
        """
        moment = _as_datetime(now) if now else datetime.now(UTC)
        with self._lock:
            meeting = self.meetings.get(int(meeting_id))
            if meeting is None:
                raise ValueError(f"No meeting {meeting_id} in the fake Zoom.")
            data = {
                key: meeting[key] for key in ("uuid", "host_id", "topic", "type", "start_time", "timezone", "duration")
            }
            data["id"] = str(meeting["id"])
            if event == "meeting.started":
                meeting["status"] = "started"
                data["start_time"] = zoom_time(moment)
            elif event == "meeting.ended":
                meeting["status"] = "finished"
                data["end_time"] = zoom_time(moment)
                self._instances[meeting["uuid"]] = meeting["id"]
            elif event in ("meeting.participant_joined", "meeting.participant_left"):
                if not participant:
                    raise ValueError(f"{event} needs a participant.")
                data["participant"] = self._participant_event(meeting, event, participant, moment)
            else:
                raise ValueError(f"The fake Zoom does not send {event}.")
        payload = {
            "event": event,
            "event_ts": int(moment.timestamp() * 1000),
            "payload": {"account_id": self.account_id, "object": data},
        }
        return self._deliver(url, payload, moment)

    def _participant_event(
        self, meeting: dict[str, Any], event: str, person: dict[str, Any], moment: datetime
    ) -> dict[str, Any]:
        email = person.get("email", "")
        key = (meeting["id"], email or person["name"])
        stay = self._stays.get(key)
        if event == "meeting.participant_joined" or stay is None:
            stay = {
                "user_id": str(next(self._ids)),
                "user_name": person["name"],
                "id": person.get("id", ""),
                "participant_uuid": base64.b64encode(secrets.token_bytes(12)).decode(),
                "join_time": zoom_time(moment),
                "email": email,
                "participant_user_id": person.get("id", ""),
            }
            self._stays[key] = stay
        if event == "meeting.participant_joined":
            return stay
        del self._stays[key]
        self._participants.setdefault(meeting["id"], []).append(
            self._participant_row(
                name=stay["user_name"],
                email=email,
                zoom_user_id=stay["id"],
                join_time=_as_datetime(stay["join_time"]),
                leave_time=moment,
            )
        )
        self._instances[meeting["uuid"]] = meeting["id"]
        return {**stay, "leave_time": zoom_time(moment), "leave_reason": "left the meeting. Reason : left the meeting"}

    def send_url_validation(self, url: str) -> bool:
        """Zoom's endpoint check: True when the answer carries the right encryptedToken."""
        plain_token = secrets.token_urlsafe(16)
        payload = {
            "payload": {"plainToken": plain_token},
            "event_ts": int(time.time() * 1000),
            "event": "endpoint.url_validation",
        }
        delivery = self._deliver(url, payload, datetime.now(UTC))
        expected = hmac.new(self.webhook_secret.encode(), plain_token.encode(), hashlib.sha256).hexdigest()
        try:
            answer = json.loads(delivery.body)
        except ValueError:
            return False
        return delivery.status == 200 and answer == {"plainToken": plain_token, "encryptedToken": expected}

    def _deliver(self, url: str, payload: dict[str, Any], moment: datetime) -> WebhookDelivery:
        # Signed here rather than with events.zoom_webhooks, so a mistake there cannot hide itself.
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(moment.timestamp()))
        digest = hmac.new(self.webhook_secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Zoom Marketplace/1.0a",
            "x-zm-request-timestamp": timestamp,
            "x-zm-signature": f"v0={digest.hexdigest()}",
        }
        response = requests.post(url, data=body, headers=headers, timeout=10)
        return WebhookDelivery(response.status_code, response.text, headers, payload)

    # --- HTTP ---

    def _handle(self, handler: _Handler) -> None:
        split = urlsplit(handler.path)
        query = {key: values[-1] for key, values in parse_qs(split.query, keep_blank_values=True).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if split.path.startswith("/_fake/"):
            answer = self._control(handler.command, split.path.removeprefix("/_fake/"), body)
        elif handler.command == "GET" and re.fullmatch(r"/[js]/\d+", split.path):
            answer = self._meeting_page(split.path)
        else:
            record = RecordedRequest(
                handler.command, split.path, query, {k.lower(): v for k, v in handler.headers.items()}, body
            )
            with self._lock:
                self._requests.append(record)
            answer = self._answer(record)
            record.status = answer.status
        if answer.delay_after:
            self._stopping.wait(answer.delay_after)
        try:
            self._write(handler, answer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, which is what a slow answer is for

    @staticmethod
    def _write(handler: _Handler, answer: _Answer) -> None:
        if answer.body is None:
            payload = b""
        elif isinstance(answer.body, str):
            payload = answer.body.encode()
        else:
            payload = json.dumps(answer.body, ensure_ascii=False).encode()
        handler.send_response(answer.status)
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        if payload:
            handler.send_header("Content-Type", answer.content_type)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _answer(self, record: RecordedRequest) -> _Answer:
        target = "oauth" if record.path == "/oauth/token" else "api"
        fault = self._next_fault(target)
        if fault and fault.status:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            return _Answer(fault.status, fault.body, headers)
        if fault and not fault.after_processing:
            self._stopping.wait(fault.delay)
        answer = self._oauth(record) if target == "oauth" else self._api(record)
        if fault and fault.after_processing:
            answer.delay_after = fault.delay
        return answer

    def _oauth(self, record: RecordedRequest) -> _Answer:
        if record.method != "POST":
            return _Answer(405, {"reason": "Method not allowed", "error": "invalid_request"})
        form = {key: values[-1] for key, values in parse_qs(record.body.decode("utf-8", "replace")).items()}
        params = {**form, **record.query}
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if not hmac.compare_digest(record.headers.get("authorization", "").encode(), f"Basic {expected}".encode()):
            return _Answer(401, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
        if params.get("grant_type") != "account_credentials":
            return _Answer(400, {"reason": "Unsupported grant type", "error": "unsupported_grant_type"})
        if params.get("account_id") != self.account_id:
            return _Answer(400, {"reason": "Invalid account_id", "error": "invalid_request"})
        token = f"fake-{secrets.token_urlsafe(24)}"
        with self._lock:
            self._tokens[token] = time.monotonic() + self.token_ttl
            self.tokens_issued += 1
        return _Answer(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.token_ttl,
                "scope": "meeting:read:admin meeting:write:admin report:read:admin",
                "api_url": self.url,
            },
        )

    def _api(self, record: RecordedRequest) -> _Answer:
        authorization = record.headers.get("authorization", "")
        token = authorization.removeprefix("Bearer ").strip() if authorization.startswith("Bearer ") else ""
        with self._lock:
            expires_at = self._tokens.get(token)
        if expires_at is None or expires_at < time.monotonic():
            return _Answer(401, INVALID_TOKEN)
        for method, pattern, template, handler_name in _ROUTES:
            match = pattern.fullmatch(record.path)
            if match and method == record.method:
                break
        else:
            return _error(404, 404, "Not found.")
        path_params = {name: _path_value(value) for name, value in match.groupdict().items()}
        body = None
        if self.spec:
            op = self.spec.operation(method, template)
            problems = self.spec.parameter_errors(op, path_params, "path")
            problems += self.spec.parameter_errors(op, record.query, "query")
            if op.body_schema:
                body, body_problems = self._request_body(op, record)
                problems += body_problems
            if problems:
                return _error(400, 300, "Validation Failed.", errors=problems)
        try:
            if body is None and record.body:
                body = record.json
            return getattr(self, handler_name)(path_params, record.query, body)
        except ValueError as exc:  # only reachable with validation off
            return _error(400, 300, "Validation Failed.", errors=[{"field": "", "message": str(exc)}])

    def _request_body(self, op: Operation, record: RecordedRequest) -> tuple[Any, list[dict[str, str]]]:
        assert self.spec and op.body_schema
        if not record.body:
            missing = [{"field": "body", "message": "Request body is required."}] if op.body_required else []
            return None, missing
        if not record.headers.get("content-type", "").startswith("application/json"):
            return None, [{"field": "body", "message": "Content-Type must be application/json."}]
        try:
            body = json.loads(record.body.decode("utf-8"))
        except ValueError:
            return None, [{"field": "body", "message": "Request Body should be a valid JSON object."}]
        problems = self.spec.errors(op.body_schema, body)
        timezone = body.get("timezone") if isinstance(body, dict) else None
        if timezone:
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                problems.append({"field": "timezone", "message": f"Unknown timezone {timezone!r}."})
        return body, problems

    # --- the API's operations ---

    def _create_meeting(self, path: dict[str, str], query: dict[str, str], body: dict[str, Any]) -> _Answer:
        if path["userId"] not in ("me", self.host_id, self.host_email):
            return _error(404, 1001, f"User does not exist: {path['userId']}.")
        return _Answer(201, self.seed_meeting(**{k: v for k, v in (body or {}).items() if k not in ("id", "uuid")}))

    def _list_meetings(self, path: dict[str, str], query: dict[str, str], body: None) -> _Answer:
        if path["userId"] not in ("me", self.host_id, self.host_email):
            return _error(404, 1001, f"User does not exist: {path['userId']}.")
        kind = query.get("type", "live")  # the description's default; the adapter always says which
        now = zoom_time(datetime.now(UTC))
        with self._lock:
            meetings = sorted(self.meetings.values(), key=lambda m: (m["start_time"], m["id"]))
            if kind == "live":
                meetings = [m for m in meetings if m["status"] == "started"]
            elif kind == "upcoming":
                meetings = [m for m in meetings if m["start_time"] >= now]
            listed = [{key: meeting[key] for key in LISTED_FIELDS} for meeting in meetings]
        return _Answer(200, self._page(listed, "meetings", query))

    def _page(self, items: list[dict[str, Any]], key: str, query: dict[str, str]) -> dict[str, Any]:
        page_size = int(query.get("page_size") or 30)
        with self._lock:
            start = self._page_tokens.get(query.get("next_page_token", ""), 0)
            end = start + page_size
            next_token = ""
            if end < len(items):
                next_token = secrets.token_urlsafe(24)
                self._page_tokens[next_token] = end
        return {
            "page_count": max(1, -(-len(items) // page_size)),
            "page_size": page_size,
            "total_records": len(items),
            "next_page_token": next_token,
            key: items[start:end],
        }

    def _get_meeting(self, path: dict[str, str], query: dict[str, str], body: None) -> _Answer:
        meeting_id = int(path["meetingId"])
        with self._lock:
            meeting = self.meetings.get(meeting_id)
            return _Answer(200, json.loads(json.dumps(meeting))) if meeting else _not_found(meeting_id)

    def _update_meeting(self, path: dict[str, str], query: dict[str, str], body: dict[str, Any]) -> _Answer:
        meeting_id = int(path["meetingId"])
        with self._lock:
            meeting = self.meetings.get(meeting_id)
            if meeting is None:
                return _not_found(meeting_id)
            for key in ("topic", "type", "duration", "timezone", "agenda"):
                if key in body:
                    meeting[key] = body[key]
            if "start_time" in body:
                meeting["start_time"] = zoom_time(self._start_time(body["start_time"], meeting["timezone"]))
            meeting["settings"].update(body.get("settings") or {})
        return _Answer(204)

    def _delete_meeting(self, path: dict[str, str], query: dict[str, str], body: None) -> _Answer:
        meeting_id = int(path["meetingId"])
        with self._lock:
            if self.meetings.pop(meeting_id, None) is None:
                return _not_found(meeting_id)
        return _Answer(204)

    def _attendance(self, id_or_uuid: str) -> list[dict[str, Any]] | None:
        with self._lock:
            meeting_id = self._instances.get(id_or_uuid)
            if meeting_id is None and id_or_uuid.isdigit() and int(id_or_uuid) in self._participants:
                meeting_id = int(id_or_uuid)
            return list(self._participants.get(meeting_id, [])) if meeting_id is not None else None

    def _past_participants(self, path: dict[str, str], query: dict[str, str], body: None) -> _Answer:
        rows = self._attendance(path["meetingUUID"])
        if rows is None:
            return _error(404, 3001, "This meeting is not available or ID is not valid.")
        listed = [{key: row[key] for key in ("id", "name", "user_email")} for row in rows]
        return _Answer(200, self._page(listed, "participants", query))

    def _report_participants(self, path: dict[str, str], query: dict[str, str], body: None) -> _Answer:
        rows = self._attendance(path["meetingId"])
        if rows is None:
            return _error(404, 3001, "Meeting ID is invalid or not end.")
        return _Answer(200, self._page(rows, "participants", query))

    # --- for people and other processes ---

    def _meeting_page(self, path: str) -> _Answer:
        meeting = self.meetings.get(int(path[3:]))
        what = "start (as host)" if path.startswith("/s/") else "join"
        title = escape(meeting["topic"]) if meeting else "a meeting that no longer exists"
        page = (
            '<!doctype html><html><head><meta charset="utf-8"><title>Fake Zoom</title></head><body>'
            f"<h1>Fake Zoom</h1><p>Here you would {what} <strong>{title}</strong> in Zoom.</p></body></html>"
        )
        return _Answer(200, page, content_type="text/html; charset=utf-8")

    def _control(self, method: str, action: str, body: bytes) -> _Answer:
        if method == "GET" and action == "requests":
            return _Answer(200, [r.as_dict() for r in self.requests])
        if method == "GET" and action == "meetings":
            with self._lock:
                return _Answer(200, list(self.meetings.values()))
        if method != "POST" or action not in CONTROL_ACTIONS:
            return _Answer(404, {"message": f"Unknown control {method} /_fake/{action}."})
        try:
            arguments = json.loads(body) if body else {}
            result = getattr(self, action)(**arguments)
        except (TypeError, ValueError, KeyError) as exc:
            return _Answer(400, {"message": str(exc)})
        except requests.RequestException as exc:  # a webhook that could not be delivered
            return _Answer(502, {"message": str(exc)})
        if isinstance(result, WebhookDelivery):
            result = {"status": result.status, "body": result.body}
        return _Answer(200, {"result": result})
