"""Every number of the organiser dashboard, by aggregate queries: how many queries a page makes
does not depend on how many learners there are (tests/impact/test_dashboard.py counts them).

Enrolment figures are counted by the date a person got their place (enrolled_at) in the
period: "enrolments" are places taken, "completions" those of them completed, so a rate is
completions of the same people. Learners are people with at least one such enrolment. The
person's own district, gender and birth year give the person breakdowns; the course gives the
trade, the batch the delivery mode.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from certificates.models import Certificate, Kind
from courses.models import Batch, Enrolment, Trade
from events.fairs.models import Application, Award, FairPage
from events.models import Attendance, ClassSession
from events.trainers.services import hours as trainer_hours
from lms.lib.bangla import localise_digits
from lms.people.models import District, Division, User

# Places taken: waitlisted people never had one.
PLACED = [Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.WITHDRAWN]
ATTENDING = [Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED]

AGE_BANDS = [  # (key, label, youngest, oldest)
    ("under_18", gettext_lazy("Under 18"), 0, 17),
    ("18_24", gettext_lazy("18–24"), 18, 24),
    ("25_34", gettext_lazy("25–34"), 25, 34),
    ("35_44", gettext_lazy("35–44"), 35, 44),
    ("45_plus", gettext_lazy("45 and over"), 45, 200),
]
UNKNOWN = "unknown"

DIMENSIONS = {  # key → label; the order the dashboard shows them in
    "division": gettext_lazy("Division"),
    "district": gettext_lazy("District"),
    "gender": gettext_lazy("Gender"),
    "age": gettext_lazy("Age"),
    "trade": gettext_lazy("Trade"),
    "delivery": gettext_lazy("How it was held"),
    "month": gettext_lazy("Month"),
}
# Dimensions of the person: a learner falls in exactly one group, so learners add up to the total.
PERSON_DIMENSIONS = {"division", "district", "gender", "age"}


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date  # inclusive, Dhaka dates
    division_id: int | None = None
    district_id: int | None = None
    trade_id: int | None = None
    gender: str | None = None
    delivery: str | None = None

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=timezone.get_default_timezone())

    @property
    def end_before(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_default_timezone())

    def as_dict(self) -> dict:
        """For the audit log and export names: plain, JSON-serialisable, only what is set."""
        values = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "division": self.division_id,
            "district": self.district_id,
            "trade": self.trade_id,
            "gender": self.gender,
            "delivery": self.delivery,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}

    def person_q(self, prefix: str) -> Q:
        """The person filters on a query whose person is reached by prefix ("user__", "recipient__")."""
        q = Q()
        if self.district_id:
            q &= Q(**{f"{prefix}district_id": self.district_id})
        elif self.division_id:
            q &= Q(**{f"{prefix}district__division_id": self.division_id})
        if self.gender is not None:
            q &= Q(**{f"{prefix}gender": self.gender})
        return q

    def course_q(self, prefix: str) -> Q:
        """The trade and delivery filters, the batch reached by prefix ("batch__", "session__batch__")."""
        q = Q()
        if self.trade_id:
            q &= Q(**{f"{prefix}course__facts__trade_id": self.trade_id})
        if self.delivery:
            q &= Q(**{f"{prefix}delivery": self.delivery})
        return q


def enrolments(filters: Filters) -> QuerySet[Enrolment]:
    """The enrolments the dashboard counts (and the enrolments export lists)."""
    return Enrolment.objects.filter(
        filters.person_q("user__"),
        filters.course_q("batch__"),
        status__in=PLACED,
        enrolled_at__gte=filters.start_at,
        enrolled_at__lt=filters.end_before,
    )


def _age_band(year: int) -> Case:
    whens = [
        When(user__birth_year__gte=year - oldest, user__birth_year__lte=year - youngest, then=Value(key))
        for key, _label, youngest, oldest in AGE_BANDS
    ]
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def _group_expression(dimension: str, filters: Filters):
    return {
        "division": F("user__district__division_id"),
        "district": F("user__district_id"),
        "gender": F("user__gender"),
        "age": _age_band(filters.end.year),
        "trade": F("batch__course__facts__trade_id"),
        "delivery": F("batch__delivery"),
        "month": TruncMonth("enrolled_at", tzinfo=timezone.get_default_timezone()),
    }[dimension]


def _counts() -> dict:
    return {
        "enrolments": Count("pk"),
        "learners": Count("user_id", distinct=True),
        "completions": Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
    }


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass
class Row:
    key: object
    label: str
    enrolments: int = 0
    learners: int = 0
    completions: int = 0

    @property
    def completion_rate(self) -> Decimal | None:
        return rate(self.completions, self.enrolments)


@dataclass
class Breakdown:
    dimension: str
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def adds_up(self) -> bool:
        return self.dimension in PERSON_DIMENSIONS


class Labels:
    """Names for ids, loaded once per page (three small reference tables)."""

    def __init__(self) -> None:
        self.divisions = {d.pk: str(d) for d in Division.objects.all()}
        self.districts = {d.pk: d for d in District.objects.all()}
        self.trades = {t.pk: str(t) for t in Trade.objects.all()}

    def of(self, dimension: str, key) -> str:
        if key is None or key == UNKNOWN or (dimension == "gender" and key == ""):
            return str(_("Not given"))
        if dimension == "division":
            return self.divisions.get(key, "?")
        if dimension == "district":
            return str(self.districts[key]) if key in self.districts else "?"
        if dimension == "trade":
            return self.trades.get(key, "?")
        if dimension == "gender":
            return str(dict(User.Gender.choices).get(key, key))
        if dimension == "age":
            return str(next((label for k, label, *_r in AGE_BANDS if k == key), key))
        if dimension == "delivery":
            return str(dict(Batch.Delivery.choices).get(key, key))
        if dimension == "month":
            month = date_format(timezone.localtime(key) if isinstance(key, dt.datetime) else key, "F Y")
            return localise_digits(month, get_language())
        return str(key)


def _sort_key(dimension: str):
    order = [k for k, *_r in AGE_BANDS] + [UNKNOWN]
    if dimension == "month":
        return lambda row: row.key
    if dimension == "age":
        return lambda row: order.index(row.key) if row.key in order else len(order)
    return lambda row: (-row.enrolments, row.label)


def breakdown(dimension: str, filters: Filters, labels: Labels) -> Breakdown:
    """One query: enrolments, learners and completions grouped by one dimension."""
    grouped = (
        enrolments(filters)
        .annotate(group=_group_expression(dimension, filters))
        .order_by()
        .values("group")
        .annotate(**_counts())
    )
    rows = [
        Row(
            item["group"],
            labels.of(dimension, item["group"]),
            item["enrolments"],
            item["learners"],
            item["completions"],
        )
        for item in grouped
    ]
    rows.sort(key=_sort_key(dimension))
    return Breakdown(dimension, str(DIMENSIONS[dimension]), rows)


@dataclass
class AttendanceRate:
    expected: int
    present: int

    @property
    def rate(self) -> Decimal | None:
        return rate(self.present, self.expected)


def held_sessions(filters: Filters, now: dt.datetime) -> QuerySet[ClassSession]:
    """Classes in the period that took place: not cancelled, already begun."""
    return ClassSession.objects.filter(
        filters.course_q("batch__"),
        status=ClassSession.Status.SCHEDULED,
        starts_at__gte=filters.start_at,
        starts_at__lt=min(filters.end_before, now),
    )


def attendance(filters: Filters, now: dt.datetime) -> AttendanceRate:
    """Present learner-classes out of expected ones: every learner holding a place in a batch
    is expected at each of its classes held in the period (three queries, whatever the size)."""
    sessions = held_sessions(filters, now)
    per_batch = dict(sessions.order_by().values("batch_id").annotate(n=Count("pk")).values_list("batch_id", "n"))
    places = (
        Enrolment.objects.filter(
            filters.person_q("user__"), status__in=ATTENDING, batch_id__in=sessions.values("batch_id")
        )
        .order_by()
        .values("batch_id")
        .annotate(n=Count("pk"))
        .values_list("batch_id", "n")
    )
    expected = sum(per_batch.get(batch_id, 0) * n for batch_id, n in places)
    present = Attendance.objects.filter(filters.person_q("user__"), session__in=sessions, present=True).count()
    # Someone who withdrew later attended classes but holds no place now: never above 100 %.
    return AttendanceRate(expected=expected, present=min(present, expected))


def certificates(filters: Filters) -> QuerySet[Certificate]:
    """Course and workshop certificates issued in the period (valid ones: a re-issue counts once)."""
    issued = Certificate.objects.filter(
        filters.person_q("recipient__"),
        kind__in=[Kind.COURSE, Kind.WORKSHOP],
        status=Certificate.Status.VALID,
        issued_on__gte=filters.start,
        issued_on__lte=filters.end,
    )
    if filters.trade_id or filters.delivery:
        # The certificate names its enrolment only in source_key ("enrolment:42").
        keys = (
            Enrolment.objects.filter(filters.course_q("batch__"))
            .annotate(key=Concat(Value("enrolment:"), Cast("pk", CharField()), output_field=CharField()))
            .values("key")
        )
        issued = issued.filter(source_key__in=keys)
    return issued


def certificates_by_month(filters: Filters, labels: Labels) -> list[Row]:
    grouped = (
        certificates(filters)
        .annotate(month=TruncMonth("issued_on"))
        .order_by("month")
        .values("month")
        .annotate(n=Count("pk"))
    )
    return [Row(item["month"], labels.of("month", item["month"]), enrolments=item["n"]) for item in grouped]


def workshops_held(filters: Filters, now: dt.datetime) -> int:
    """In-person batches with at least one class held in the period, where they were held."""
    batches = Batch.objects.filter(delivery=Batch.Delivery.IN_PERSON).filter(
        Exists(held_sessions(filters, now).filter(batch=OuterRef("pk")))
    )
    if filters.district_id:
        batches = batches.filter(district_id=filters.district_id)
    elif filters.division_id:
        batches = batches.filter(district__division_id=filters.division_id)
    if filters.trade_id:
        batches = batches.filter(course__facts__trade_id=filters.trade_id)
    return batches.count()


@dataclass
class Volunteers:
    trainers: int
    hours: Decimal
    rows: list = field(default_factory=list)


def volunteers(filters: Filters, now: dt.datetime) -> Volunteers:
    """Volunteer trainers who gave time in the period and their hours (trainers' own rules:
    classes taught plus approved other work). Not narrowed by the learner filters."""
    rows = [row for row in trainer_hours.totals(filters.start, filters.end, now) if row.total]
    return Volunteers(trainers=len(rows), hours=sum((row.total for row in rows), Decimal("0")), rows=rows)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int


def fairs(filters: Filters) -> list[Figure]:
    """Fairs held in the period where they were held, the exhibitors approved and the medals
    given there (trade and gender narrow the exhibitors and medals).

    Read here like the other apps' tables: impact sits above every app (README, Layout), and no
    app lower down has figures to push, so neither a registry nor a signal is needed."""
    held = FairPage.objects.live().filter(
        locale__language_code=settings.LANGUAGE_CODE, starts_on__gte=filters.start, starts_on__lte=filters.end
    )
    if filters.district_id:
        held = held.filter(district_id=filters.district_id)
    elif filters.division_id:
        held = held.filter(district__division_id=filters.division_id)
    exhibitors = Application.objects.filter(fair__in=held.values("pk"), status=Application.Status.APPROVED)
    awards = Award.objects.filter(category__fair__in=held.values("pk"))
    if filters.trade_id:
        exhibitors = exhibitors.filter(trade_id=filters.trade_id)
        awards = awards.filter(application__trade_id=filters.trade_id)
    if filters.gender:
        exhibitors = exhibitors.filter(applicant__gender=filters.gender)
        awards = awards.filter(application__applicant__gender=filters.gender)
    return [
        Figure("fairs", _("Fairs held"), held.count()),
        Figure("exhibitors", _("Exhibitors approved"), exhibitors.count()),
        Figure("awards", _("Medals awarded"), awards.count()),
    ]


@dataclass
class Dashboard:
    filters: Filters
    computed_at: dt.datetime
    learners: int
    enrolments: int
    completions: int
    attendance: AttendanceRate
    certificates: int
    workshops: int
    volunteers: Volunteers
    extra: list[Figure]  # shown after the figures above, in their order (today the fairs')
    breakdowns: list[Breakdown]
    certificates_by_month: list[Row]

    @property
    def completion_rate(self) -> Decimal | None:
        return rate(self.completions, self.enrolments)


def _divisions(districts: Breakdown, labels: Labels) -> Breakdown:
    """Divisions rolled up from districts: everyone lives in one district, so even learners add
    up (one grouped query fewer over half a million enrolments)."""
    rows: dict = {}
    for row in districts.rows:
        district = labels.districts.get(row.key)
        key = district.division_id if district else None
        total = rows.setdefault(key, Row(key, labels.of("division", key)))
        total.enrolments += row.enrolments
        total.learners += row.learners
        total.completions += row.completions
    ordered = sorted(rows.values(), key=_sort_key("division"))
    return Breakdown("division", str(DIMENSIONS["division"]), ordered)


def dashboard(filters: Filters, now: dt.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    labels = Labels()
    found = {dimension: breakdown(dimension, filters, labels) for dimension in DIMENSIONS if dimension != "division"}
    found["division"] = _divisions(found["district"], labels)
    # The totals are the district rows added up: a person is in exactly one district (or none).
    districts = found["district"].rows
    by_month = certificates_by_month(filters, labels)
    return Dashboard(
        filters=filters,
        computed_at=now,
        learners=sum(row.learners for row in districts),
        enrolments=sum(row.enrolments for row in districts),
        completions=sum(row.completions for row in districts),
        attendance=attendance(filters, now),
        certificates=sum(row.enrolments for row in by_month),
        workshops=workshops_held(filters, now),
        volunteers=volunteers(filters, now),
        extra=fairs(filters),
        breakdowns=[found[dimension] for dimension in DIMENSIONS],
        certificates_by_month=by_month,
    )


CACHE_SECONDS = 300
# How long others wait for a computation already running before computing themselves.
COMPUTE_SECONDS = 30


def dashboard_key(filters: Filters) -> str:
    """The cache key of these filters' figures (and, with a suffix, of the page they make)."""
    digest = hashlib.sha256(json.dumps([filters.as_dict(), get_language()], sort_keys=True).encode()).hexdigest()
    return "impact:dashboard:" + digest


def cached_dashboard(filters: Filters, now: dt.datetime | None = None) -> Dashboard:
    """The dashboard for these filters, computed at most every five minutes per language: over
    the national dataset it takes seconds, and a report needs no fresher figures."""
    key = dashboard_key(filters)
    found = cache.get(key)
    if found is not None:
        return found
    # One computation at a time per key: when several organisers (or a page reloaded in a
    # hurry) ask at once, the others wait for it instead of each running the seconds-long
    # queries side by side.
    if not cache.add(key + ":computing", 1, COMPUTE_SECONDS):
        deadline = time.monotonic() + COMPUTE_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if (found := cache.get(key)) is not None:
                return found
    try:
        found = dashboard(filters, now)
        cache.set(key, found, CACHE_SECONDS)
    finally:
        cache.delete(key + ":computing")
    return found


def by_district(filters: Filters, figure: str) -> dict[int, int]:
    """{district id: figure} for the map (learners, enrolments or completions), one query."""
    grouped = enrolments(filters).order_by().values("user__district_id").annotate(**_counts())
    return {item["user__district_id"]: item[figure] for item in grouped if item["user__district_id"]}
