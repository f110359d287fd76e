"""A judge scores the exhibitors of her categories once, within the scale, never one she is linked to."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from events.fairs import services
from events.fairs.models import Score
from lms.people.roles import JUDGE
from tests.events.fairs.conftest import marks
from tests.factories import UserFactory, make_category, make_exhibitor


def score(judge, category, exhibitor, *values, client_id=None):
    return services.record_score(
        judge, category, exhibitor.pk, marks(category, *values), client_id=client_id or uuid.uuid4()
    )


def test_weighted_score_is_stored(judge, category, fair):
    exhibitor = make_exhibitor(fair)
    stored, created = score(judge, category, exhibitor, 8, 5)
    assert created
    assert stored.weighted == Decimal("6.800")  # (3×8 + 2×5) / 5


def test_a_mark_outside_the_scale_is_refused_and_nothing_stored(judge, category, fair):
    exhibitor = make_exhibitor(fair)
    with pytest.raises(services.FairError, match="between 0 and 10"):
        score(judge, category, exhibitor, 11, 5)
    with pytest.raises(services.FairError, match="between 0 and 10"):
        score(judge, category, exhibitor, -1, 5)
    with pytest.raises(services.FairError, match="Give a mark"):
        services.record_score(judge, category, exhibitor.pk, {}, client_id=uuid.uuid4())
    assert not Score.objects.exists()


def test_judge_cannot_score_an_exhibitor_she_declared_a_link_with(judge, category, fair):
    exhibitor = make_exhibitor(fair)
    services.declare_conflict(judge, exhibitor, "my cousin")
    with pytest.raises(services.FairError, match="declared a link"):
        score(judge, category, exhibitor, 9, 9)
    assert not Score.objects.exists()


def test_judge_cannot_score_twice(judge, category, fair):
    exhibitor = make_exhibitor(fair)
    score(judge, category, exhibitor, 7, 7)
    with pytest.raises(services.FairError, match="already scored"):
        score(judge, category, exhibitor, 10, 10)
    assert Score.objects.get().weighted == 7


def test_the_database_refuses_a_second_score_too(judge, category, fair):
    from django.db import IntegrityError, transaction

    exhibitor = make_exhibitor(fair)
    first, _ = score(judge, category, exhibitor, 7, 7)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(
            client_id=uuid.uuid4(), category=category, judge=judge, application=exhibitor, marks={}, weighted=1
        )


def test_judge_of_another_category_cannot_score_in_this_one(judge, category, fair):
    other_judge = UserFactory(roles=[JUDGE])
    make_category(fair, name_bn="সেরা বাটিক", name_en="Best batik", judges=[other_judge])
    exhibitor = make_exhibitor(fair)
    with pytest.raises(services.FairError, match="not a judge"):
        score(other_judge, category, exhibitor, 5, 5)
    assert not Score.objects.exists()


def test_only_exhibitors_of_the_categorys_trade_compete(judge, fair):
    batik = make_category(
        fair, judges=[judge], trade=__import__("courses.models").models.Trade.objects.get(slug="batik")
    )
    kantha_maker = make_exhibitor(fair, trade="nakshi-kantha")
    with pytest.raises(services.FairError, match="does not compete"):
        score(judge, batik, kantha_maker, 5, 5)


def test_no_scores_after_results_are_final(judge, organiser, category, fair):
    first, second = make_exhibitor(fair), make_exhibitor(fair)
    score(judge, category, first, 5, 5)
    services.finalise(category, by=organiser)
    with pytest.raises(services.FairError, match="final"):
        score(judge, category, second, 5, 5)


# --- offline sync --------------------------------------------------------------------------------


def sync(client, items):
    return client.post(reverse("fairs:sync"), json.dumps({"scores": items}), content_type="application/json")


def test_offline_scores_are_stored_exactly_once(client, judge, category, fair):
    exhibitor = make_exhibitor(fair)
    client.force_login(judge)
    item = {
        "id": str(uuid.uuid4()),
        "category": category.pk,
        "exhibitor": exhibitor.pk,
        "marks": marks(category, 9, 6),
        "at": "2026-03-01T10:00:00Z",
    }
    first = sync(client, [item]).json()["results"]
    again = sync(client, [item, item]).json()["results"]  # the answer was lost; the phone sends again
    assert first == [{"id": item["id"], "status": "saved", "message": ""}]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    stored = Score.objects.get()
    assert stored.weighted == Decimal("7.800")
    assert stored.scored_at.isoformat().startswith("2026-03-01T10:00")


def test_offline_score_out_of_scale_is_refused_with_its_reason(client, judge, category, fair):
    exhibitor = make_exhibitor(fair)
    client.force_login(judge)
    item = {
        "id": str(uuid.uuid4()),
        "category": category.pk,
        "exhibitor": exhibitor.pk,
        "marks": marks(category, 99, 1),
    }
    [result] = sync(client, [item]).json()["results"]
    assert result["status"] == "refused" and "0" in result["message"]
    assert not Score.objects.exists()


def test_offline_score_for_another_judges_category_is_refused(client, fair, category):
    other_judge = UserFactory(roles=[JUDGE])
    exhibitor = make_exhibitor(fair)
    client.force_login(other_judge)
    item = {"id": str(uuid.uuid4()), "category": category.pk, "exhibitor": exhibitor.pk, "marks": marks(category, 5, 5)}
    [result] = sync(client, [item]).json()["results"]
    assert result["status"] == "refused"
    assert not Score.objects.exists()


def test_sync_answers_json_when_signed_out_or_not_a_judge(client, learner):
    assert sync(client, []).status_code == 401
    client.force_login(learner)
    assert sync(client, []).status_code == 403
    assert "error" in sync(client, []).json()


def test_unreadable_sync_is_refused(client, judge):
    client.force_login(judge)
    response = client.post(reverse("fairs:sync"), b"not json", content_type="application/json")
    assert response.status_code == 400


# --- the scoring page ----------------------------------------------------------------------------


def test_score_sheet_form_without_javascript(client, judge, category, fair):
    exhibitor = make_exhibitor(fair)
    client.force_login(judge)
    page = client.get(reverse("fairs:score_sheet", args=[category.pk]))
    assert page.status_code == 200
    assert 'src="/static/js/fair-scores.js"' in page.content.decode()
    criteria = list(category.criteria.all())
    data = {
        "exhibitor": exhibitor.pk,
        "client_id": str(uuid.uuid4()),
        f"c_{criteria[0].pk}": 4,
        f"c_{criteria[1].pk}": 9,
    }
    assert client.post(reverse("fairs:score", args=[category.pk]), data).status_code == 302
    client.post(reverse("fairs:score", args=[category.pk]), data)  # a double tap
    assert Score.objects.get().weighted == Decimal("6.000")
    out_of_scale = {**data, "client_id": str(uuid.uuid4()), f"c_{criteria[0].pk}": 12}
    response = client.post(reverse("fairs:score", args=[category.pk]), out_of_scale, follow=True)
    assert "0" in response.content.decode() and Score.objects.count() == 1


def test_judge_declares_a_link_from_the_sheet(client, judge, category, fair):
    exhibitor = make_exhibitor(fair)
    client.force_login(judge)
    client.post(reverse("fairs:conflict", args=[category.pk]), {"exhibitor": exhibitor.pk})
    page = client.get(reverse("fairs:score_sheet", args=[category.pk])).content.decode()
    assert "data-score-form" not in page


def test_organiser_sees_who_has_scored_what(client, judge, organiser, category, fair):
    first, second = make_exhibitor(fair), make_exhibitor(fair)
    score(judge, category, first, 5, 5)
    services.declare_conflict(judge, second)
    [progress] = services.progress(fair)
    assert (progress.entrants, progress.scored, progress.expected) == (2, 1, 1)
    client.force_login(organiser)
    html = client.get(reverse("fairs:judging", args=[fair.pk])).content.decode()
    assert judge.full_name in html
