"""A class on now with two learners and a trainer, and websockets opened as any of them.

The consumers read the database from their own threads, so these tests commit
(django_db(transaction=True)) instead of running inside a rolled-back transaction.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from courses.services import enrol
from events.models import ClassSession
from lms.routing import websocket_urlpatterns
from tests.factories import UserFactory, make_batch

application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


@pytest.fixture(autouse=True)
def _english_and_empty_layer():
    async_to_sync(get_channel_layer().flush)()
    with translation.override("en"):
        yield


def running_session(trainer, *learners) -> ClassSession:
    """A batch whose first class started 10 minutes ago, with these learners enrolled."""
    start = timezone.localtime() - dt.timedelta(minutes=10)
    batch = make_batch(
        first_date=start.date(),
        start_time=start.time().replace(microsecond=0),
        weekdays=str(start.isoweekday()),
        trainers=[trainer],
    )
    for learner in learners:
        assert enrol(learner, batch).enrolment.status == "enrolled"
    return batch.sessions.order_by("starts_at").first()


@pytest.fixture
def session(trainer, learner, other_learner) -> ClassSession:
    return running_session(trainer, learner, other_learner)


@pytest.fixture
def outsider(db):
    """A learner of another batch of the same trainer."""
    return UserFactory(full_name="সুমাইয়া আক্তার")


def cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Socket:
    """One browser tab in the room: send a message, wait for one of a kind.

    Made outside the event loop (logging in uses the database); used inside one."""

    def __init__(self, user, session: ClassSession):
        session_id = session.pk
        headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie_for(user)}".encode())] if user else []
        self.communicator = WebsocketCommunicator(application, f"/ws/class/{session_id}/?lang=en", headers=headers)
        self.seen: list[dict] = []

    async def open(self) -> bool:
        connected, _code = await self.communicator.connect(timeout=5)
        return connected

    async def send(self, **message) -> None:
        await self.communicator.send_json_to(message)

    async def expect(self, kind: str, timeout: float = 3) -> dict:
        """The next message of this type (others are kept in .seen)."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self.communicator.receive_json_from(timeout=timeout)
                self.seen.append(message)
                if message["type"] == kind:
                    return message

    async def nothing_more(self) -> list[dict]:
        """Whatever is still on its way, once the room has gone quiet."""
        await asyncio.sleep(0.2)
        messages = []
        while not await self.communicator.receive_nothing(timeout=0.1):
            messages.append(await self.communicator.receive_json_from())
        self.seen.extend(messages)
        return messages

    async def close(self) -> None:
        await self.communicator.disconnect()
