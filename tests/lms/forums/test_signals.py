"""What forums asks the apps above it (lms.forums.signals), as a visitor or member meets the
answers: offerings from every app, the card from whichever app issues it."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

from certificates import forum_cards
from courses.models import Batch
from lms.forums import signals
from lms.forums.offerings import Offering
from tests.factories import make_batch
from tests.helpers import bn, en
from tests.lms.forums.conftest import member_of


@contextmanager
def answering(signal, receiver):
    signal.connect(receiver, dispatch_uid="test.another_app")
    try:
        yield
    finally:
        signal.disconnect(dispatch_uid="test.another_app")


def test_the_forum_page_lists_every_apps_offerings_by_start_date(client, women):
    starts = timezone.localdate() + dt.timedelta(days=10)
    make_batch(name="সদস্যদের ব্যাচ", audience=Batch.Audience.FORUM, forum=women, first_date=starts)
    fair = Offering(kind="Fair", title="যশোর হস্তশিল্প মেলা", url="/fairs/jashore/", starts=starts - dt.timedelta(days=3))

    with answering(signals.offerings, lambda sender, forum, request, **kw: [fair] if forum == women else None):
        offerings = client.get(en("forums:detail", slug="womens-forum")).context["offerings"]

    assert [o.title for o in offerings][0] == "যশোর হস্তশিল্প মেলা"
    assert "সদস্যদের ব্যাচ" in offerings[1].title  # courses answers with the batch


def test_no_card_when_no_app_issues_cards(client, women, learner, organiser):
    member_of(learner, women, organiser=organiser)
    client.force_login(learner)
    signals.membership_card.disconnect(dispatch_uid="certificates.forum_card")
    try:
        assert client.get(bn("forums:card", slug="womens-forum")).status_code == 404
    finally:
        signals.membership_card.connect(forum_cards.card, dispatch_uid="certificates.forum_card")
    assert client.get(bn("forums:card", slug="womens-forum")).status_code == 200
