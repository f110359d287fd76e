"""A small, known world for the impact figures: four learners, two batches in 2025, and
enrolments, attendance and certificates whose totals are worked out by hand in the tests."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.utils import timezone

from certificates.models import Certificate, CertificateTemplate
from courses.models import Batch, Enrolment
from events.models import Attendance
from lms.impact.figures import Filters
from lms.people.models import District
from tests.factories import UserFactory, make_batch, make_course

YEAR_2025 = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
_serials = itertools.count(1)


def at(year: int, month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, 12, 0, tzinfo=timezone.get_default_timezone())


def place(
    user, batch, status=Enrolment.Status.ENROLLED, *, enrolled: dt.datetime, completed: dt.datetime | None = None
):
    return Enrolment.objects.create(
        user=user, batch=batch, status=status, queued_at=enrolled, enrolled_at=enrolled, completed_at=completed
    )


def certify(enrolment: Enrolment, issued_on: dt.date) -> Certificate:
    return Certificate.objects.create(
        serial=f"T-{next(_serials)}",
        kind="course",
        source_key=f"enrolment:{enrolment.pk}",
        template=CertificateTemplate.objects.filter(kind="course").first(),
        recipient=enrolment.user,
        recipient_name=enrolment.user.full_name,
        title="test",
        language="bn",
        issued_on=issued_on,
    )


def attend(user, sessions, present=True):
    for session in sessions:
        Attendance.objects.create(session=session, user=user, present=present)


@dataclass
class World:
    batik: Batch
    fcommerce: Batch
    people: SimpleNamespace
    enrolments: SimpleNamespace


def build_world() -> World:
    jashore = District.objects.get(name_en="Jashore")
    dhaka = District.objects.get(name_en="Dhaka")
    batik = make_batch(
        make_course(trade="batik"), first_date=dt.date(2025, 3, 1), weekdays="6", weeks=4, status=Batch.Status.FINISHED
    )
    fcommerce = make_batch(
        make_course("এফ-কমার্স", trade="f-commerce"),
        first_date=dt.date(2025, 4, 5),
        weekdays="6",
        weeks=2,
        delivery=Batch.Delivery.IN_PERSON,
        district=jashore,
        status=Batch.Status.FINISHED,
    )
    p = SimpleNamespace(
        rabeya=UserFactory(full_name="রাবেয়া", district=jashore, gender="female", birth_year=1995),
        nasrin=UserFactory(full_name="নাসরিন", district=jashore, gender="female", birth_year=2005),
        rafiq=UserFactory(full_name="রফিক", district=dhaka, gender="male", birth_year=1980),
        anon=UserFactory(full_name="নাম নেই", district=None, gender="", birth_year=None),
    )
    e = SimpleNamespace(
        rabeya_batik=place(p.rabeya, batik, Enrolment.Status.COMPLETED, enrolled=at(2025, 3), completed=at(2025, 4)),
        rabeya_fcommerce=place(p.rabeya, fcommerce, enrolled=at(2025, 4)),
        nasrin_batik=place(p.nasrin, batik, Enrolment.Status.WITHDRAWN, enrolled=at(2025, 3)),
        rafiq_fcommerce=place(
            p.rafiq, fcommerce, Enrolment.Status.COMPLETED, enrolled=at(2025, 5), completed=at(2025, 5, 20)
        ),
        anon_batik=place(p.anon, batik, enrolled=at(2025, 6)),
        anon_waiting=place(p.anon, fcommerce, Enrolment.Status.WAITLISTED, enrolled=at(2025, 6)),
        rafiq_before=place(p.rafiq, batik, enrolled=at(2024, 12)),
    )
    batik_sessions = list(batik.sessions.order_by("sequence"))
    fcommerce_sessions = list(fcommerce.sessions.order_by("sequence"))
    attend(p.rabeya, batik_sessions)
    attend(p.anon, batik_sessions[:1])
    attend(p.anon, batik_sessions[1:2], present=False)
    attend(p.rafiq, fcommerce_sessions)
    certify(e.rabeya_batik, dt.date(2025, 4, 1))
    certify(e.rafiq_fcommerce, dt.date(2025, 6, 1))
    certify(e.rafiq_before, dt.date(2024, 12, 30))
    return World(batik, fcommerce, p, e)


def grow(world: World, extra: int) -> None:
    """More learners in the same batches, each with places, attendance and certificates."""
    jashore = District.objects.get(name_en="Jashore")
    dhaka = District.objects.get(name_en="Dhaka")
    batik, fcommerce = world.batik, world.fcommerce
    batik_sessions = list(batik.sessions.order_by("sequence"))
    fcommerce_sessions = list(fcommerce.sessions.order_by("sequence"))
    for n in range(extra):  # more of everything, for the query count
        person = UserFactory(district=dhaka if n % 2 else jashore, gender="female", birth_year=1990 + n)
        status = Enrolment.Status.COMPLETED if n % 2 else Enrolment.Status.ENROLLED
        enrolment = place(
            person, batik if n % 3 else fcommerce, status, enrolled=at(2025, 1 + n % 12), completed=at(2025, 12)
        )
        attend(person, (batik_sessions if n % 3 else fcommerce_sessions)[:2])
        if status == Enrolment.Status.COMPLETED:
            certify(enrolment, dt.date(2025, 12, 15))


@pytest.fixture
def world(db) -> World:
    return build_world()
