"""Planning the bench dataset: pure functions of the sizes and one seeded generator.

Nothing here touches Django or the database, so the tests check the plans on small sizes.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# --- what the scenarios rely on --------------------------------------------------------------

CATALOGUE_PATH = "/courses/"  # the Bangla course catalogue (seed_demo's CourseIndexPage)
SLUG_PREFIX = "bench-"  # every bench course page, in both languages
COURSES = 50
FEATURED_TRADE = "batik"
FEATURED_VARIANT = "basics"
FEATURED_COURSE_SLUG = f"{SLUG_PREFIX}{FEATURED_TRADE}-{FEATURED_VARIANT}"
FEATURED_COURSE_PATH = f"{CATALOGUE_PATH}{FEATURED_COURSE_SLUG}/"
# The course page scenario shows this course: 8 batches open or running, 2 finished.
FEATURED_BATCH_STATUSES = ("open",) * 5 + ("running",) * 3 + ("finished",) * 2
# The dashboard scenario logs in as learner 0 and sees 8 enrolments in three groups.
DASHBOARD_PLAN = ("enrolled",) * 5 + ("waitlisted",) + ("completed",) * 2
# The join surge's batch (tests/bench/surge.py), made afresh on every run: not part of the
# dataset's size.
SURGE_BATCH_NAME = "bench surge"

# Everything random comes from one generator seeded with this: the same sizes, the same data.
SEED = 880_1971

# --- sizes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """The issue's national scale by default; BENCH_* variables make it smaller or larger."""

    learners: int = 100_000
    batches: int = 2_000
    enrolments: int = 500_000
    # Not read from the environment: the database test builds a few courses, not fifty.
    courses: int = COURSES

    # Enough for the featured course, the dashboard learner and a few other courses.
    MIN_LEARNERS = 20
    MIN_BATCHES = 40

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Sizes:
        environ = os.environ if environ is None else environ
        values = {}
        for name, variable in (
            ("learners", "BENCH_LEARNERS"),
            ("batches", "BENCH_BATCHES"),
            ("enrolments", "BENCH_ENROLMENTS"),
        ):
            raw = (environ.get(variable) or "").replace("_", "").replace(",", "").strip()
            if not raw:
                continue
            try:
                values[name] = int(raw)
            except ValueError:
                raise ValueError(f"{variable} must be a whole number, not {raw!r}") from None
        sizes = cls(**values)
        sizes.validate()
        return sizes

    def validate(self) -> None:
        if not self.MIN_LEARNERS <= self.learners < 10**7:
            raise ValueError(f"BENCH_LEARNERS must be between {self.MIN_LEARNERS} and 9,999,999")
        if self.batches < self.MIN_BATCHES:
            raise ValueError(f"BENCH_BATCHES must be at least {self.MIN_BATCHES}")
        if self.enrolments < len(DASHBOARD_PLAN):
            raise ValueError(f"BENCH_ENROLMENTS must be at least {len(DASHBOARD_PLAN)}")
        if not 1 <= self.courses <= COURSES:
            raise ValueError(f"between 1 and {COURSES} courses")


# --- courses -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TradeInfo:
    slug: str
    name_bn: str
    name_en: str


@dataclass(frozen=True)
class Variant:
    slug: str
    bn: str
    en: str
    blurb_bn: str
    blurb_en: str
    level: str
    delivery_mode: str
    weeks: int
    lessons: int


VARIANTS = [
    Variant(
        "basics",
        "হাতেখড়ি",
        "basics",
        "একদম শুরু থেকে, সাপ্তাহিক লাইভ ক্লাসে ধাপে ধাপে শিখুন।",
        "From the very start, step by step in a weekly live class.",
        "beginner",
        "live",
        4,
        4,
    ),
    Variant(
        "workshop",
        "হাতে-কলমে কর্মশালা",
        "hands-on workshop",
        "প্রশিক্ষকের সামনে হাতে-কলমে কাজ, শেষে নিজের কাজ দেখিয়ে সনদ।",
        "Hands-on work in front of a trainer; show your work for the certificate.",
        "beginner",
        "workshop",
        2,
        3,
    ),
    Variant(
        "advanced",
        "উন্নত কৌশল",
        "advanced techniques",
        "যাঁরা কাজ জানেন, তাঁদের জন্য নতুন নকশা, মান ও গতি।",
        "For those who know the craft: new designs, quality and speed.",
        "advanced",
        "live",
        6,
        5,
    ),
    Variant(
        "self-paced",
        "নিজে নিজে শিখুন",
        "self-paced",
        "ভিডিও ও পাঠ দেখে নিজের সময়ে শিখুন, প্রশ্ন থাকলে লাইভ প্রশ্নোত্তরে আসুন।",
        "Learn in your own time from videos and lessons; bring questions to the live Q&A.",
        "beginner",
        "self_paced",
        3,
        6,
    ),
    Variant(
        "business",
        "থেকে ব্যবসা",
        "into a business",
        "দাম ঠিক করা, ক্রেতা খোঁজা ও অনলাইনে বিক্রি — কাজকে আয়ে রূপ দিন।",
        "Pricing, finding buyers and selling online — turn the work into income.",
        "intermediate",
        "live",
        4,
        4,
    ),
]

LESSON_TITLES = [
    ("পরিচিতি ও উপকরণ", "Introduction and materials"),
    ("প্রথম ধাপ", "The first step"),
    ("হাতে-কলমে অনুশীলন", "Hands-on practice"),
    ("সাধারণ ভুল ও সমাধান", "Common mistakes and fixes"),
    ("মান যাচাই", "Checking the quality"),
    ("নিজের কাজ দেখানো", "Showing your work"),
]
LESSON_TEXT = {
    "bn": "<p>এই পাঠে আমরা ধাপে ধাপে কাজটি দেখব। ভিডিওটি দেখুন, তারপর নিজে করে দেখুন এবং প্রশ্ন থাকলে লাইভ ক্লাসে জিজ্ঞেস করুন।</p>",
    "en": (
        "<p>In this lesson we go through the work step by step. Watch the video, then try it yourself"
        " and ask in the live class if anything is unclear.</p>"
    ),
}


@dataclass(frozen=True)
class CoursePlan:
    slug: str
    trade: str
    title_bn: str
    title_en: str
    summary_bn: str
    summary_en: str
    level: str
    delivery_mode: str
    duration_weeks: int
    lessons: tuple[tuple[str, str], ...]
    rule: Mapping[str, Any]
    translate: bool  # every other course also gets an English translation


def plan_courses(trades: Sequence[TradeInfo], count: int = COURSES) -> list[CoursePlan]:
    """`count` courses, variant by variant across the trades; the featured course first."""
    ordered = sorted(trades, key=lambda t: (t.slug != FEATURED_TRADE, t.slug))
    if not ordered or ordered[0].slug != FEATURED_TRADE:
        raise ValueError(f"no trade {FEATURED_TRADE!r}: the courses migrations load the trades")
    if count > len(ordered) * len(VARIANTS):
        raise ValueError(f"at most {len(ordered) * len(VARIANTS)} courses from {len(ordered)} trades")
    plans = []
    for variant in VARIANTS:
        for trade in ordered:
            if len(plans) == count:
                return plans
            title_bn = f"{trade.name_bn}: {variant.bn}"
            title_en = f"{trade.name_en}: {variant.en}"
            rule: dict[str, Any] = {"min_attendance_percent": 75}
            if variant.delivery_mode == "workshop":
                rule = {"min_attendance_percent": 80, "require_practical": True}
            elif variant.delivery_mode == "self_paced":
                rule = {"min_attendance_percent": 0, "require_all_lessons": True}
            plans.append(
                CoursePlan(
                    slug=f"{SLUG_PREFIX}{trade.slug}-{variant.slug}",
                    trade=trade.slug,
                    title_bn=title_bn,
                    title_en=title_en,
                    summary_bn=f"{trade.name_bn} — {variant.blurb_bn}",
                    summary_en=f"{trade.name_en} — {variant.blurb_en}",
                    level=variant.level,
                    delivery_mode=variant.delivery_mode,
                    duration_weeks=variant.weeks,
                    lessons=tuple(LESSON_TITLES[: variant.lessons]),
                    rule=rule,
                    translate=len(plans) % 2 == 0,
                )
            )
    return plans


# --- batches ------------------------------------------------------------------------------------------

# Two years of weekly batches of a few weeks each: most are over. Finished batches give the
# completions, and so the certificates (the issue asks for 100,000 of them).
STATUS_WEIGHTS = {"draft": 3, "open": 22, "running": 18, "finished": 52, "cancelled": 5}
# Places by how the class is held: a district hall, a Zoom meeting (licences for 300 and 500
# people), a Facebook live that anyone in the group can watch.
CAPACITY = {"in_person": (20, 40), "zoom": (150, 400), "facebook": (200, 700)}
# Of those with a place in a finished batch, the share who met the course's rule.
COMPLETED_SHARE = 0.72
WEEKDAYS_BN = {1: "সোমবার", 2: "মঙ্গলবার", 3: "বুধবার", 4: "বৃহস্পতিবার", 5: "শুক্রবার", 6: "শনিবার", 7: "রবিবার"}
WEEKDAYS_EN = {1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday"}
START_TIMES = (dt.time(10, 0), dt.time(15, 0), dt.time(20, 0), dt.time(20, 30), dt.time(21, 0))
VENUES = (
    "যুব উন্নয়ন কেন্দ্র",
    "মহিলা বিষয়ক অধিদপ্তরের প্রশিক্ষণ কক্ষ",
    "বিসিক শিল্পনগরী প্রশিক্ষণ কক্ষ",
    "উপজেলা পরিষদ হলরুম",
)
AUDIENCE_WEIGHTS = {"everyone": 75, "women": 20, "womens_forum": 3, "youth_forum": 2}
ACTIVE_STATUSES = ("open", "running")


@dataclass(slots=True)
class BatchPlan:
    course: int  # index into the course plans
    name: str
    status: str
    capacity: int
    delivery: str
    language: str
    audience: str
    weekdays: str
    start_time: dt.time
    first_date: dt.date
    weeks: int
    district: int | None = None
    venue: str = ""
    trainers: int = 1  # how many of the trainers teach it

    @property
    def enrol_closes_date(self) -> dt.date:
        return self.first_date + dt.timedelta(days=7)


def _to_bn_digits(value: object) -> str:
    return str(value).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))


def _first_date(rng: random.Random, status: str, weeks: int, today: dt.date) -> dt.date:
    if status == "open":
        return today + dt.timedelta(days=rng.randint(2, 75))
    if status == "running":
        return today - dt.timedelta(days=rng.randint(0, weeks * 7 - 1))
    if status == "finished":
        return today - dt.timedelta(days=rng.randint(weeks * 7 + 1, 540))
    if status == "draft":
        return today + dt.timedelta(days=rng.randint(30, 120))
    return today + dt.timedelta(days=rng.randint(-60, 60))  # cancelled


def plan_batches(
    courses: Sequence[CoursePlan],
    count: int,
    rng: random.Random,
    today: dt.date,
    districts: Sequence[tuple[int, str]],
    trades: Mapping[str, TradeInfo],
) -> list[BatchPlan]:
    """`count` batches: the featured course (course 0) gets exactly FEATURED_BATCH_STATUSES,
    the others share the rest, popular courses more (some get none, as in real life)."""
    featured = len(FEATURED_BATCH_STATUSES)
    if count < featured or not courses:
        raise ValueError(f"need at least {featured} batches and one course")
    others = list(range(1, len(courses))) or [0]
    weights = [1 / (1 + 0.08 * rank) for rank in range(len(others))]
    course_of = [0] * featured + rng.choices(others, weights, k=count - featured)
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    audiences, audience_weights = list(AUDIENCE_WEIGHTS), list(AUDIENCE_WEIGHTS.values())
    plans = []
    for position, course_index in enumerate(course_of):
        course = courses[course_index]
        status = FEATURED_BATCH_STATUSES[position] if position < featured else rng.choices(statuses, status_weights)[0]
        if course.delivery_mode == "workshop":
            delivery = "in_person" if rng.random() < 0.85 else "zoom"
        else:
            delivery = "zoom" if rng.random() < 0.7 else "facebook"
        capacity = rng.randint(*CAPACITY[delivery])
        days = sorted(rng.sample(range(1, 8), 1 if rng.random() < 0.6 else 2))
        language = "en" if rng.random() < 0.1 else "bn"
        district, venue = None, ""
        if delivery == "in_person":
            district_id, district_name = districts[rng.randrange(len(districts))]
            district, venue = district_id, f"{rng.choice(VENUES)}, {district_name}"
        plans.append(
            BatchPlan(
                course=course_index,
                name="",  # below, once the dates are known
                status=status,
                capacity=capacity,
                delivery=delivery,
                language=language,
                audience="everyone" if position < featured else rng.choices(audiences, audience_weights)[0],
                weekdays=",".join(map(str, days)),
                start_time=rng.choice(START_TIMES),
                first_date=_first_date(rng, status, course.duration_weeks, today),
                weeks=course.duration_weeks,
                district=district,
                venue=venue,
                trainers=1 if rng.random() < 0.7 else 2,
            )
        )
    # "Batik — Saturday, batch 3": numbered in date order within the course.
    numbers: dict[int, int] = {}
    for plan in sorted(plans, key=lambda p: (p.first_date, p.start_time)):
        numbers[plan.course] = number = numbers.get(plan.course, 0) + 1
        trade = trades[courses[plan.course].trade]
        days = [int(d) for d in plan.weekdays.split(",")]
        if plan.language == "bn":
            when = " ও ".join(WEEKDAYS_BN[d] for d in days)
            plan.name = f"{trade.name_bn} — {when}, ব্যাচ {_to_bn_digits(number)}"[:120]
        else:
            when = " and ".join(WEEKDAYS_EN[d] for d in days)
            plan.name = f"{trade.name_en} — {when}, batch {number}"[:120]
    return plans


# --- enrolments and progress ----------------------------------------------------------------------


@dataclass(slots=True)
class EnrolmentPlan:
    learner: int  # learner index (0 = the dashboard learner)
    batch: int  # index into the batch plans
    status: str
    queued_at: dt.datetime
    enrolled_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    source: str = "self"


def _demands(batches: Sequence[BatchPlan], total: int, rng: random.Random, pools: Sequence[int]) -> list[int]:
    """How many people queue for each batch: a share of its places (a quarter of the batches
    over-subscribed), scaled so the demands add up to `total` (less only where the pool of
    eligible learners runs out)."""
    weights = []
    for batch in batches:
        if batch.status == "draft":
            weights.append(0.0)
        elif batch.status == "cancelled":
            weights.append(rng.uniform(0.05, 0.3) * batch.capacity)
        elif rng.random() < 0.25:
            weights.append(rng.uniform(1.05, 1.6) * batch.capacity)
        else:
            weights.append(rng.uniform(0.35, 0.95) * batch.capacity)
    demands = [0] * len(batches)
    remaining = total
    open_batches = [i for i, w in enumerate(weights) if w > 0]
    # Largest-remainder allocation, repeated while some batch hits its pool size.
    while remaining > 0 and open_batches:
        weight_sum = sum(weights[i] for i in open_batches)
        shares = {i: remaining * weights[i] / weight_sum for i in open_batches}
        floors = {i: int(share) for i, share in shares.items()}
        leftover = remaining - sum(floors.values())
        for i in sorted(open_batches, key=lambda i: shares[i] - floors[i], reverse=True)[:leftover]:
            floors[i] += 1
        full = []
        for i in open_batches:
            room = pools[i] - demands[i]
            take = min(room, floors[i])
            demands[i] += take
            remaining -= take
            if demands[i] >= pools[i]:
                full.append(i)
        if not full:
            break
        open_batches = [i for i in open_batches if i not in full]
    return demands


def _queue_window(batch: BatchPlan, now: dt.datetime, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    first = dt.datetime.combine(batch.first_date, batch.start_time, tzinfo=tz)
    start = first - dt.timedelta(days=30)
    end = min(now - dt.timedelta(minutes=5), first + dt.timedelta(days=7))
    if start >= end:
        start = end - dt.timedelta(days=10)
    return start, end


def plan_enrolments(
    batches: Sequence[BatchPlan],
    genders: Sequence[str],
    total: int,
    rng: random.Random,
    now: dt.datetime,
    tz: dt.tzinfo = dt.UTC,
) -> list[EnrolmentPlan]:
    """`total` enrolments (fewer only if the learners run out), one per learner and batch.

    In each batch people queue in order; the first `capacity` who do not withdraw get a place
    (enrolled; in a finished batch most completed), everyone after them waits, so a batch has
    a waitlist only when it is full. Learner 0, the dashboard learner, gets DASHBOARD_PLAN.
    """
    everyone = list(range(1, len(genders)))
    women = [i for i in everyone if genders[i] == "female"]

    def pool(batch: BatchPlan) -> list[int]:
        return women if batch.audience == "women" else everyone

    mine = _dashboard_batches(batches, rng)
    demands = _demands(batches, total - len(mine), rng, [len(pool(b)) for b in batches])
    # The dashboard learner waits in her batch: make sure it is over-subscribed.
    waiting = next(i for i, kind in mine.items() if kind == "waitlisted")
    short = min(batches[waiting].capacity + 3, len(pool(batches[waiting]))) - demands[waiting]
    if short > 0:
        demands[waiting] += short
        for i in sorted(range(len(batches)), key=lambda i: demands[i], reverse=True):
            if short <= 0:
                break
            if i != waiting and i not in mine:
                cut = min(short, demands[i] // 2)
                demands[i] -= cut
                short -= cut
    plans = []
    for index, batch in enumerate(batches):
        queue = rng.sample(pool(batch), demands[index])
        kind = mine.get(index)
        if kind == "waitlisted":
            queue.append(0)
        elif kind is not None:
            queue.insert(0, 0)
        start, end = _queue_window(batch, now, tz)
        span = max(1, int((end - start).total_seconds()))
        times = sorted(start + dt.timedelta(seconds=rng.randrange(span)) for _ in queue)
        first = dt.datetime.combine(batch.first_date, batch.start_time, tzinfo=tz)
        finished_at = first + dt.timedelta(weeks=batch.weeks)
        taken = 0
        for learner, queued_at in zip(queue, times, strict=True):
            plan = EnrolmentPlan(learner, index, "waitlisted", queued_at)
            forced = learner == 0
            if batch.status == "cancelled":
                plan.status, plan.withdrawn_at = "withdrawn", max(queued_at, min(first, now))
            elif not forced and kind != "waitlisted" and rng.random() < 0.05:
                # (nobody leaves the dashboard learner's waitlisted batch: it stays full)
                plan.status = "withdrawn"
                plan.withdrawn_at = queued_at + (now - queued_at) * rng.random()
            elif taken < batch.capacity and not (forced and kind == "waitlisted"):
                taken += 1
                plan.enrolled_at = queued_at
                completed = kind == "completed" if forced else rng.random() < COMPLETED_SHARE
                if batch.status == "finished" and completed:
                    plan.status, plan.completed_at = "completed", min(finished_at, now)
                else:
                    plan.status = "enrolled"
            plan.source = "import" if rng.random() < 0.1 else "self"
            plans.append(plan)
    return plans


def _dashboard_batches(batches: Sequence[BatchPlan], rng: random.Random) -> dict[int, str]:
    """{batch index: "enrolled" | "waitlisted" | "completed"} for the dashboard learner,
    in different courses where possible, never the featured course's (course 0)."""
    open_to_her = [i for i, b in enumerate(batches) if b.audience in ("everyone", "women") and b.course != 0]
    by_status: dict[str, list[int]] = {}
    for i in open_to_her:
        by_status.setdefault(batches[i].status, []).append(i)
    wanted = {"enrolled": ACTIVE_STATUSES, "waitlisted": ("open",), "completed": ("finished",)}
    chosen: dict[int, str] = {}
    courses: set[int] = set()
    for kind in DASHBOARD_PLAN:
        candidates = [i for status in wanted[kind] for i in by_status.get(status, []) if i not in chosen]
        if not candidates:
            raise ValueError(f"no batch for the dashboard learner to be {kind} in: use more batches")
        if kind == "waitlisted":
            # A small batch (a district hall) fills up even where there are few learners.
            candidates = sorted(candidates, key=lambda i: batches[i].capacity)[: max(1, len(candidates) // 4)]
        fresh = [i for i in candidates if batches[i].course not in courses]
        pick = rng.choice(fresh or candidates)
        chosen[pick] = kind
        courses.add(batches[pick].course)
    return chosen


@dataclass(frozen=True, slots=True)
class ProgressPlan:
    learner: int
    course: int
    lesson: int  # 0-based position of the lesson in its course
    done_at: dt.datetime


def plan_progress(
    enrolments: Sequence[EnrolmentPlan],
    batches: Sequence[BatchPlan],
    lessons_per_course: Sequence[int],
    rng: random.Random,
    now: dt.datetime,
) -> Iterator[ProgressPlan]:
    """Lessons marked done, in order, by people with a place: all of them for those who
    completed, some for those in a running or finished batch, rarely one before the start.

    A generator (a million rows at full size): one row per learner and lesson, from the
    enrolment that got furthest when a learner took the same course twice."""
    furthest: dict[tuple[int, int], tuple[int, dt.datetime]] = {}
    for enrolment in enrolments:
        if enrolment.status not in ("enrolled", "completed"):
            continue
        batch = batches[enrolment.batch]
        total = lessons_per_course[batch.course]
        if not total:
            continue
        if enrolment.status == "completed":
            count = total
        elif batch.status == "finished":
            count = rng.randint(0, total - 1)
        elif batch.status == "running":
            count = rng.randint(0, total)
        else:
            count = 1 if rng.random() < 0.3 else 0
        key = (enrolment.learner, batch.course)
        if count and count > furthest.get(key, (0, now))[0]:
            furthest[key] = (count, enrolment.enrolled_at or enrolment.queued_at)
    for (learner, course), (count, start) in furthest.items():
        for lesson in range(count):
            yield ProgressPlan(learner, course, lesson, start + (now - start) * rng.random())


# --- what the trainer's class page and the certificates need ----------------------------------------

TRAINER_CLASS_MIN_LEARNERS = 100


def trainer_batch(batches: Sequence[BatchPlan], enrolments: Sequence[EnrolmentPlan]) -> int:
    """The batch whose class page the trainer scenario opens: the smallest running batch with
    at least TRAINER_CLASS_MIN_LEARNERS people in it (a typical big class, not the biggest),
    else (small datasets) the running or finished batch with the most."""
    active: dict[int, int] = {}
    for enrolment in enrolments:
        if enrolment.status in ("enrolled", "completed"):
            active[enrolment.batch] = active.get(enrolment.batch, 0) + 1
    running = [i for i, b in enumerate(batches) if b.status == "running"]
    big = [i for i in running if active.get(i, 0) >= TRAINER_CLASS_MIN_LEARNERS]
    if big:
        return min(big, key=lambda i: (active[i], i))
    held = [i for i, b in enumerate(batches) if b.status in ("running", "finished") and active.get(i)]
    if not held:
        raise ValueError("no running or finished batch with learners: use more enrolments")
    return max(held, key=lambda i: (active[i], -i))


def number_serials(
    issued_on: Sequence[dt.date], last_by_year: Mapping[int, int], prefix: str = "UDY"
) -> tuple[list[str], dict[int, int]]:
    """Serials like certificates.services.next_serial makes them (UDY-2026-000123), counted per
    year after the numbers already used; and each year's new last number, for its counter."""
    last = dict(last_by_year)
    serials = []
    for day in issued_on:
        last[day.year] = number = last.get(day.year, 0) + 1
        serials.append(f"{prefix}-{day.year}-{number:06d}")
    return serials, last
