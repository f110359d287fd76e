"""The organiser dashboard and map pages: who may see them, what they show, and that their
query count does not grow with the data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Trade
from lms.people.models import Division
from tests.lms.impact.conftest import build_world, grow

YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.mark.parametrize("name", ["impact:dashboard", "impact:map"])
@pytest.mark.parametrize("persona", ["learner", "trainer", "judge"])
def test_only_organisers_see_the_numbers(persona_client, name, persona):
    assert persona_client(persona).get(reverse(name)).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dashboard_shows_the_figures_of_the_period(world, persona_client):
    response = persona_client("organiser").get(reverse("impact:dashboard"), YEAR)
    assert response.status_code == 200
    figures = response.context["data"]
    assert (figures.learners, figures.enrolments, figures.completions) == (4, 5, 2)
    page = response.content.decode()
    assert 'data-testid="enrolments">৫<' in page  # Bangla digits on the Bangla page
    assert "<svg" in page and "<script>" not in page and "onclick" not in page


def test_dashboard_filters_by_division_and_trade(world, persona_client):
    khulna = Division.objects.get(name_en="Khulna").pk
    batik = Trade.objects.get(slug="batik").pk
    query = {**YEAR, "division": khulna, "trade": batik}
    response = persona_client("organiser").get(reverse("impact:dashboard"), query)
    data = response.context["data"]
    assert (data.learners, data.enrolments, data.completions) == (2, 2, 1)


def test_a_district_outside_the_division_is_refused(world, persona_client):
    response = persona_client("organiser").get(
        reverse("impact:dashboard"), {"division": Division.objects.get(name_en="Dhaka").pk, "district": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def _dashboard_queries(client) -> int:
    cache.clear()  # the dashboard is cached for five minutes
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("impact:dashboard"), YEAR).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_data(db, persona_client, django_assert_num_queries):
    client = persona_client("organiser")
    world = build_world()
    client.get(reverse("impact:dashboard"), YEAR)  # the first page of a process also fills memos
    small = _dashboard_queries(client)
    grow(world, 30)
    cache.clear()
    with django_assert_num_queries(small):
        assert client.get(reverse("impact:dashboard"), YEAR).status_code == 200
    cache.clear()  # the page is kept too: its figures are read from a fresh one
    assert client.get(reverse("impact:dashboard"), YEAR).context["data"].enrolments == 5 + 30


def test_the_dashboard_is_computed_once_for_five_minutes(world, persona_client):
    client = persona_client("organiser")
    first = _dashboard_queries(client)
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("impact:dashboard"), YEAR)
    assert len(again) < first - 10


def test_map_shades_the_64_districts_and_lists_them(world, persona_client):
    response = persona_client("organiser").get(reverse("impact:map"), {**YEAR, "figure": "enrolments"})
    assert response.status_code == 200
    page = response.content.decode()
    drawn = page.split('class="impact-map"')[1].split("</svg>")[0]
    assert drawn.count("<path ") == 64
    rows = {region.name: region.value for region in response.context["map"]["regions"]}
    assert len(rows) == 64
    assert sum(rows.values()) == 4  # the learner without a district is on no map
    assert len(response.content) < 120_000, len(response.content)
