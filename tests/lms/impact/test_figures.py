"""The dashboard's figures on the small known world (tests/impact/conftest.py), worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from courses.models import Batch, Trade
from events.trainers.models import HoursEntry
from lms.impact import figures
from lms.impact.figures import DIMENSIONS, PERSON_DIMENSIONS, Labels
from lms.people.models import District, Division
from tests.factories import UserFactory
from tests.lms.impact.conftest import YEAR_2025, at

NOW = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def test_totals_of_the_known_world(world):
    data = figures.dashboard(YEAR_2025, NOW)
    # Five places taken in 2025 (the waitlisted one and the one of December 2024 do not count).
    assert (data.learners, data.enrolments, data.completions) == (4, 5, 2)
    assert data.completion_rate == Decimal("40.0")
    assert data.certificates == 2
    assert data.workshops == 1  # the in-person f-commerce batch


def test_attendance_is_classes_attended_out_of_classes_held_for_everyone_holding_a_place(world):
    rate = figures.attendance(YEAR_2025, NOW)
    # batik: Rabeya, the unnamed learner and Rafiq (who enrolled in 2024) hold places, 4 classes
    # each; f-commerce: Rabeya and Rafiq, 2 classes each. Nasrin withdrew.
    assert rate.expected == 3 * 4 + 2 * 2
    # Rabeya 4, the unnamed learner 1 (the absent row does not count), Rafiq 2.
    assert rate.present == 7
    assert rate.rate == Decimal("43.8")


def test_classes_not_yet_held_are_not_expected(world):
    before_second_class = timezone.localtime(world.batik.sessions.get(sequence=2).starts_at)
    rate = figures.attendance(YEAR_2025, before_second_class)
    assert rate.expected == 3 * 1  # only the first batik class has begun


def test_breakdowns_add_up_to_the_totals(world):
    data = figures.dashboard(YEAR_2025, NOW)
    for breakdown in data.breakdowns:
        assert sum(row.enrolments for row in breakdown.rows) == data.enrolments, breakdown.dimension
        assert sum(row.completions for row in breakdown.rows) == data.completions, breakdown.dimension
        if breakdown.dimension in PERSON_DIMENSIONS:
            assert sum(row.learners for row in breakdown.rows) == data.learners, breakdown.dimension
    assert [b.dimension for b in data.breakdowns] == list(DIMENSIONS)


def test_breakdowns_by_trade_division_age_and_month(world):
    labels = Labels()
    by_trade = {
        row.key: (row.enrolments, row.completions) for row in figures.breakdown("trade", YEAR_2025, labels).rows
    }
    batik, fcommerce = Trade.objects.get(slug="batik").pk, Trade.objects.get(slug="f-commerce").pk
    assert by_trade == {batik: (3, 1), fcommerce: (2, 1)}
    by_division = {row.key: row.learners for row in figures.breakdown("division", YEAR_2025, labels).rows}
    khulna, dhaka = Division.objects.get(name_en="Khulna").pk, Division.objects.get(name_en="Dhaka").pk
    assert by_division == {khulna: 2, dhaka: 1, None: 1}
    by_age = {row.key: row.enrolments for row in figures.breakdown("age", YEAR_2025, labels).rows}
    assert by_age == {"25_34": 2, "18_24": 1, "45_plus": 1, "unknown": 1}
    months = [(row.key.month, row.enrolments) for row in figures.breakdown("month", YEAR_2025, labels).rows]
    assert months == [(3, 2), (4, 1), (5, 1), (6, 1)]
    by_delivery = {row.key: row.enrolments for row in figures.breakdown("delivery", YEAR_2025, labels).rows}
    assert by_delivery == {Batch.Delivery.ZOOM: 3, Batch.Delivery.IN_PERSON: 2}


def test_filters_narrow_every_figure(world):
    batik_only = dataclasses.replace(YEAR_2025, trade_id=Trade.objects.get(slug="batik").pk)
    data = figures.dashboard(batik_only, NOW)
    assert (data.learners, data.enrolments, data.completions, data.certificates, data.workshops) == (3, 3, 1, 1, 0)
    khulna = dataclasses.replace(YEAR_2025, division_id=Division.objects.get(name_en="Khulna").pk)
    data = figures.dashboard(khulna, NOW)
    assert (data.learners, data.enrolments, data.completions, data.certificates, data.workshops) == (2, 3, 1, 1, 1)
    women = dataclasses.replace(YEAR_2025, gender="female")
    assert figures.dashboard(women, NOW).learners == 2
    unsaid = dataclasses.replace(YEAR_2025, gender="")
    assert figures.dashboard(unsaid, NOW).learners == 1
    dhaka = dataclasses.replace(YEAR_2025, district_id=District.objects.get(name_en="Dhaka").pk)
    assert figures.by_district(dhaka, "completions") == {District.objects.get(name_en="Dhaka").pk: 1}


def test_the_period_decides_what_counts(world):
    march = dataclasses.replace(YEAR_2025, start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
    data = figures.dashboard(march, NOW)
    assert (data.enrolments, data.completions, data.certificates) == (2, 1, 0)
    december_2024 = dataclasses.replace(YEAR_2025, start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31))
    data = figures.dashboard(december_2024, NOW)
    assert (data.learners, data.enrolments, data.certificates) == (1, 1, 1)


def test_volunteer_hours_come_from_the_trainers_app(world, trainer, organiser):
    HoursEntry.objects.create(
        trainer=trainer, date=dt.date(2025, 5, 1), hours=Decimal("3.0"), status=HoursEntry.Status.APPROVED
    )
    HoursEntry.objects.create(trainer=trainer, date=dt.date(2025, 5, 2), hours=Decimal("2.0"))  # not approved
    volunteers = figures.volunteers(YEAR_2025, NOW)
    assert (volunteers.trainers, volunteers.hours) == (1, Decimal("3.0"))


def test_the_fairs_held_in_the_period_their_exhibitors_and_medals(world):
    from events.fairs.models import Award, Medal
    from tests.factories import make_category, make_exhibitor, make_fair

    def on(day: dt.date) -> dict:
        return {"starts_on": day, "ends_on": day + dt.timedelta(days=2), "application_deadline": at(day.year, 1, 1)}

    held = make_fair(**on(dt.date(2025, 6, 1)))
    make_fair("পরের বছরের মেলা", **on(dt.date(2026, 2, 1)))  # after the period
    woman = make_exhibitor(held, UserFactory(gender="female"))
    make_exhibitor(held, UserFactory(gender="male"))
    Award.objects.create(category=make_category(held), application=woman, medal=Medal.GOLD, rank=1, score=9)

    def counted(filters) -> dict[str, int]:
        return {figure.key: figure.value for figure in figures.fairs(filters)}

    # The dashboard shows them after its own figures.
    assert {f.key: f.value for f in figures.dashboard(YEAR_2025, NOW).extra} == counted(YEAR_2025)
    assert counted(YEAR_2025) == {"fairs": 1, "exhibitors": 2, "awards": 1}
    assert counted(dataclasses.replace(YEAR_2025, gender="male")) == {"fairs": 1, "exhibitors": 1, "awards": 0}
    elsewhere = District.objects.exclude(pk=held.district_id).first()
    assert set(counted(dataclasses.replace(YEAR_2025, district_id=elsewhere.pk)).values()) == {0}
