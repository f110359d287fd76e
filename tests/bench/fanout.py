"""Room fan-out: many learners in one class room, the trainer announces, how fast does it reach all?

`measure_fanout` connects `clients` websockets to /ws/class/<session>/ as enrolled learners
(their login cookies are given: the bench dataset's, or `prepare_room`'s), then the trainer
sends `rounds` announcements, one at a time, each once the last has reached everyone (or
`timeout` passed). Latency is from just before the trainer's send to the moment each client
reads it; the clients run in several processes, so their clocks must agree: time.monotonic()
is one clock for the whole machine on Linux.

`measure_floor` does the same on /ws/floor/ (lms.consumers.FloorConsumer: no login, no
database, one group): the server and channel layer alone, the floor the room is compared with.

The channel layer is the server's: start it with CHANNEL_LAYER_BACKEND=redis (channels_redis'
RedisChannelLayer, the default) or =pubsub (RedisPubSubChannelLayer) to compare them.

Figures: clients, connected, expected (connected x rounds), delivered, lost, p50_ms, p99_ms,
max_ms, connect_seconds (all clients in), errors (connections refused or dropped).

By hand, against a running server (cookies from `python -m tests.bench.fanout prepare N`):
    python -m tests.bench.fanout floor http://127.0.0.1:8000 1000
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import queue
import secrets
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

# Handshakes at once per client process: a thousand at once only measures the accept queue.
CONNECTING_AT_ONCE = 50
CLIENTS_PER_PROCESS = 500
# The room is quiet (presence updates of everyone joining have arrived) after this long
# without a message to any client.
QUIET_SECONDS = 1.0
PREPARED_MARKER = "FANOUT_PREPARED"


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- the client processes ----------------------------------------------------------------------


def _marker(raw: str) -> str | None:
    """The round a message is: the announcement's text, or the floor broadcast's id."""
    if '"announcement"' not in raw and '"broadcast"' not in raw:
        return None  # presence, questions, snapshots: most messages, not worth parsing
    message = json.loads(raw)
    if message.get("type") == "announcement":
        return message.get("text")
    if message.get("type") == "broadcast":
        return str(message.get("id"))
    return None


async def _clients(url: str, origin: str, cookies: Sequence[str | None], commands, results, last_seen) -> None:
    import websockets

    received: list[dict[str, float]] = [{} for _ in cookies]
    sockets: list[Any] = [None] * len(cookies)
    errors = 0
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

    async def listen(index: int, socket) -> None:
        nonlocal errors
        try:
            async for raw in socket:
                now = time.monotonic()
                last_seen.value = now
                marker = _marker(raw)
                if marker is not None:
                    received[index][marker] = now
        except websockets.ConnectionClosed:
            pass
        if sockets[index] is not None:
            errors += 1  # dropped by the server before the end
            sockets[index] = None

    async def connect(index: int, cookie: str | None) -> None:
        nonlocal errors
        headers = {"Cookie": cookie} if cookie else {}
        async with gate:
            try:
                socket = await websockets.connect(
                    url, origin=origin, additional_headers=headers, open_timeout=60, max_queue=None
                )
            except (OSError, websockets.InvalidHandshake, TimeoutError):
                errors += 1
                return
        sockets[index] = socket
        asyncio.get_running_loop().create_task(listen(index, socket))

    started = time.monotonic()
    await asyncio.gather(*(connect(i, cookie) for i, cookie in enumerate(cookies)))
    results.put(("connected", sum(s is not None for s in sockets), errors, time.monotonic() - started))
    loop = asyncio.get_running_loop()
    while True:
        command = await loop.run_in_executor(None, commands.get)
        if command[0] == "stop":
            break
        _round, marker, sent_at, deadline = command
        while time.monotonic() < deadline:
            if all(marker in received[i] for i, s in enumerate(sockets) if s is not None):
                break
            await asyncio.sleep(0.01)
        open_ = [i for i, s in enumerate(sockets) if s is not None]
        latencies = [(received[i][marker] - sent_at) * 1000 for i in open_ if marker in received[i]]
        results.put(("round", marker, latencies, len(open_) - len(latencies)))
    still_open = [s for s in sockets if s is not None]
    for index in range(len(sockets)):
        sockets[index] = None
    await asyncio.gather(*(s.close() for s in still_open), return_exceptions=True)
    results.put(("done", errors))  # refused, and dropped before the end


def _client_process(url, origin, cookies, commands, results, last_seen) -> None:
    asyncio.run(_clients(url, origin, cookies, commands, results, last_seen))


# --- the measurement ---------------------------------------------------------------------------


def _ws(base_url: str, path: str) -> str:
    return base_url.replace("https://", "wss://").replace("http://", "ws://").rstrip("/") + path


def _run(
    base_url: str,
    path: str,
    cookies: Sequence[str | None],
    *,
    rounds: int,
    sender_cookie: str | None,
    message: Callable[[str], dict],
    processes: int | None,
    timeout: float,
) -> dict[str, Any]:
    import websockets.sync.client

    url, origin = _ws(base_url, path), base_url.rstrip("/")
    processes = processes or max(1, min(os.cpu_count() or 1, -(-len(cookies) // CLIENTS_PER_PROCESS)))
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    last_seen = context.Value("d", time.monotonic())
    workers = _start_clients(context, processes, url, origin, cookies, results, last_seen)

    figures: dict[str, Any] = {"clients": len(cookies), "rounds": rounds, "processes": processes}
    connected = errors = 0
    connect_seconds = 0.0
    latencies: list[float] = []
    lost = 0
    try:
        for _ in workers:
            _kind, count, failed, seconds = results.get(timeout=600)
            connected += count
            errors += failed
            connect_seconds = max(connect_seconds, seconds)
        headers = {"Cookie": sender_cookie} if sender_cookie else {}
        with websockets.sync.client.connect(url, origin=origin, additional_headers=headers, open_timeout=60) as sender:
            _wait_until_quiet(last_seen, sender, limit=300)
            run = secrets.token_hex(3)
            for number in range(1, rounds + 1):
                payload = message(f"fanout {run} {number}")
                marker = str(payload["id"]) if payload["type"] == "broadcast" else payload["text"]
                sent_at = time.monotonic()
                sender.send(json.dumps(payload))
                for _process, commands in workers:
                    commands.put(("round", marker, sent_at, sent_at + timeout))
                for _ in workers:
                    _kind, _marker, got, missing = results.get(timeout=timeout + 60)
                    latencies += got
                    lost += missing
                _drain(sender)
    finally:
        dropped = _stop_clients(workers, results)
    figures.update(
        connected=connected,
        expected=connected * rounds,
        delivered=len(latencies),
        lost=lost,
        p50_ms=round(percentile(latencies, 0.50), 1),
        p99_ms=round(percentile(latencies, 0.99), 1),
        max_ms=round(max(latencies, default=0.0), 1),
        connect_seconds=round(connect_seconds, 2),
        errors=max(errors, dropped),
    )
    return figures


def _start_clients(
    context, processes: int, url: str, origin: str, cookies: Sequence[str | None], results, last_seen
) -> list[tuple]:
    """The client processes, each with its share of the cookies: [(process, its command queue)]."""
    workers = []
    for number in range(processes):
        share = list(cookies[number::processes])
        commands = context.Queue()
        process = context.Process(
            target=_client_process, args=(url, origin, share, commands, results, last_seen), daemon=True
        )
        process.start()
        workers.append((process, commands))
    return workers


def _stop_clients(workers: list[tuple], results) -> int:
    """Stop the client processes; how many connections they lost before the end."""
    for _process, commands in workers:
        commands.put(("stop",))
    dropped = 0
    for _ in workers:
        try:
            item = results.get(timeout=30)
        except queue.Empty:
            break
        if item[0] == "done":
            dropped += item[1]
    for process, _commands in workers:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()
    return dropped


def _wait_until_quiet(last_seen, sender, limit: float) -> None:
    """Until no client has heard anything for QUIET_SECONDS: joining makes a storm of presence
    updates (one to everyone per person coming in), not what is measured."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and time.monotonic() - last_seen.value < QUIET_SECONDS:
        _drain(sender)
        time.sleep(0.1)


def _drain(sender) -> None:
    """Read what the server told the sender (its own echo) so its buffer never fills."""
    try:
        while True:
            sender.recv(timeout=0)
    except TimeoutError:
        pass


def measure_fanout(
    base_url: str,
    cookies: Sequence[str],
    *,
    clients: int = 1000,
    rounds: int = 3,
    session_id: int,
    trainer_cookie: str,
    processes: int | None = None,
    timeout: float = 10.0,
) -> dict[str, Any]:
    """`clients` learners (Cookie header values, e.g. "sessionid=…") in the class room of
    `session_id`; its trainer announces `rounds` times."""
    if len(cookies) < clients:
        raise ValueError(f"{clients} clients need as many learners' cookies; got {len(cookies)}")
    return _run(
        base_url,
        f"/ws/class/{session_id}/",
        list(cookies[:clients]),
        rounds=rounds,
        sender_cookie=trainer_cookie,
        message=lambda marker: {"type": "announce", "text": marker},
        processes=processes,
        timeout=timeout,
    )


def measure_floor(
    base_url: str, *, clients: int = 1000, rounds: int = 3, processes: int | None = None, timeout: float = 10.0
) -> dict[str, Any]:
    """The same fan-out through /ws/floor/: no login, no database."""
    counter = iter(range(1, 1_000_000))
    return _run(
        base_url,
        "/ws/floor/",
        [None] * clients,
        rounds=rounds,
        sender_cookie=None,
        message=lambda _marker: {"type": "broadcast", "id": next(counter)},
        processes=processes,
        timeout=timeout,
    )


# --- a room to measure (inside Django) ---------------------------------------------------------

PHONE_PREFIX = "+8801999"  # the fan-out's own learners: a rerun finds and reuses them


def prepare_room(learners: int) -> dict[str, Any]:
    """A class on now with `learners` enrolled learners and a trainer, and a login for each:
    {"session_id", "trainer_cookie", "cookies"}. Rows are added in bulk; run twice, it reuses
    the learners and makes a new class."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from courses.models import Batch, Enrolment
    from lms.people.roles import TRAINER
    from tests.factories import UserFactory, make_batch, make_course

    User = get_user_model()
    phones = [f"{PHONE_PREFIX}{index:05d}" for index in range(learners)]
    have = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))
    User.objects.bulk_create(
        [
            User(phone=phone, full_name=f"শিক্ষার্থী {index}", password="!")
            for index, phone in enumerate(phones)
            if phone not in have
        ]
    )
    users = list(User.objects.filter(phone__in=phones))
    trainer = User.objects.filter(phone=f"{PHONE_PREFIX}99999").first() or UserFactory(
        phone=f"{PHONE_PREFIX}99999", full_name="ফ্যান-আউট প্রশিক্ষক", roles=[TRAINER]
    )
    start = timezone.localtime() - dt.timedelta(minutes=5)
    earlier = Batch.objects.filter(trainers=trainer).select_related("course").first()
    batch = make_batch(
        course=earlier.course if earlier else make_course("ফ্যান-আউট: নকশি কাঁথা"),
        first_date=start.date(),
        start_time=start.time().replace(microsecond=0),
        weekdays=str(start.isoweekday()),
        trainers=[trainer],
        capacity=learners + 1,
    )
    now = timezone.now()
    Enrolment.objects.bulk_create(
        [Enrolment(user=user, batch=batch, status=Enrolment.Status.ENROLLED, enrolled_at=now) for user in users]
    )
    session = batch.sessions.order_by("starts_at").first()

    def login(user) -> Session:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        store = SessionStore()
        return Session(
            session_key=secrets.token_hex(16),
            session_data=store.encode(data),
            expire_date=now + dt.timedelta(days=1),
        )

    sessions = Session.objects.bulk_create([login(user) for user in [trainer, *users]])
    name = settings.SESSION_COOKIE_NAME
    return {
        "session_id": session.pk,
        "trainer_cookie": f"{name}={sessions[0].session_key}",
        "cookies": [f"{name}={s.session_key}" for s in sessions[1:]],
    }


def main(argv: Sequence[str]) -> None:
    command, *args = argv
    if command == "prepare":
        import django

        django.setup()
        print(PREPARED_MARKER + json.dumps(prepare_room(int(args[0]))))
    elif command == "floor":
        print(json.dumps(measure_floor(args[0], clients=int(args[1]))))
    elif command == "room":
        base, clients, prepared = args[0], int(args[1]), json.loads(open(args[2]).read())
        print(
            json.dumps(
                measure_fanout(
                    base,
                    prepared["cookies"],
                    clients=clients,
                    session_id=prepared["session_id"],
                    trainer_cookie=prepared["trainer_cookie"],
                )
            )
        )
    else:
        raise SystemExit(f"unknown command {command}: prepare N | floor URL N | room URL N prepared.json")


if __name__ == "__main__":
    main(sys.argv[1:])
