import datetime as dt

import pytest
from django.utils import timezone, translation

from courses.models import Trade
from events.trainers.models import Availability, TrainerProfile
from events.zoom import tokens
from lms.people.roles import TRAINER
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english():
    # Service messages follow the active language; these tests read them in English.
    with translation.override("en"):
        yield


@pytest.fixture
def fake_zoom(settings):
    from tests.fakes.zoom_server import FakeZoom

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


def next_weekday(iso_weekday: int, weeks_ahead: int = 1) -> dt.date:
    """A date at least a few days ahead falling on that weekday (1 = Monday … 7 = Sunday)."""
    today = timezone.localdate()
    return today + dt.timedelta(days=(iso_weekday - today.isoweekday()) % 7 + 7 * weeks_ahead)


def approved_profile(user, trades=("batik",), *, evenings=(6,), platforms="zoom,facebook", languages="bn", **fields):
    """Make the user an approved trainer of these trades, free 19:00–23:30 Dhaka on these days."""
    from lms.people.roles import grant_role

    profile = TrainerProfile.objects.create(
        user=user,
        status=TrainerProfile.Status.APPROVED,
        experience="দশ বছর বাটিকের কাজ",
        district=user.district,
        platforms=platforms,
        languages=languages,
        **fields,
    )
    profile.trades.set(Trade.objects.filter(slug__in=trades))
    for day in evenings:
        Availability.objects.create(profile=profile, weekday=day, start=dt.time(19, 0), end=dt.time(23, 30))
    grant_role(user, TRAINER)
    return profile


@pytest.fixture
def make_trainer(db):
    def make(name="সালমা খাতুন", **kwargs):
        user = UserFactory(full_name=name, email=kwargs.pop("email", None))
        approved_profile(user, **kwargs)
        return user

    return make
