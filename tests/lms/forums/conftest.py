"""Forum helpers: the two forums come from the migration; people join through the services."""

from __future__ import annotations

import pytest

from lms.forums import services
from lms.forums.models import Forum, Membership


def womens_forum() -> Forum:
    return Forum.objects.get(slug="womens-forum")


def youth_forum() -> Forum:
    return Forum.objects.get(slug="youth-forum")


def member_of(user, forum: Forum, *, admin: bool = False, organiser=None) -> Membership:
    """An active member (approved by an organiser when the forum needs approval)."""
    from lms.people.roles import ORGANISER
    from tests.factories import UserFactory

    membership = services.apply(user, forum)
    if membership.status == Membership.Status.PENDING or admin:
        organiser = organiser or UserFactory(full_name="আয়োজক", roles=[ORGANISER])
        if membership.status == Membership.Status.PENDING:
            membership = services.approve(membership, by=organiser)
        if admin:
            membership = services.set_admin(membership, by=organiser, admin=True)
    return membership


@pytest.fixture
def women(db) -> Forum:
    return womens_forum()


@pytest.fixture
def youth(db) -> Forum:
    return youth_forum()


@pytest.fixture(autouse=True)
def _english():
    # Service messages follow the active language; these tests read them in English.
    # Bangla wording is checked through pages requested in Bangla and the browser journey.
    from django.utils import translation

    with translation.override("en"):
        yield
