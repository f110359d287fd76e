"""The Zoom adapter: the only module that imports zoomus.

Classes are Zoom meetings hosted by one licensed user of the association's account, reached with a
Server-to-Server OAuth app (account id, client id, client secret). zoomus knows Zoom's endpoints;
this module supplies what zoomus 1.2.1 lacks or gets wrong:

- zoomus's ZoomClient fetches a token in its constructor with no timeout, keeps None when that
  fails, and never refreshes. We never construct it: we build zoomus's endpoint components with a
  token from our own cache (one per set of credentials, per process, reused until shortly before it
  expires, fetched again once when Zoom answers 401).
- The components ignore ZoomClient(timeout=...) (they default to 15 s) and their setter turns the
  timeout into an int (0.5 s would become 0). Our component subclasses keep the timeout as given,
  and every call, the token fetch included, has one.
- zoomus formats start_time with a literal "Z" and no conversion, so an aware Dhaka time would be
  sent six hours off: we convert to UTC first and refuse naive datetimes.
- past_meeting calls index the UUID as a string (an int id fails inside zoomus).
- Failures become typed errors that tasks can act on: retry later (ZoomUnavailable,
  ZoomRateLimited), fix the credentials (ZoomAuthError), or show Zoom's message to the trainer
  (ZoomRequestError).

Meetings created here carry an idempotency marker (for example "[udy-session-123]") at the start of
their agenda, so that a create that timed out after Zoom had made the meeting can be found with
find_meeting_by_marker instead of creating a second meeting.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from django.conf import settings
from zoomus.components.base import BaseComponent
from zoomus.components.meeting import MeetingComponentV2
from zoomus.components.past_meeting import PastMeetingComponentV2
from zoomus.components.report import ReportComponentV2
from zoomus.util import API_VERSION_2, encode_uuid

logger = logging.getLogger(__name__)

DEFAULT_BASE_URI = "https://api.zoom.us/v2"
DEFAULT_OAUTH_URI = "https://zoom.us/oauth/token"
DEFAULT_TIMEOUT = 10.0
DHAKA = "Asia/Dhaka"
SCHEDULED_MEETING = 2
# Zoom's largest page for meeting and participant lists.
PAGE_SIZE = 300
# Zoom rejects longer topics.
TOPIC_MAX_LENGTH = 200
# Fetch a new token this long before the old one expires, so no call starts with a token that
# runs out while it is on the way.
TOKEN_REFRESH_MARGIN = 120.0


# --- errors -----------------------------------------------------------------------------------


class ZoomError(Exception):
    """Anything that went wrong talking to Zoom."""


class ZoomAuthError(ZoomError):
    """The credentials are missing or Zoom refused them; retrying will not help."""


class ZoomUnavailable(ZoomError):
    """Zoom did not answer in time, could not be reached or failed (5xx); worth retrying."""


class ZoomRateLimited(ZoomError):
    """Zoom answered 429; retry after `retry_after` seconds (None when Zoom did not say)."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ZoomRequestError(ZoomError):
    """Zoom refused the request (4xx); `message` is Zoom's own words, fit to show a trainer."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ZoomNotFound(ZoomRequestError):
    """The meeting (or user) does not exist, or no longer does."""


# What a task should retry with backoff; everything else needs a person.
RETRYABLE_ERRORS: tuple[type[ZoomError], ...] = (ZoomUnavailable, ZoomRateLimited)

_NETWORK_ERRORS = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


# --- what Zoom gives back ---------------------------------------------------------------------


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Meeting:
    id: int
    uuid: str
    topic: str
    agenda: str
    start_time: datetime | None
    duration_minutes: int
    timezone: str
    join_url: str
    # Only in create/get answers, not in lists; it lets anyone start the meeting as host, so it
    # is shown to the trainer only, fetched fresh (it expires).
    start_url: str = ""

    @classmethod
    def from_zoom(cls, data: dict[str, Any]) -> Meeting:
        return cls(
            id=int(data["id"]),
            uuid=data.get("uuid", ""),
            topic=data.get("topic", ""),
            agenda=data.get("agenda", ""),
            start_time=_parse_time(data.get("start_time")),
            duration_minutes=int(data.get("duration") or 0),
            timezone=data.get("timezone", ""),
            join_url=data.get("join_url", ""),
            start_url=data.get("start_url", ""),
        )


@dataclass(frozen=True)
class Participant:
    """One stay of one person in a meeting (someone who rejoins appears once per stay)."""

    name: str
    email: str
    # The person's Zoom user id; empty for guests without a Zoom account.
    zoom_user_id: str
    join_time: datetime | None
    leave_time: datetime | None
    duration_seconds: int | None

    @classmethod
    def from_zoom(cls, data: dict[str, Any]) -> Participant:
        duration = data.get("duration")
        return cls(
            name=data.get("name", ""),
            email=data.get("user_email", ""),
            zoom_user_id=data.get("id", ""),
            join_time=_parse_time(data.get("join_time")),
            leave_time=_parse_time(data.get("leave_time")),
            duration_seconds=int(duration) if duration is not None else None,
        )


# --- tokens -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoomCredentials:
    account_id: str
    client_id: str
    client_secret: str = field(repr=False)  # kept out of tracebacks and logs
    oauth_uri: str = DEFAULT_OAUTH_URI

    @property
    def cache_key(self) -> tuple[str, str, str, str]:
        # The secret is part of the key (a changed secret must not reuse a token got with the old
        # one) but only as a digest, so it does not sit in the cache in the clear.
        secret = hashlib.sha256(self.client_secret.encode()).hexdigest()
        return (self.oauth_uri, self.account_id, self.client_id, secret)


class TokenCache:
    """Access tokens by credentials with their expiry, shared by every caller in the process.

    One lock for all: when a token runs out, one thread fetches the next while the others wait
    for it instead of each asking Zoom for its own.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, margin: float = TOKEN_REFRESH_MARGIN) -> None:
        self._clock = clock
        self._margin = margin
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, ...], tuple[str, float]] = {}

    def get(self, credentials: ZoomCredentials, fetch: Callable[[], tuple[str, float]]) -> str:
        key = credentials.cache_key
        with self._lock:
            cached = self._tokens.get(key)
            if cached and self._clock() < cached[1] - self._margin:
                return cached[0]
            asked_at = self._clock()
            token, expires_in = fetch()
            self._tokens[key] = (token, asked_at + expires_in)
            return token

    def discard(self, credentials: ZoomCredentials, token: str) -> None:
        """Forget `token` after Zoom refused it, unless another thread has already replaced it."""
        key = credentials.cache_key
        with self._lock:
            cached = self._tokens.get(key)
            if cached and cached[0] == token:
                del self._tokens[key]

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()


tokens = TokenCache()

_CREDENTIAL_SETTINGS = "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"


def fetch_token(credentials: ZoomCredentials, timeout: float) -> tuple[str, float]:
    """A new Server-to-Server OAuth access token and its lifetime in seconds."""
    if not (credentials.account_id and credentials.client_id and credentials.client_secret):
        raise ZoomAuthError(f"Zoom is not configured: set {_CREDENTIAL_SETTINGS}.")
    try:
        response = requests.post(
            credentials.oauth_uri,
            params={"grant_type": "account_credentials", "account_id": credentials.account_id},
            auth=(credentials.client_id, credentials.client_secret),
            timeout=timeout,
        )
    except _NETWORK_ERRORS as exc:
        raise ZoomUnavailable(f"Zoom sign-in did not answer: {exc}") from exc
    if response.status_code == 429:
        raise ZoomRateLimited("Zoom sign-in is rate limited.", _retry_after(response.headers.get("Retry-After")))
    if response.status_code >= 500:
        raise ZoomUnavailable(f"Zoom sign-in failed (HTTP {response.status_code}).")
    body = _json_object(response)
    token = body.get("access_token")
    if response.status_code != 200 or not token:
        reason = body.get("reason") or body.get("error") or f"HTTP {response.status_code}"
        raise ZoomAuthError(
            f"Zoom refused the app's credentials: {reason}. "
            f"Check {_CREDENTIAL_SETTINGS} against the Server-to-Server OAuth app in the Zoom App Marketplace."
        )
    return token, float(body.get("expires_in") or 3600)


# --- answers ----------------------------------------------------------------------------------


def _json_object(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(value: str | None, now: datetime | None = None) -> int | None:
    """Seconds to wait, from a Retry-After header in seconds, an HTTP date or an ISO time."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    now = now or datetime.now(UTC)
    for parse in (parsedate_to_datetime, datetime.fromisoformat):
        try:
            when = parse(value)
        except (TypeError, ValueError):
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0, math.ceil((when - now).total_seconds()))
    return None


def _checked(response: requests.Response) -> requests.Response:
    status = response.status_code
    if status < 300:
        return response
    body = _json_object(response)
    message = str(body.get("message") or f"Zoom answered HTTP {status}.")
    details = [f"{error.get('field')}: {error.get('message')}" for error in body.get("errors") or [] if error]
    if details:
        message = f"{message} ({'; '.join(details)})"
    if status == 401:
        raise ZoomAuthError(f"Zoom refused the access token: {message}")
    if status == 429:
        raise ZoomRateLimited(message, _retry_after(response.headers.get("Retry-After")))
    if status >= 500:
        raise ZoomUnavailable(f"Zoom failed (HTTP {status}): {message}")
    code = body.get("code")
    code = code if isinstance(code, int) else None
    if status == 404:
        raise ZoomNotFound(status, code, message)
    raise ZoomRequestError(status, code, message)


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise ZoomUnavailable(f"Zoom sent an unreadable answer (HTTP {response.status_code}).") from exc
    if not isinstance(body, dict):
        raise ZoomUnavailable(f"Zoom sent an unexpected answer (HTTP {response.status_code}).")
    return body


# --- zoomus components with a real timeout ----------------------------------------------------


class _ExactTimeout:
    """Keeps the timeout as given; zoomus's setter would turn 0.5 into 0."""

    @property
    def timeout(self) -> float | None:
        return self._exact_timeout

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        self._exact_timeout = value


class _Meetings(_ExactTimeout, MeetingComponentV2):
    pass


class _PastMeetings(_ExactTimeout, PastMeetingComponentV2):
    pass


class _Reports(_ExactTimeout, ReportComponentV2):
    pass


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Zoom meeting times must be timezone-aware datetimes.")
    return moment.astimezone(UTC)


# --- the adapter ------------------------------------------------------------------------------


class ZoomApi:
    """Meetings and attendance of one Zoom host user.

    Cheap to create and holds no mutable state, so a new one per task is fine; tokens live in the
    process-wide cache.
    """

    def __init__(
        self,
        credentials: ZoomCredentials,
        *,
        base_uri: str = DEFAULT_BASE_URI,
        timeout: float = DEFAULT_TIMEOUT,
        host_user: str = "me",
        token_cache: TokenCache | None = None,
    ) -> None:
        self.credentials = credentials
        self.base_uri = base_uri.rstrip("/")
        self.timeout = timeout
        self.host_user = host_user
        self._tokens = token_cache or tokens

    @classmethod
    def from_settings(cls) -> ZoomApi:
        return cls(
            ZoomCredentials(
                account_id=getattr(settings, "ZOOM_ACCOUNT_ID", ""),
                client_id=getattr(settings, "ZOOM_CLIENT_ID", ""),
                client_secret=getattr(settings, "ZOOM_CLIENT_SECRET", ""),
                oauth_uri=getattr(settings, "ZOOM_OAUTH_URI", "") or DEFAULT_OAUTH_URI,
            ),
            base_uri=getattr(settings, "ZOOM_BASE_URI", "") or DEFAULT_BASE_URI,
            timeout=float(getattr(settings, "ZOOM_TIMEOUT", DEFAULT_TIMEOUT)),
            host_user=getattr(settings, "ZOOM_USER_ID", "") or "me",
        )

    # --- meetings ---

    def create_meeting(
        self,
        topic: str,
        start: datetime,
        duration_minutes: int,
        *,
        timezone: str = DHAKA,
        alternative_hosts: Sequence[str] = (),
        agenda: str = "",
        marker: str = "",
    ) -> Meeting:
        """Schedule a meeting; `marker` goes first in the agenda for find_meeting_by_marker."""
        meeting_settings: dict[str, Any] = {"waiting_room": True, "join_before_host": False}
        if alternative_hosts:
            meeting_settings["alternative_hosts"] = ";".join(alternative_hosts)
        response = self._call(
            _Meetings,
            "create",
            user_id=self.host_user,
            topic=topic[:TOPIC_MAX_LENGTH],
            type=SCHEDULED_MEETING,
            start_time=_utc(start),
            duration=duration_minutes,
            timezone=timezone,
            agenda="\n".join(part for part in (marker, agenda) if part),
            settings=meeting_settings,
        )
        meeting = Meeting.from_zoom(_body(response))
        logger.info("Created Zoom meeting %s (%s)", meeting.id, marker or topic)
        return meeting

    def update_meeting(
        self,
        meeting_id: int,
        *,
        topic: str | None = None,
        start: datetime | None = None,
        duration_minutes: int | None = None,
        timezone: str | None = None,
        agenda: str | None = None,
        alternative_hosts: Sequence[str] | None = None,
    ) -> None:
        changes: dict[str, Any] = {}
        if topic is not None:
            changes["topic"] = topic[:TOPIC_MAX_LENGTH]
        if start is not None:
            changes["start_time"] = _utc(start)
        if duration_minutes is not None:
            changes["duration"] = duration_minutes
        if timezone is not None:
            changes["timezone"] = timezone
        if agenda is not None:
            changes["agenda"] = agenda
        if alternative_hosts is not None:
            changes["settings"] = {"alternative_hosts": ";".join(alternative_hosts)}
        if changes:
            self._call(_Meetings, "update", id=int(meeting_id), **changes)

    def delete_meeting(self, meeting_id: int) -> bool:
        """Delete a meeting; False when it was already gone (deleting twice is fine)."""
        try:
            self._call(_Meetings, "delete", id=int(meeting_id))
        except ZoomNotFound:
            return False
        logger.info("Deleted Zoom meeting %s", meeting_id)
        return True

    def get_meeting(self, meeting_id: int) -> Meeting:
        return Meeting.from_zoom(_body(self._call(_Meetings, "get", id=int(meeting_id))))

    def list_meetings(self, user_id: str | None = None, *, meeting_type: str = "scheduled") -> Iterator[Meeting]:
        """Every meeting of the host (Zoom's "scheduled": upcoming, live and unexpired past ones)."""
        user_id = user_id or self.host_user
        for item in self._pages(_Meetings, "list", "meetings", user_id=user_id, type=meeting_type, page_size=PAGE_SIZE):
            yield Meeting.from_zoom(item)

    def find_meeting_by_marker(self, marker: str) -> Meeting | None:
        """The meeting whose agenda or topic holds `marker`, as get_meeting gives it, or None."""
        if not marker:
            raise ValueError("An empty marker would match every meeting.")
        for meeting in self.list_meetings():
            if marker in meeting.agenda or marker in meeting.topic:
                return self.get_meeting(meeting.id)
        return None

    # --- attendance ---

    def past_meeting_participants(self, meeting_uuid: str) -> list[Participant]:
        """Who attended one ended meeting instance (name and e-mail; no times)."""
        items = self._pages(
            _PastMeetings, "get_participants", "participants", meeting_id=str(meeting_uuid), page_size=PAGE_SIZE
        )
        return [Participant.from_zoom(item) for item in items]

    def report_participants(self, meeting_id: int | str) -> list[Participant]:
        """Attendance report with join and leave times; an id means the meeting's last instance."""
        # zoomus encodes awkward UUIDs for past_meetings but not for the report.
        meeting = encode_uuid(str(meeting_id))
        items = self._pages(
            _Reports, "get_meeting_participants_report", "participants", id=meeting, page_size=PAGE_SIZE
        )
        return [Participant.from_zoom(item) for item in items]

    # --- plumbing ---

    def _token(self) -> str:
        return self._tokens.get(self.credentials, lambda: fetch_token(self.credentials, self.timeout))

    def _call(self, component: type[BaseComponent], method: str, **kwargs: Any) -> requests.Response:
        token = self._token()
        response = self._send(component, method, token, kwargs)
        if response.status_code == 401:
            # Expired or revoked early: one new token, one more try.
            logger.info("Zoom refused the access token; fetching a new one")
            self._tokens.discard(self.credentials, token)
            response = self._send(component, method, self._token(), kwargs)
        return _checked(response)

    def _send(
        self, component: type[BaseComponent], method: str, token: str, kwargs: dict[str, Any]
    ) -> requests.Response:
        api = component(base_uri=self.base_uri, config={"version": API_VERSION_2, "token": token}, timeout=self.timeout)
        try:
            return getattr(api, method)(**kwargs)
        except _NETWORK_ERRORS as exc:
            raise ZoomUnavailable(f"Zoom did not answer: {exc}") from exc

    def _pages(self, component: type[BaseComponent], method: str, key: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
        next_page_token = ""
        while True:
            page_kwargs = {**kwargs, "next_page_token": next_page_token} if next_page_token else kwargs
            body = _body(self._call(component, method, **page_kwargs))
            yield from body.get(key) or []
            next_page_token = body.get("next_page_token") or ""
            if not next_page_token:
                return


def zoom_api() -> ZoomApi:
    """The adapter configured by the ZOOM_* settings."""
    return ZoomApi.from_settings()
