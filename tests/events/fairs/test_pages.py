"""Fair pages and list pages: who sees what, and a fixed number of queries however big the fair."""

from __future__ import annotations

import itertools
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.fairs import services
from lms.people.roles import JUDGE
from tests.events.fairs.conftest import marks
from tests.factories import UserFactory, fair_index, make_category, make_exhibitor, make_fair

_stalls = itertools.count(1)


def _crowd(fair, category, judge, n: int):
    for number in range(n):
        exhibitor = make_exhibitor(fair, stall=f"A-{next(_stalls)}")
        services.record_score(judge, category, exhibitor.pk, marks(category, 5 + number % 3, 6), client_id=uuid.uuid4())


def _baseline(client, url) -> int:
    client.get(url)  # the first request warms per-process memos (site settings, locales)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def _count(django_assert_num_queries, client, url, n: int):
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_fair_page_queries_do_not_grow_with_exhibitors(
    client, fair, category, judge, organiser, django_assert_num_queries
):
    _crowd(fair, category, judge, 2)
    services.finalise(category, by=organiser)
    client.force_login(organiser)  # signed in: never the visitors' page cache
    baseline = _baseline(client, fair.url)
    _crowd(fair, make_category(fair, judges=[judge]), judge, 0)
    for _ in range(4):
        make_exhibitor(fair)
    _count(django_assert_num_queries, client, fair.url, baseline)


def test_manage_page_queries_do_not_grow_with_applications(client, fair, organiser, django_assert_num_queries):
    for _ in range(2):
        make_exhibitor(fair)
    client.force_login(organiser)
    url = reverse("fairs:manage", args=[fair.pk])
    baseline = _baseline(client, url)
    for _ in range(5):
        make_exhibitor(fair)
    _count(django_assert_num_queries, client, url, baseline)


def test_judging_page_queries_do_not_grow_with_scores(
    client, fair, category, judge, organiser, django_assert_num_queries
):
    _crowd(fair, category, judge, 2)
    client.force_login(organiser)
    url = reverse("fairs:judging", args=[fair.pk])
    baseline = _baseline(client, url)
    _crowd(fair, category, judge, 5)
    _count(django_assert_num_queries, client, url, baseline)


def test_score_sheet_queries_do_not_grow_with_exhibitors(client, fair, category, judge, django_assert_num_queries):
    _crowd(fair, category, judge, 1)
    make_exhibitor(fair)
    client.force_login(judge)
    url = reverse("fairs:score_sheet", args=[category.pk])
    baseline = _baseline(client, url)
    for _ in range(5):
        make_exhibitor(fair)
    _count(django_assert_num_queries, client, url, baseline)


def test_a_judge_sees_only_her_own_categories(client, fair, category, judge):
    other_judge = UserFactory(roles=[JUDGE])
    theirs = make_category(fair, name_bn="সেরা বাটিক", name_en="Best batik", judges=[other_judge])
    client.force_login(judge)
    home = client.get(reverse("fairs:judge_home")).content.decode()
    assert category.name_en in home and theirs.name_en not in home
    assert client.get(reverse("fairs:score_sheet", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("fairs:score_sheet", args=[category.pk])).status_code == 200


def test_fair_index_lists_upcoming_and_past(client, db):
    make_fair("আসন্ন মেলা")
    make_fair("গত মেলা", days_ahead=-30, open_days=-40)
    html = client.get(fair_index().url).content.decode()
    assert html.index("আসন্ন মেলা") < html.index("গত মেলা")


def test_english_fair_page_shows_the_same_facts(client, fair):
    from wagtail.models import Locale

    make_exhibitor(fair, business="Rina Crafts")
    fair_index("en")
    english = fair.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Jashore District Handicrafts Fair"
    english.save_revision().publish()
    html = client.get(english.url).content.decode()
    assert "Rina Crafts" in html and "Apply for a stall" in html
