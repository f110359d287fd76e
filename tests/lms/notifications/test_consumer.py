"""ws/me/: every page of a logged-in person hears of her notifications as they are made."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings

from lms.notifications import services
from lms.notifications.models import Notification
from lms.routing import websocket_urlpatterns
from tests.events.room.conftest import cookie_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


@pytest.fixture(autouse=True)
def _empty_layer():
    async_to_sync(get_channel_layer().flush)()


def page(user) -> WebsocketCommunicator:
    """One open page of this person (or of nobody logged in)."""
    headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie_for(user)}".encode())] if user else []
    return WebsocketCommunicator(application, "/ws/me/", headers=headers)


def test_anonymous_is_refused():
    async def scenario():
        connected, _code = await page(None).connect(timeout=5)
        return connected

    assert asyncio.run(scenario()) is False


def test_a_notification_reaches_her_open_pages_only_with_her_unread_count(learner, other_learner):
    Notification.objects.create(user=learner, kind="class_moved", title="আগের খবর")
    hers, other = page(learner), page(other_learner)

    async def scenario():
        assert (await hers.connect(timeout=5))[0] and (await other.connect(timeout=5))[0]
        first = await hers.receive_json_from(timeout=3)
        assert (await other.receive_json_from(timeout=3))["unread"] == 0
        notification = await database_sync_to_async(services.notify)(
            learner, "waitlist_promoted", context={"course": {"title": "নকশি কাঁথা"}, "batch": {"name": "ব্যাচ ১"}}
        )
        pushed = await hers.receive_json_from(timeout=3)
        nothing = await other.receive_nothing(timeout=0.3)
        await hers.disconnect()
        await other.disconnect()
        return first, notification, pushed, nothing

    first, notification, pushed, nothing = asyncio.run(scenario())
    assert first == {"type": "unread", "unread": 1}  # counted on connecting: what came while away
    assert pushed["type"] == "notification" and pushed["id"] == notification.pk
    assert pushed["title"] == notification.title and "নকশি কাঁথা" in pushed["title"]
    assert pushed["unread"] == 2
    assert nothing


def test_reading_on_one_page_updates_the_counter_on_her_other_pages(learner):
    Notification.objects.create(user=learner, kind="class_moved", title="ক্লাসের সময় বদলেছে")
    other_tab = page(learner)

    async def scenario():
        assert (await other_tab.connect(timeout=5))[0]
        assert (await other_tab.receive_json_from(timeout=3))["unread"] == 1
        await database_sync_to_async(services.mark_read)(learner)
        update = await other_tab.receive_json_from(timeout=3)
        await other_tab.disconnect()
        return update

    assert asyncio.run(scenario()) == {"type": "unread", "unread": 0}
