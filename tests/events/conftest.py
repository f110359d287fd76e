import datetime as dt

import pytest
from django.utils import timezone, translation

from events.zoom import tokens
from tests.fakes.zoom_server import FakeZoom


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def fake_zoom(settings):
    """A fake Zoom on a free port, and the platform's settings pointing at it."""
    with FakeZoom() as zoom:
        settings.ZOOM_ACCOUNT_ID = zoom.account_id
        settings.ZOOM_CLIENT_ID = zoom.client_id
        settings.ZOOM_CLIENT_SECRET = zoom.client_secret
        settings.ZOOM_BASE_URI = zoom.base_uri
        settings.ZOOM_OAUTH_URI = zoom.oauth_uri
        settings.ZOOM_WEBHOOK_SECRET_TOKEN = zoom.webhook_secret
        settings.ZOOM_TIMEOUT = 2
        tokens.clear()
        yield zoom
        tokens.clear()


def dhaka(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_fixed_timezone(360))
