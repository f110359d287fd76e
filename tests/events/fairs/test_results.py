"""Results: weighted mean over judges, the documented tie-break, finalise and reopen (logged)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from events.fairs import services
from events.fairs.models import Award
from lms.audit.models import Entry
from lms.people.roles import JUDGE
from tests.events.fairs.conftest import marks
from tests.factories import UserFactory, make_category, make_exhibitor


@pytest.fixture
def judges(judge):
    return [judge, UserFactory(roles=[JUDGE]), UserFactory(roles=[JUDGE])]


@pytest.fixture
def panel(fair, judges):
    # Quality weighs 3, design 2 (the factory's criteria).
    return make_category(fair, judges=judges)


def give(judge, category, exhibitor, quality, design):
    services.record_score(judge, category, exhibitor.pk, marks(category, quality, design), client_id=uuid.uuid4())


def test_score_is_the_mean_over_judges_of_each_judges_weighted_mean(fair, judges, panel):
    exhibitor = make_exhibitor(fair)
    give(judges[0], panel, exhibitor, 10, 5)  # 8.0
    give(judges[1], panel, exhibitor, 5, 10)  # 7.0
    [row] = services.standings(panel)
    assert (row.score, row.judges, row.rank) == (Decimal("7.500"), 2, 1)


def test_ties_go_to_the_heavier_criterion_then_the_lowest_judge_then_the_earlier_application(fair, judges, panel):
    early, late, design_led, uneven = (make_exhibitor(fair) for _ in range(4))
    # Everyone at 7.0 on average.
    give(judges[0], panel, early, 7, 7)
    give(judges[0], panel, late, 7, 7)
    give(judges[0], panel, design_led, 5, 10)  # 7.0, but weaker on quality (the heavier criterion)
    give(judges[0], panel, uneven, 7, 7)
    give(judges[1], panel, early, 7, 7)
    give(judges[1], panel, late, 7, 7)
    give(judges[1], panel, design_led, 5, 10)
    give(judges[1], panel, uneven, 9, 4)  # 7.0
    give(judges[2], panel, uneven, 5, 10)  # 7.0; her quality mean (7 + 9 + 5) / 3 = 7 like early's and late's
    order = [row.application for row in services.standings(panel)]
    # early, late and uneven tie on score, quality and lowest judge (7.0): the earlier application goes first.
    assert order == [early, late, uneven, design_led]


def test_lowest_judge_breaks_a_tie_on_the_heavier_criterion(fair, judges, panel):
    steady, swinging = make_exhibitor(fair), make_exhibitor(fair)
    give(judges[0], panel, swinging, 10, 10)
    give(judges[1], panel, swinging, 4, 4)  # mean 7, quality mean 7, lowest 4
    give(judges[0], panel, steady, 7, 7)
    give(judges[1], panel, steady, 7, 7)  # mean 7, quality mean 7, lowest 7
    assert [row.application for row in services.standings(panel)] == [steady, swinging]


def test_finalise_gives_medals_freezes_and_is_logged(client, fair, judges, panel, organiser):
    exhibitors = [make_exhibitor(fair) for _ in range(5)]
    for points, exhibitor in zip((9, 8, 7, 6, 5), exhibitors, strict=True):
        give(judges[0], panel, exhibitor, points, points)
    services.finalise(panel, by=organiser, special=[exhibitors[4].pk])
    awards = {a.application: a.medal for a in Award.objects.filter(category=panel)}
    assert awards == {
        exhibitors[0]: "gold",
        exhibitors[1]: "silver",
        exhibitors[2]: "bronze",
        exhibitors[4]: "special",
    }
    entry = Entry.objects.get(action="results_finalised")
    assert entry.actor == organiser and entry.target_id == str(panel.pk)
    with pytest.raises(services.FairError, match="already final"):
        services.finalise(panel, by=organiser)
    html = client.get(fair.url).content.decode()
    assert "Gold medal" in html or "স্বর্ণপদক" in html or exhibitors[0].business_name in html


def test_reopen_needs_a_reason_withdraws_medals_and_is_logged(fair, judges, panel, organiser):
    exhibitor = make_exhibitor(fair)
    give(judges[0], panel, exhibitor, 8, 8)
    services.finalise(panel, by=organiser)
    with pytest.raises(services.FairError, match="why"):
        services.reopen(panel, by=organiser, reason=" ")
    services.reopen(panel, by=organiser, reason="একজন বিচারকের নম্বর বাদ পড়েছিল")
    panel.refresh_from_db()
    assert not panel.is_finalised and not Award.objects.exists()
    entry = Entry.objects.get(action="results_reopened")
    assert entry.note.startswith("একজন") and entry.before["awards"][0]["medal"] == "gold"


def test_finalise_and_reopen_through_the_page(client, fair, judges, panel, organiser):
    exhibitor = make_exhibitor(fair)
    give(judges[0], panel, exhibitor, 8, 8)
    client.force_login(organiser)
    client.post(reverse("fairs:finalise", args=[panel.pk]))
    assert Award.objects.filter(category=panel, medal="gold").exists()
    page = client.get(fair.url).content.decode()
    assert exhibitor.business_name in page and 'data-testid="results"' in page
    client.post(reverse("fairs:reopen", args=[panel.pk]), {"reason": ""})
    assert Award.objects.exists()  # no reason, no reopening
    client.post(reverse("fairs:reopen", args=[panel.pk]), {"reason": "ভুল"})
    assert not Award.objects.exists()


def test_nothing_to_finalise_without_scores(panel, organiser):
    with pytest.raises(services.FairError, match="No exhibitor"):
        services.finalise(panel, by=organiser)
