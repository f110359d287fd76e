"""Building the dataset from the plans: learners, courses, batches and their classes, enrolments,
attendance, lesson progress and certificates, in that order, in the caller's transaction.

Django from here on; nothing in this module is imported before django.setup().
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tests.bench.dataset.people import BENCH_PASSWORD, DASHBOARD_LEARNER, learner_rows
from tests.bench.dataset.plan import (
    FEATURED_COURSE_PATH,
    SEED,
    BatchPlan,
    EnrolmentPlan,
    Sizes,
    TradeInfo,
    number_serials,
    plan_batches,
    plan_courses,
    plan_enrolments,
    plan_progress,
    trainer_batch,
)
from tests.bench.dataset.write import copy_rows, create_courses, reserve_ids

LEARNER_COLUMNS = (
    "password",
    "full_name",
    "name_en",
    "phone",
    "phone_verified",
    "email",
    "gender",
    "birth_year",
    "district_id",
    "upazila_id",
    "language",
    "is_staff",
    "is_superuser",
    "is_active",
    "date_joined",
    "last_login",
)


class Clock:
    """Seconds per step, for the summary."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(now - self._last, 2)
        self._last = now


def build(sizes: Sizes) -> dict[str, Any]:
    """Write the whole dataset (call inside a transaction). Returns counts and timings."""
    from django.utils import timezone

    from courses.models import Trade
    from lms.people.models import District, User
    from lms.people.roles import GROUP_NAMES, TRAINER

    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    clock = Clock()

    districts = list(District.objects.order_by("id").values_list("id", "name_bn"))
    learner_ids, learners, learner_districts = _write_learners(sizes.learners, rng, districts, now)
    clock.lap("learners")

    trades = {t.slug: TradeInfo(t.slug, t.name_bn, t.name_en) for t in Trade.objects.all()}
    course_plans = plan_courses(list(trades.values()), sizes.courses)
    courses = create_courses(course_plans)
    clock.lap("course_pages")

    trainer_ids = list(
        User.objects.filter(groups__name=GROUP_NAMES[TRAINER]).order_by("phone").values_list("id", flat=True)
    )
    batch_plans = plan_batches(course_plans, sizes.batches, rng, today, districts, trades)
    batch_ids, sessions = _batches(batch_plans, [course.pk for course, _ in courses], trainer_ids, tz)
    clock.lap("batches")

    enrolment_plans = plan_enrolments(batch_plans, [gender for gender, *_ in learners], sizes.enrolments, rng, now, tz)
    enrolment_ids = _write_enrolments(enrolment_plans, learner_ids, batch_ids)
    clock.lap("enrolments")

    attendance_count = copy_rows(
        _model("events.Attendance"),
        ("session_id", "user_id", "present", "minutes", "sources"),
        _attendance(sessions, enrolment_plans, learner_ids, rng, now),
    )
    clock.lap("attendance")

    lessons = [lesson_ids for _, lesson_ids in courses]
    progress_count = _write_progress(enrolment_plans, batch_plans, courses, learner_ids, rng, now)
    clock.lap("progress")

    certificates = _certificates(
        enrolment_plans, enrolment_ids, batch_plans, [course for course, _ in courses], learners, learner_ids, tz
    )
    clock.lap("certificates")

    trainer_class = _trainer_class(batch_plans, enrolment_plans, batch_ids, sessions, trainer_ids, now)
    statuses = Counter(plan.status for plan in enrolment_plans)
    full = {plan.batch for plan in enrolment_plans if plan.status == "waitlisted"}
    mine = [plan for plan in enrolment_plans if plan.learner == 0]
    return {
        "counts": {
            "learners": len(learners),
            "districts": learner_districts,
            "course_pages": len(courses),
            "lesson_pages": sum(len(ids) for ids in lessons),
            "translated_courses": sum(1 for plan in course_plans if plan.translate),
            "batches": len(batch_ids),
            "batches_with_waitlist": len(full),
            "class_sessions": len(sessions),
            "attendance": attendance_count,
            "enrolments": len(enrolment_plans),
            "enrolments_by_status": dict(sorted(statuses.items())),
            "lesson_progress": progress_count,
            "certificates": certificates["count"],
        },
        "dashboard_learner": {"phone": DASHBOARD_LEARNER, "enrolments": sorted(p.status for p in mine)},
        "featured_course": FEATURED_COURSE_PATH,
        "verify_path": certificates["verify_path"],
        "trainer_class": trainer_class,
        "timings_s": clock.timings,
    }


def _write_learners(
    count: int, rng: random.Random, districts: Sequence[tuple[int, str]], now: dt.datetime
) -> tuple[list[int], list[tuple[str, str, str, str]], int]:
    """The learners, all with one password hash (hashing 100,000 passwords would take hours):
    (their ids, (gender, language, full name, English name) of each, how many districts)."""
    from django.contrib.auth.hashers import make_password

    from lms.people.models import Upazila, User

    upazilas: dict[int, list[int]] = {}
    for upazila_id, district_id in Upazila.objects.values_list("id", "district_id"):
        upazilas.setdefault(district_id, []).append(upazila_id)
    places = [(district_id, upazilas.get(district_id, [])) for district_id, _ in districts]
    rows = learner_rows(count, rng, places, make_password(BENCH_PASSWORD), now)
    learner_ids = reserve_ids(User, len(rows))
    copy_rows(
        User,
        ("id", *LEARNER_COLUMNS),
        ((pk, *(row[name] for name in LEARNER_COLUMNS)) for pk, row in zip(learner_ids, rows, strict=True)),
    )
    learners = [(row["gender"], row["language"], row["full_name"], row["name_en"]) for row in rows]
    return learner_ids, learners, len({row["district_id"] for row in rows})


def _write_enrolments(
    plans: Sequence[EnrolmentPlan], learner_ids: Sequence[int], batch_ids: Sequence[int]
) -> list[int]:
    """The enrolments as planned; their ids, in the plans' order."""
    enrolment_ids = reserve_ids(_model("courses.Enrolment"), len(plans))
    copy_rows(
        _model("courses.Enrolment"),
        ("id", "user_id", "batch_id", "status", "queued_at", "enrolled_at", "completed_at", "withdrawn_at", "source"),
        (
            (pk, learner_ids[p.learner], batch_ids[p.batch], p.status, p.queued_at, p.enrolled_at)
            + (p.completed_at, p.withdrawn_at, p.source)
            for pk, p in zip(enrolment_ids, plans, strict=True)
        ),
    )
    return enrolment_ids


def _write_progress(
    enrolments: Sequence[EnrolmentPlan],
    batches: Sequence[BatchPlan],
    courses: Sequence[tuple[Any, list[int]]],
    learner_ids: Sequence[int],
    rng: random.Random,
    now: dt.datetime,
) -> int:
    """The lessons learners have done, as planned; how many rows."""
    lessons = [lesson_ids for _, lesson_ids in courses]
    return copy_rows(
        _model("courses.LessonProgress"),
        ("user_id", "lesson_id", "course_id", "done_at"),
        (
            (learner_ids[p.learner], lessons[p.course][p.lesson], courses[p.course][0].pk, p.done_at)
            for p in plan_progress(enrolments, batches, [len(ids) for ids in lessons], rng, now)
        ),
    )


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _batches(
    plans: Sequence[BatchPlan], course_ids: Sequence[int], trainer_ids: Sequence[int], tz: dt.tzinfo
) -> tuple[list[int], list[dict[str, Any]]]:
    """The batches, their trainers and their classes; (batch ids, the class sessions)."""
    from courses.models import Batch
    from events.models import ClassSession
    from events.services import default_provider

    batches = Batch.objects.bulk_create(
        [
            Batch(
                course_id=course_ids[plan.course],
                name=plan.name,
                capacity=plan.capacity,
                delivery=plan.delivery,
                language=plan.language,
                venue=plan.venue,
                district_id=plan.district,
                weekdays=plan.weekdays,
                start_time=plan.start_time,
                first_date=plan.first_date,
                weeks=plan.weeks,
                enrol_closes=dt.datetime.combine(plan.enrol_closes_date, dt.time(23, 59), tzinfo=tz),
                audience=plan.audience,
                status=plan.status,
            )
            for plan in plans
        ],
        batch_size=1000,
    )
    if trainer_ids:
        copy_rows(
            Batch.trainers.through,
            ("batch_id", "user_id"),
            (
                (batch.pk, trainer_ids[(index + k) % len(trainer_ids)])
                for index, (batch, plan) in enumerate(zip(batches, plans, strict=True))
                for k in range(min(plan.trainers, len(trainer_ids)))
            ),
        )
    # Make the batches' classes the way events.services.generate_sessions would (the admin and
    # the demo call it), without one query per session.
    sessions = []
    for index, batch in enumerate(batches):
        if batch.status in (Batch.Status.DRAFT, Batch.Status.CANCELLED):
            continue
        provider = str(default_provider(batch))
        link = {"link": f"https://zoom.us/j/9{batch.pk:09d}", "facebook": "https://www.facebook.com/udyokta/live"}
        for number, start in enumerate(batch.meeting_starts(), start=1):
            sessions.append(
                {
                    "batch": index,
                    "batch_id": batch.pk,
                    "sequence": number,
                    "starts_at": start,
                    "duration_minutes": batch.duration_minutes,
                    "provider": provider,
                    "link": link.get(provider, ""),
                }
            )
    columns = ("batch_id", "sequence", "starts_at", "duration_minutes", "provider", "link")
    for session, pk in zip(sessions, reserve_ids(ClassSession, len(sessions)), strict=True):
        session["id"] = pk
    copy_rows(ClassSession, ("id", *columns), ((s["id"], *(s[c] for c in columns)) for s in sessions))
    return [batch.pk for batch in batches], sessions


def _attendance(
    sessions: Sequence[dict[str, Any]],
    enrolments: Sequence[EnrolmentPlan],
    learner_ids: Sequence[int],
    rng: random.Random,
    now: dt.datetime,
) -> Iterator[tuple]:
    """What the trainers marked for the classes already held: most people came. A generator:
    more than a million rows at full size."""
    active: dict[int, list[EnrolmentPlan]] = {}
    for plan in enrolments:
        if plan.status in ("enrolled", "completed"):
            active.setdefault(plan.batch, []).append(plan)
    for session in sessions:
        starts, minutes = session["starts_at"], session["duration_minutes"]
        if starts + dt.timedelta(minutes=minutes) >= now:
            continue
        for plan in active.get(session["batch"], ()):
            if plan.enrolled_at and plan.enrolled_at > starts:
                continue
            present = rng.random() < (0.93 if plan.status == "completed" else 0.8)
            attended = rng.randint(minutes // 2, minutes) if present else 0
            yield session["id"], learner_ids[plan.learner], present, attended, "sheet"


def _certificates(
    enrolments: Sequence[EnrolmentPlan],
    enrolment_ids: Sequence[int],
    batches: Sequence[BatchPlan],
    courses: Sequence[Any],
    learners: Sequence[tuple[str, str, str, str]],
    learner_ids: Sequence[int],
    tz: dt.tzinfo,
) -> dict[str, Any]:
    """The certificate of every completed enrolment, as certificates.services would issue it.

    The dashboard learner's first one is issued for real by the service (rendered, signed,
    stored): its verification page is the scenario's. Every other one is a COPY row with its
    own serial, code and facts, pointing at that same PDF file (one file, not 100,000
    renderings: the verification page reads the row, and the PDF link serves the shared file).
    """
    from django.urls import reverse
    from django.utils import translation

    from certificates.models import Certificate

    completed = [(pk, plan) for pk, plan in zip(enrolment_ids, enrolments, strict=True) if plan.status == "completed"]
    if not completed:
        return {"count": 0, "verify_path": None}
    issuing = _Issuing.of(courses, learners)
    first_pk, first = next((pk, plan) for pk, plan in completed if plan.learner == 0)
    shown = _issue_shown(first_pk, first, issuing)

    # The rest, in the order they were issued, numbered after the serials already used.
    rest = sorted(
        ((plan.completed_at, pk, plan) for pk, plan in completed if pk != first_pk), key=lambda item: item[:2]
    )
    issued_on = [timezone_date(completed_at, tz) for completed_at, _pk, _plan in rest]
    serials = _take_serials(issued_on)
    ids = reserve_ids(Certificate, len(rest))
    count = copy_rows(
        Certificate,
        ("id", "serial", "code", "kind", "source_key", "template_id", "recipient_id", "recipient_name", "title")
        + ("language", "issued_on", "pdf", "pdf_sha256", "status", "status_index", "created_at"),
        _certificate_rows(zip(ids, serials, issued_on, rest, strict=True), batches, learner_ids, issuing, shown),
    )
    with translation.override("bn"):
        verify_path = reverse("certificates:verify", kwargs={"code": shown.code})
    return {"count": count + 1, "verify_path": verify_path}


@dataclass
class _Issuing:
    """What the bench certificates are made from: each course's kind and titles, each kind's template."""

    courses: Sequence[Any]
    learners: Sequence[tuple[str, str, str, str]]
    kinds: dict[int, str]
    templates: dict[str, Any]
    titles: dict[str, dict[int, str]]  # language -> course id -> title

    @classmethod
    def of(cls, courses: Sequence[Any], learners: Sequence[tuple[str, str, str, str]]) -> _Issuing:
        from django.utils import translation

        from certificates import services
        from certificates.models import Kind
        from courses.catalogue import localised_courses

        kinds = {
            course.pk: Kind.WORKSHOP if course.facts.delivery_mode == "workshop" else Kind.COURSE for course in courses
        }
        templates = {kind: services.default_template(kind) for kind in set(kinds.values())}
        titles = {}
        for language in ("bn", "en"):
            with translation.override(language):
                titles[language] = {pk: page.title for pk, page in localised_courses(list(courses)).items()}
        return cls(courses, learners, kinds, templates, titles)

    def language_of(self, template: Any, learner: int) -> str:
        # services._language_for: the template's language, or the learner's for "both".
        return template.language if template.language in ("bn", "en") else self.learners[learner][1]


def _issue_shown(enrolment_pk: int, plan: EnrolmentPlan, issuing: _Issuing) -> Any:
    """The scenario's certificate, through the service (as issue_for_enrolment, without the
    notification, which would change the dashboard learner's page)."""
    from certificates import services
    from courses.models import Enrolment
    from lms.lib.bangla import localise_digits

    enrolment = Enrolment.objects.select_related("user", "batch__course__facts").get(pk=enrolment_pk)
    course = enrolment.batch.course
    template = issuing.templates[issuing.kinds[course.pk]]
    title = issuing.titles[issuing.language_of(template, 0)][course.pk]
    facts = course.facts
    hours = localise_digits(int(facts.duration_weeks * float(facts.hours_per_week)), issuing.language_of(template, 0))
    shown, _created = services.issue_certificate(
        recipient=enrolment.user,
        kind=issuing.kinds[course.pk],
        source_key=f"enrolment:{enrolment_pk}",
        title=title,
        template=template,
        values={"course": title, "hours": hours},
        now=plan.completed_at,
        notify_recipient=False,
    )
    return shown


def _take_serials(issued_on: Sequence[dt.date]) -> list[str]:
    """A serial for each day of issue, after those already used; the year counters moved on."""
    from certificates import services
    from certificates.models import SerialCounter

    counters = {
        c.year: c for c in SerialCounter.objects.select_for_update().filter(year__in={d.year for d in issued_on})
    }
    serials, last = number_serials(issued_on, {year: c.last for year, c in counters.items()}, services.SERIAL_PREFIX)
    for year, number in last.items():
        SerialCounter.objects.update_or_create(year=year, defaults={"last": number})
    return serials


def _certificate_rows(
    numbered: Iterator[tuple[int, str, dt.date, tuple[dt.datetime, int, EnrolmentPlan]]],
    batches: Sequence[BatchPlan],
    learner_ids: Sequence[int],
    issuing: _Issuing,
    shown: Any,
) -> Iterator[tuple]:
    """The COPY rows: (id, serial, day of issue, (completed at, enrolment id, plan)) each."""
    for pk, serial, day, (completed_at, enrolment_pk, plan) in numbered:
        course_pk = issuing.courses[batches[plan.batch].course].pk
        kind = issuing.kinds[course_pk]
        template = issuing.templates[kind]
        language = issuing.language_of(template, plan.learner)
        _gender, _language, full_name, name_en = issuing.learners[plan.learner]
        name = name_en if language == "en" and name_en else full_name
        yield (
            pk,
            serial,
            secrets.token_urlsafe(16),  # as certificates.models makes codes: 128 bits, URL-safe
            str(kind),
            f"enrolment:{enrolment_pk}",
            template.pk,
            learner_ids[plan.learner],
            name,
            issuing.titles[language][course_pk],
            language,
            day,
            shown.pdf.name,
            shown.pdf_sha256,
            "valid",
            pk,
            completed_at,
        )


def timezone_date(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    return moment.astimezone(tz).date()


def _trainer_class(
    batches: Sequence[BatchPlan],
    enrolments: Sequence[EnrolmentPlan],
    batch_ids: Sequence[int],
    sessions: Sequence[dict[str, Any]],
    trainer_ids: Sequence[int],
    now: dt.datetime,
) -> dict[str, Any] | None:
    """The trainer scenario: a trainer of a big running batch, and the page of its latest class
    held (its attendance marked), or its first class if none was held yet."""
    from django.urls import reverse
    from django.utils import translation

    from lms.people.models import User

    if not trainer_ids:
        return None
    index = trainer_batch(batches, enrolments)
    mine = [s for s in sessions if s["batch"] == index]
    held = [s for s in mine if s["starts_at"] <= now]
    session = held[-1] if held else mine[0]
    trainer = User.objects.get(pk=trainer_ids[index % len(trainer_ids)])  # as _batches assigns them
    learners = sum(1 for e in enrolments if e.batch == index and e.status in ("enrolled", "completed"))
    with translation.override("bn"):
        path = reverse("events:trainer_class", kwargs={"session_id": session["id"]})
    return {"login": trainer.phone, "path": path, "batch_id": batch_ids[index], "learners": learners}
