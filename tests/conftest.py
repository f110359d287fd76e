"""Named personas every test can ask for, and a clean slate for SMS and rate limits."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from lms.lib.memo import forget_all
from lms.people.roles import JUDGE, ORGANISER, TRAINER
from lms.people.sms import memory as sms_memory
from tests.factories import PASSWORD, UserFactory

PERSONAS = ["anonymous", "learner", "other_learner", "trainer", "other_trainer", "organiser", "judge"]


@pytest.fixture(autouse=True)
def _clean_slate():
    cache.clear()
    # A test that switched to English must not leave the next one in English (the order of
    # the suite would decide what it sees).
    translation.activate(settings.LANGUAGE_CODE)
    forget_all()  # per-process memos (lms/lib/memo.py): ids are reused across test databases
    sms_memory.outbox.clear()
    yield
    sms_memory.outbox.clear()


@pytest.fixture
def sms_outbox():
    return sms_memory.outbox


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def learner(db):
    return UserFactory(full_name="মোছাঃ রাবেয়া খাতুন", name_en="Mst. Rabeya Khatun", email="rabeya@example.com")


@pytest.fixture
def other_learner(db):
    return UserFactory(full_name="নাসরিন আক্তার", gender="female")


@pytest.fixture
def trainer(db):
    return UserFactory(full_name="শাহানা পারভীন", roles=[TRAINER])


@pytest.fixture
def other_trainer(db):
    return UserFactory(full_name="মোঃ রফিকুল ইসলাম", gender="male", roles=[TRAINER])


@pytest.fixture
def organiser(db):
    return UserFactory(full_name="রোকসানা বেগম", roles=[ORGANISER])


@pytest.fixture
def judge(db):
    return UserFactory(full_name="তানজিলা ইসলাম", roles=[JUDGE])


@pytest.fixture
def persona_client(db, client, request):
    """client_for("trainer") → a test client logged in as that persona (or anonymous)."""
    from django.test import Client

    def client_for(name: str) -> Client:
        new = Client()
        if name != "anonymous":
            new.force_login(request.getfixturevalue(name))
        return new

    return client_for
