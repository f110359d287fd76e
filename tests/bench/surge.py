"""The join surge: thousands of distinct enrolled learners press Join at the start of a class.

Preparing (`python -m tests.bench.surge prepare`, in the bench environment, after the dataset):
one running batch of a bench course (not the featured one, whose page the course scenario
loads) with one Zoom class that started 5 minutes ago, SURGE_LEARNERS bench learners enrolled
(learner 0, the dashboard learner, is left out), and a logged-in session for each of them,
written straight into the session table. It is redone on every run: the class must be live
*now*, and the clicks of the last run are deleted.

Loading (`run_surge`): a small asyncio HTTP/1.1 client with keep-alive connections. Each
learner presses Join exactly once; a press counts as right only when the answer is the 302
to the class's Zoom join link. Two shapes:
- burst: as fast as `connections` connections go (issue: 2,000 within 10 s at 256
  connections, p99 < 1 s, no errors);
- paced: the presses spread evenly over `seconds` (issue: 2,000 within 60 s, p99 < 300 ms).
A Python client rather than wrk: wrk runs for a time, not for a number of requests, and
each learner must press once. The client's own cost per request is a few microseconds
against the server's milliseconds.

The servers run with a fake Zoom (tests/fakes/zoom_server.py) as their Zoom API: the
harness counts its requests during the surge, which must stay at zero (joining never calls
Zoom).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.bench import dataset

SURGE_LEARNERS = 2000
SURGE_BATCH_NAME = dataset.SURGE_BATCH_NAME
SURGE_MEETING_ID = 9_990_000_001
SURGE_JOIN_URL = f"https://zoom.us/j/{SURGE_MEETING_ID}?pwd=bench"
# Session keys of the surge's logins: a rerun deletes exactly these.
SESSION_KEY_PREFIX = "benchsurge"
RESULT_MARKER = "SURGE_PREPARED"


# --- preparing (inside Django) ---------------------------------------------------------------


def prepare(learners: int = SURGE_LEARNERS) -> dict[str, Any]:
    """The surge's batch, live class, enrolments and logins; what the client needs."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from courses.models import Batch, Enrolment
    from events.models import ClassSession, JoinClick, Provider

    phones = [dataset.bench_phone(index) for index in range(1, learners + 1)]
    users = list(dataset._bench_learners().filter(phone__in=phones).only("pk", "password"))
    if len(users) < learners:
        raise RuntimeError(f"the surge needs {learners} bench learners besides learner 0; found {len(users)}")
    course = dataset._bench_courses().exclude(slug=dataset.FEATURED_COURSE_SLUG).order_by("-slug").first()
    if course is None:
        raise RuntimeError("no bench course for the surge batch: build the dataset first")
    now = timezone.now()
    with transaction.atomic():
        batch = Batch.objects.filter(name=SURGE_BATCH_NAME, course__slug__startswith=dataset.SLUG_PREFIX).first()
        if batch is None:
            # bulk_create, and no events.services.generate_sessions: the surge batch needs no classes.
            (batch,) = Batch.objects.bulk_create(
                [
                    Batch(
                        course=course,
                        name=SURGE_BATCH_NAME,
                        capacity=learners,
                        delivery=Batch.Delivery.ZOOM,
                        first_date=timezone.localdate(now),
                        weeks=1,
                        status=Batch.Status.RUNNING,
                    )
                ]
            )
        session = ClassSession.objects.filter(batch=batch, sequence=1).first()
        starts = now - dt.timedelta(minutes=5)
        if session is None:
            (session,) = ClassSession.objects.bulk_create(
                [
                    ClassSession(
                        batch=batch,
                        sequence=1,
                        starts_at=starts,
                        duration_minutes=120,
                        provider=Provider.ZOOM,
                        zoom_state=ClassSession.ZoomState.CREATED,
                        zoom_meeting_id=SURGE_MEETING_ID,
                        zoom_join_url=SURGE_JOIN_URL,
                    )
                ]
            )
        else:
            ClassSession.objects.filter(pk=session.pk).update(
                starts_at=starts, status=ClassSession.Status.SCHEDULED, zoom_join_url=SURGE_JOIN_URL
            )
        JoinClick.objects.filter(session=session).delete()
        enrolled = set(batch.enrolments.values_list("user_id", flat=True))
        Enrolment.objects.bulk_create(
            [
                Enrolment(batch=batch, user_id=user.pk, status=Enrolment.Status.ENROLLED)
                for user in users
                if user.pk not in enrolled
            ]
        )
        Session.objects.filter(session_key__startswith=SESSION_KEY_PREFIX).delete()
        store = SessionStore()
        expires = now + dt.timedelta(days=1)
        backend = settings.AUTHENTICATION_BACKENDS[0]
        sessions = []
        for user in users:
            data = {"_auth_user_id": str(user.pk), "_auth_user_backend": backend}
            data["_auth_user_hash"] = user.get_session_auth_hash()
            key = SESSION_KEY_PREFIX + secrets.token_hex(11)
            sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        Session.objects.bulk_create(sessions, batch_size=1000)
    language_prefix = "" if settings.LANGUAGE_CODE == "bn" else f"/{settings.LANGUAGE_CODE}"
    return {
        "session_id": session.pk,
        "path": f"{language_prefix}/class/{session.pk}/join/",
        "target": SURGE_JOIN_URL,
        "cookies": [f"{settings.SESSION_COOKIE_NAME}={s.session_key}" for s in sessions],
    }


def clicks(session_id: int) -> dict[str, int]:
    from events.models import JoinClick

    rows = JoinClick.objects.filter(session_id=session_id)
    return {"clicks": rows.count(), "learners": rows.values("user_id").distinct().count()}


def prepare_in_subprocess(env: Mapping[str, str], cwd: Path, learners: int = SURGE_LEARNERS) -> dict[str, Any]:
    return _subprocess(env, cwd, "prepare", str(learners))


def clicks_in_subprocess(env: Mapping[str, str], cwd: Path, session_id: int) -> dict[str, int]:
    return _subprocess(env, cwd, "clicks", str(session_id))


def _subprocess(env: Mapping[str, str], cwd: Path, *args: str) -> Any:
    argv = [sys.executable, "-m", "tests.bench.surge", *args]
    done = subprocess.run(argv, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"surge {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARKER + " "):
            return json.loads(line[len(RESULT_MARKER) + 1 :])
    raise ValueError(f"no {RESULT_MARKER} line in:\n{done.stdout}")


# --- loading (no Django) ---------------------------------------------------------------------


@dataclass
class SurgeResult:
    presses: int
    seconds: float  # from the first press sent to the last answer read
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def error_total(self) -> int:
        return sum(self.errors.values())

    @property
    def rps(self) -> float:
        return self.presses / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rps": round(self.rps, 1), "error_total": self.error_total}


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..100) of values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if length:
        await reader.readexactly(length)
    elif "chunked" in headers.get("transfer-encoding", ""):
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers


async def _surge(
    host: str,
    port: int,
    path: str,
    target: str,
    cookies: Sequence[str],
    connections: int,
    seconds: float | None,
    timeout: float,
) -> SurgeResult:
    queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
    for index, cookie in enumerate(cookies):
        queue.put_nowait((index, cookie))
    latencies: list[float] = []
    errors: dict[str, int] = {}
    interval = seconds / len(cookies) if seconds else 0.0
    started = time.perf_counter()
    finished = started

    def error(kind: str) -> None:
        errors[kind] = errors.get(kind, 0) + 1

    async def connection() -> None:
        nonlocal finished
        reader = writer = None
        while not queue.empty():
            index, cookie = queue.get_nowait()
            if interval:  # paced: press number i is due at started + i * interval
                delay = started + index * interval - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
                "Accept-Encoding: gzip\r\nUser-Agent: bench-surge\r\n\r\n"
            ).encode()
            sent = time.perf_counter()
            try:
                for attempt in (1, 2):
                    reused = writer is not None
                    if writer is None:
                        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
                    try:
                        writer.write(request)
                        status, headers = await asyncio.wait_for(_read_response(reader), timeout)
                        break
                    except (ConnectionError, asyncio.IncompleteReadError):
                        # The server closed an idle keep-alive connection (gunicorn does after
                        # 2 s): a browser sends the request again on a new one, and so do we.
                        writer = _close(writer)
                        if not reused or attempt == 2:
                            raise
            except TimeoutError:
                error("timeout")
                writer = _close(writer)
                continue
            except (OSError, asyncio.IncompleteReadError, ValueError):
                error("connection")
                writer = _close(writer)
                continue
            now = time.perf_counter()
            finished = max(finished, now)
            latencies.append((now - sent) * 1000)
            if status != 302:
                error(f"status {status}")
            elif headers.get("location") != target:
                error("wrong redirect")
            if headers.get("connection", "").lower() == "close":
                writer = _close(writer)
        _close(writer)

    await asyncio.gather(*(connection() for _ in range(min(connections, len(cookies)))))
    return SurgeResult(
        presses=len(cookies),
        seconds=round(finished - started, 3),
        p50_ms=round(percentile(latencies, 50), 1),
        p99_ms=round(percentile(latencies, 99), 1),
        max_ms=round(max(latencies, default=0.0), 1),
        errors=errors,
    )


def _close(writer: asyncio.StreamWriter | None) -> None:
    if writer is not None:
        writer.close()
    return None


def run_surge(
    base_url: str,
    path: str,
    target: str,
    cookies: Sequence[str],
    *,
    connections: int = 256,
    seconds: float | None = None,
    timeout: float = 10.0,
) -> SurgeResult:
    """Every cookie's learner presses Join once: as fast as possible, or spread over `seconds`."""
    host, port = base_url.removeprefix("http://").rsplit(":", 1)
    return asyncio.run(_surge(host, int(port), path, target, cookies, connections, seconds, timeout))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    if args[:1] == ["prepare"]:
        result: Any = prepare(int(args[1]) if len(args) > 1 else SURGE_LEARNERS)
    elif args[:1] == ["clicks"]:
        result = clicks(int(args[1]))
    else:
        print("usage: python -m tests.bench.surge prepare [learners] | clicks <session id>", file=sys.stderr)
        return 2
    print(f"{RESULT_MARKER} {json.dumps(result)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
