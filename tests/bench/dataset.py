"""The benchmark's dataset: thousands of learners, batches and enrolments, built in bulk.

`make bench` runs this (python -m tests.bench.dataset, in the bench environment) after
migrate. It is cached: a small table, bench_dataset, records the fingerprint of the dataset
in the database (the sizes, a hash of this file, a hash of seed_demo and its demo modules,
and the day: the data is relative to today), and a run with the same fingerprint does
nothing. Otherwise the previous bench data is deleted, seed_demo runs, then the dataset is
built in one transaction (an interrupted build leaves no marker, so the next run rebuilds).

seed_demo runs here, before the bench batches exist, and not on every run: its events
seeder walks every batch in the database and records attendance one row at a time for
every past class, which completes enrolments and issues certificates. Run after the
dataset, it took minutes and changed the dataset under the benchmark. The generator
writes the attendance of past bench classes itself, in bulk, so a later seed_demo finds
nothing to add.

Sizes come from the environment: BENCH_LEARNERS (10,000), BENCH_BATCHES (500),
BENCH_ENROLMENTS (30,000). Rows are written with PostgreSQL COPY (bulk_create for the few
hundred batches, whose ids are needed); only the ~50 course pages and their lessons go
through the Wagtail API, since pages live in a tree that cannot be bulk-inserted safely.
Everything random comes from one seeded generator: the same sizes give the same data.

The planning functions (plan_*, learner_rows) are pure and unit-tested without a database;
only build() and what it calls touch Django.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Bump when the meaning of the data changes; any edit of this file rebuilds anyway.
VERSION = "1"
SEED = 880_1971
MARKER_TABLE = "bench_dataset"

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

# Bench learners' mobile numbers: +8801 <operator 3-9> 9 <7 digits of the learner's index>.
# The 9 after the operator keeps them apart from seed_demo's (+88017000000…) and the test
# factories' (+880171…) numbers; the pattern is how a rebuild finds them to delete.
OPERATOR_WEIGHTS = {"7": 40, "3": 6, "8": 22, "9": 17, "4": 5, "6": 7, "5": 3}
BENCH_PHONE_RE = r"^\+8801[3-9]9[0-9]{7}$"
BENCH_PASSWORD = "bench-learner-42"
# The join surge's batch (tests/bench/surge.py), made afresh on every run: not part of the
# dataset's size.
SURGE_BATCH_NAME = "bench surge"


def bench_phone(index: int) -> str:
    """The mobile number of bench learner `index` (0 = the dashboard learner)."""
    if not 0 <= index < 10**7:
        raise ValueError(f"learner index out of range: {index}")
    operators = list(OPERATOR_WEIGHTS)
    weights = list(OPERATOR_WEIGHTS.values())
    # The operator is a function of the index (not of a shared generator), so the number of
    # learner 0 is known to the scenarios without building anything.
    operator = random.Random(index).choices(operators, weights)[0]
    return f"+8801{operator}9{index:07d}"


DASHBOARD_LEARNER = bench_phone(0)


# --- sizes and the cache key -------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    learners: int = 10_000
    batches: int = 500
    enrolments: int = 30_000

    # Enough for the featured course, the dashboard learner and a few other courses.
    MIN_LEARNERS = 20
    MIN_BATCHES = 20

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


def source_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def fingerprint(sizes: Sizes, source: str, demo: str, day: dt.date) -> str:
    """What the marker table records: same fingerprint, same data."""
    sizes_part = f"{sizes.learners}l-{sizes.batches}b-{sizes.enrolments}e"
    return f"v{VERSION}-{source}-demo{demo}-{day.isoformat()}-seed{SEED}-{sizes_part}"


def files_hash(paths: Iterable[str | Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


# --- people ----------------------------------------------------------------------------------------

# (Bangla, English) name parts, combined: 24 x 12 female and 14 x 10 male names, with the
# customary "মোছাঃ" / "মোঃ" in front of some.
FEMALE_GIVEN = [
    ("রাবেয়া", "Rabeya"),
    ("নাসরিন", "Nasrin"),
    ("শাহানা", "Shahana"),
    ("রোকসানা", "Roksana"),
    ("তানজিলা", "Tanzila"),
    ("সুমাইয়া", "Sumaiya"),
    ("ফাতেমা", "Fatema"),
    ("শারমিন", "Sharmin"),
    ("হাসিনা", "Hasina"),
    ("রুমানা", "Rumana"),
    ("জান্নাতুল", "Jannatul"),
    ("লাইলী", "Laily"),
    ("শিউলি", "Shiuli"),
    ("কোহিনূর", "Kohinoor"),
    ("মাহমুদা", "Mahmuda"),
    ("নুসরাত", "Nusrat"),
    ("রহিমা", "Rahima"),
    ("সাবিনা", "Sabina"),
    ("মরিয়ম", "Mariam"),
    ("ইসরাত", "Israt"),
    ("তাহমিনা", "Tahmina"),
    ("ফারজানা", "Farzana"),
    ("মৌসুমী", "Mousumi"),
    ("আয়েশা", "Ayesha"),
]
FEMALE_FAMILY = [
    ("খাতুন", "Khatun"),
    ("আক্তার", "Akter"),
    ("বেগম", "Begum"),
    ("ইসলাম", "Islam"),
    ("সুলতানা", "Sultana"),
    ("পারভীন", "Parvin"),
    ("জাহান", "Jahan"),
    ("ইয়াসমিন", "Yasmin"),
    ("খানম", "Khanam"),
    ("আফরোজ", "Afroz"),
    ("নাহার", "Nahar"),
    ("চৌধুরী", "Chowdhury"),
]
MALE_GIVEN = [
    ("রফিকুল", "Rafiqul"),
    ("কামরুল", "Kamrul"),
    ("সাকিব", "Sakib"),
    ("আরিফুল", "Ariful"),
    ("জাহিদুল", "Zahidul"),
    ("তানভীর", "Tanvir"),
    ("মাহবুব", "Mahbub"),
    ("শফিকুল", "Shafiqul"),
    ("আনোয়ার", "Anwar"),
    ("নাজমুল", "Nazmul"),
    ("রাকিব", "Rakib"),
    ("সুমন", "Sumon"),
    ("হাবিবুর", "Habibur"),
    ("মিজানুর", "Mizanur"),
]
MALE_FAMILY = [
    ("ইসলাম", "Islam"),
    ("হাসান", "Hasan"),
    ("আহমেদ", "Ahmed"),
    ("হোসেন", "Hossain"),
    ("রহমান", "Rahman"),
    ("উদ্দিন", "Uddin"),
    ("সরকার", "Sarkar"),
    ("মিয়া", "Mia"),
    ("চৌধুরী", "Chowdhury"),
    ("আলম", "Alam"),
]
GENDER_WEIGHTS = {"female": 72, "male": 24, "other": 1, "": 3}


def person_name(rng: random.Random, gender: str) -> tuple[str, str]:
    """A (Bangla, English) full name fitting the gender ("other"/"" take either list)."""
    if gender not in ("female", "male"):
        gender = rng.choice(("female", "male"))
    if gender == "female":
        (given_bn, given_en), (family_bn, family_en) = rng.choice(FEMALE_GIVEN), rng.choice(FEMALE_FAMILY)
        prefix = ("মোছাঃ ", "Mst. ") if rng.random() < 0.2 else ("", "")
    else:
        (given_bn, given_en), (family_bn, family_en) = rng.choice(MALE_GIVEN), rng.choice(MALE_FAMILY)
        prefix = ("মোঃ ", "Md. ") if rng.random() < 0.5 else ("", "")
    return f"{prefix[0]}{given_bn} {family_bn}", f"{prefix[1]}{given_en} {family_en}"


def learner_rows(
    count: int,
    rng: random.Random,
    places: Sequence[tuple[int, Sequence[int]]],
    password_hash: str,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    """User rows (by attname) for `count` learners. places: (district id, its upazila ids).

    Learner 0 is the dashboard learner: a woman, so women-only batches are open to her.
    """
    if not places:
        raise ValueError("no districts: the people migrations load them")
    genders, gender_weights = list(GENDER_WEIGHTS), list(GENDER_WEIGHTS.values())
    rows = []
    for index in range(count):
        gender = "female" if index == 0 else rng.choices(genders, gender_weights)[0]
        name_bn, name_en = person_name(rng, gender)
        district, upazilas = places[rng.randrange(len(places))]
        rows.append(
            {
                "password": password_hash,
                "full_name": name_bn,
                "name_en": name_en if rng.random() < 0.6 else "",
                "phone": bench_phone(index),
                "phone_verified": rng.random() < 0.6,
                "email": f"learner{index}@bench.example.org" if rng.random() < 0.12 else None,
                "gender": gender,
                "birth_year": int(rng.triangular(1965, 2007, 1996)),
                "district_id": district,
                "upazila_id": rng.choice(upazilas) if upazilas and rng.random() < 0.8 else None,
                "language": "en" if rng.random() < 0.08 else "bn",
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
                "date_joined": now - dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                "last_login": None,
            }
        )
    return rows


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

STATUS_WEIGHTS = {"draft": 4, "open": 38, "running": 22, "finished": 32, "cancelled": 4}
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


@dataclass
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
        capacity = {"in_person": rng.randint(15, 30), "zoom": rng.randint(40, 100), "facebook": rng.randint(60, 150)}[
            delivery
        ]
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


@dataclass
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
                completed = kind == "completed" if forced else rng.random() < 0.65
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
        fresh = [i for i in candidates if batches[i].course not in courses]
        pick = rng.choice(fresh or candidates)
        chosen[pick] = kind
        courses.add(batches[pick].course)
    return chosen


@dataclass(frozen=True)
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
) -> list[ProgressPlan]:
    """Lessons marked done, in order, by people with a place: all of them for those who
    completed, some for those in a running or finished batch, rarely one before the start."""
    done: dict[tuple[int, int], ProgressPlan] = {}
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
        start = enrolment.enrolled_at or enrolment.queued_at
        for lesson in range(count):
            key = (enrolment.learner, batch.course * 1000 + lesson)
            if key not in done:
                done[key] = ProgressPlan(enrolment.learner, batch.course, lesson, start + (now - start) * rng.random())
    return list(done.values())


# --- writing it: Django from here on --------------------------------------------------------------


def copy_rows(model, rows: Iterable[Mapping[str, Any]]) -> int:
    """COPY rows (dicts by attname) into the model's table; missing fields take their
    default. Same transaction as the ORM. Returns the number of rows written."""
    from django.db import connection
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() or f.null or f.empty_strings_allowed:
            defaults[f.attname] = f.get_default()  # the default, else None or ""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = []
            for f in fields:
                if f.attname in row:
                    value = row[f.attname]
                elif f.attname in defaults:
                    value = defaults[f.attname]
                else:
                    raise ValueError(f"{model.__name__}.{f.attname}: no value and no default")
                values.append(f.get_db_prep_save(value, connection))
            copy.write_row(values)
            written += 1
    return written


def _ensure_marker_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} ("
            " fingerprint text PRIMARY KEY, details jsonb NOT NULL, built_at timestamptz NOT NULL DEFAULT now())"
        )


def _recorded() -> tuple[str, dict] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT fingerprint, details FROM {MARKER_TABLE} ORDER BY built_at DESC LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return None
    details = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return row[0], details


def _record(key: str, details: Mapping[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (fingerprint, details) VALUES (%s, %s)",
            [key, json.dumps(details, ensure_ascii=False)],
        )


def _seed_demo_module():
    """seed_demo's command module, or None when the project has no seed_demo."""
    import importlib

    from django.core.management import get_commands

    app = get_commands().get("seed_demo")
    return importlib.import_module(f"{app}.management.commands.seed_demo") if app else None


def demo_hash() -> str:
    """A hash of seed_demo and the demo modules it runs: changed demo data rebuilds too."""
    import importlib

    module = _seed_demo_module()
    if module is None:
        return "none"
    seeders = [importlib.import_module(path.rsplit(".", 1)[0]) for path in getattr(module, "SEEDERS", [])]
    return files_hash([module.__file__, *(seeder.__file__ for seeder in seeders)])


def run_seed_demo() -> float | None:
    """Run seed_demo (on a database without bench data); its seconds, None if there is none."""
    import io

    from django.core.management import call_command

    if _seed_demo_module() is None:
        return None
    started = time.perf_counter()
    call_command("seed_demo", stdout=io.StringIO())
    return round(time.perf_counter() - started, 2)


def _bench_learners():
    from people.models import User

    return User.objects.filter(phone__regex=BENCH_PHONE_RE)


def _bench_courses():
    from courses.models import CoursePage

    return CoursePage.objects.filter(slug__startswith=SLUG_PREFIX)


def still_there(sizes: Sizes) -> bool:
    """The recorded dataset is really in the database (not flushed since)."""
    from courses.models import Batch

    return (
        _bench_learners().count() == sizes.learners
        and _bench_courses().filter(slug=FEATURED_COURSE_SLUG, live=True).exists()
        and Batch.objects.filter(course__slug__startswith=SLUG_PREFIX).exclude(name=SURGE_BATCH_NAME).count()
        == sizes.batches
    )


def clear() -> dict[str, int]:
    """Delete a previous bench dataset (and anything hanging off its learners)."""
    from django.db import connection

    from courses.models import Batch, Enrolment, LessonProgress
    from events.models import ClassSession

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")

    courses = list(_bench_courses().order_by("-depth", "-locale_id"))  # translations first
    course_ids = [c.pk for c in courses]
    removed = {
        "progress": LessonProgress.objects.filter(course_id__in=course_ids).delete()[0],
        "enrolments": Enrolment.objects.filter(batch__course_id__in=course_ids).delete()[0],
        "sessions": ClassSession.objects.filter(batch__course_id__in=course_ids).delete()[0],
    }
    removed["batches"] = Batch.objects.filter(course_id__in=course_ids).delete()[0]
    for course in courses:
        course.delete()
    removed["course_pages"] = len(courses)
    removed["learners"] = _bench_learners().delete()[1].get("people.User", 0)
    return removed


def _create_courses(plans: Sequence[CoursePlan]) -> list[tuple[Any, list[int]]]:
    """The course pages (published, with revisions, like an editor's), each with its lesson
    ids; every other one translated to English."""
    from django.conf import settings
    from wagtail.models import Locale

    from cms.models import HomePage
    from courses.models import CourseIndexPage, CoursePage, LessonPage, Trade
    from people.models import User
    from people.roles import GROUP_NAMES, TRAINER

    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:  # seed_demo makes it; without seed_demo make the same one
        index = CourseIndexPage(title="কোর্সসমূহ", slug=CATALOGUE_PATH.strip("/"))
        home.add_child(instance=index)
        index.save_revision().publish()
    english = Locale.objects.filter(language_code="en").first()
    english_index = index.get_translation_or_none(english) if english else None
    trades = {t.slug: t for t in Trade.objects.all()}
    trainers = list(User.objects.filter(groups__name=GROUP_NAMES[TRAINER]).order_by("phone"))
    created = []
    for number, plan in enumerate(plans):
        course = CoursePage(
            title=plan.title_bn,
            slug=plan.slug,
            summary=plan.summary_bn,
            trade=trades[plan.trade],
            level=plan.level,
            delivery_mode=plan.delivery_mode,
            duration_weeks=plan.duration_weeks,
            certificate_title="সমাপনী সনদ",
            body=[
                ("paragraph", f"<p>{plan.summary_bn}</p><p>{LESSON_TEXT['bn']}</p>"),
                ("what_you_need", ["স্মার্টফোন বা কম্পিউটার", "খাতা ও কলম"]),
            ],
            **plan.rule,
        )
        index.add_child(instance=course)
        if trainers:
            course.trainers.set([trainers[(number + k) % len(trainers)] for k in range(2)])
        course.save_revision().publish()
        lesson_ids = []
        for position, (title_bn, _title_en) in enumerate(plan.lessons, start=1):
            lesson = LessonPage(
                title=title_bn,
                slug=f"lesson-{position}",
                estimated_minutes=15 + 5 * position,
                body=[("paragraph", LESSON_TEXT["bn"])],
            )
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
            lesson_ids.append(lesson.pk)
        if plan.translate and english_index is not None:
            translated = course.copy_for_translation(english)
            translated.title, translated.summary = plan.title_en, plan.summary_en
            translated.certificate_title = "Certificate of completion"
            translated.body = [
                ("paragraph", f"<p>{plan.summary_en}</p>{LESSON_TEXT['en']}"),
                ("what_you_need", ["A smartphone or computer", "Notebook and pen"]),
            ]
            translated.save_revision().publish()
            for lesson, (_title_bn, title_en) in zip(LessonPage.objects.child_of(course), plan.lessons, strict=True):
                copy = lesson.copy_for_translation(english)
                copy.title, copy.body = title_en, [("paragraph", LESSON_TEXT["en"])]
                copy.save_revision().publish()
        created.append((course, lesson_ids))
    return created


def build(sizes: Sizes) -> dict[str, Any]:
    """Write the whole dataset (call inside a transaction). Returns counts and timings."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from courses.models import Batch, Enrolment, LessonProgress, Trade
    from events.models import Attendance, ClassSession
    from events.services import default_provider
    from people.models import District, Upazila, User
    from people.roles import GROUP_NAMES, TRAINER

    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        timings[name] = round(time.perf_counter() - clock, 2)
        clock = time.perf_counter()

    # Learners: one password hash for all (hashing 10,000 passwords would take an hour).
    upazilas: dict[int, list[int]] = {}
    for upazila_id, district_id in Upazila.objects.values_list("id", "district_id"):
        upazilas.setdefault(district_id, []).append(upazila_id)
    districts = list(District.objects.order_by("id").values_list("id", "name_bn"))
    places = [(district_id, upazilas.get(district_id, [])) for district_id, _ in districts]
    rows = learner_rows(sizes.learners, rng, places, make_password(BENCH_PASSWORD), now)
    copy_rows(User, rows)
    ids_by_phone = dict(_bench_learners().values_list("phone", "id"))
    learner_ids = [ids_by_phone[row["phone"]] for row in rows]
    genders = [row["gender"] for row in rows]
    lap("learners")

    trades = {t.slug: TradeInfo(t.slug, t.name_bn, t.name_en) for t in Trade.objects.all()}
    course_plans = plan_courses(list(trades.values()))
    courses = _create_courses(course_plans)
    lap("course_pages")

    batch_plans = plan_batches(course_plans, sizes.batches, rng, today, districts, trades)
    batches = Batch.objects.bulk_create(
        [
            Batch(
                course=courses[plan.course][0],
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
            for plan in batch_plans
        ],
        batch_size=500,
    )
    trainers = User.objects.filter(groups__name=GROUP_NAMES[TRAINER]).order_by("phone")
    trainer_ids = list(trainers.values_list("id", flat=True))
    if trainer_ids:
        Through = Batch.trainers.through
        Through.objects.bulk_create(
            [
                Through(batch_id=batch.pk, user_id=trainer_ids[(index + k) % len(trainer_ids)])
                for index, (batch, plan) in enumerate(zip(batches, batch_plans, strict=True))
                for k in range(min(plan.trainers, len(trainer_ids)))
            ],
            batch_size=2000,
        )
    # Batches made in bulk send no post_save, so make their classes the way the signal would
    # (events.services.generate_sessions), without one query per session.
    sessions = []
    for batch in batches:
        if batch.status in (Batch.Status.DRAFT, Batch.Status.CANCELLED):
            continue
        provider = default_provider(batch)
        link = {"link": f"https://zoom.us/j/9{batch.pk:09d}", "facebook": "https://www.facebook.com/udyokta/live"}
        for number, start in enumerate(batch.meeting_starts(), start=1):
            sessions.append(
                {
                    "batch_id": batch.pk,
                    "sequence": number,
                    "starts_at": start,
                    "duration_minutes": batch.duration_minutes,
                    "provider": provider,
                    "link": link.get(provider, ""),
                }
            )
    session_count = copy_rows(ClassSession, sessions)
    batch_index = {batch.pk: index for index, batch in enumerate(batches)}
    lap("batches")

    enrolment_plans = plan_enrolments(batch_plans, genders, sizes.enrolments, rng, now, tz)
    copy_rows(
        Enrolment,
        (
            {
                "user_id": learner_ids[plan.learner],
                "batch_id": batches[plan.batch].pk,
                "status": plan.status,
                "queued_at": plan.queued_at,
                "enrolled_at": plan.enrolled_at,
                "completed_at": plan.completed_at,
                "withdrawn_at": plan.withdrawn_at,
                "source": plan.source,
            }
            for plan in enrolment_plans
        ),
    )
    lap("enrolments")

    # What the trainers marked for the classes already held: most people came.
    stored = ClassSession.objects.filter(batch__in=batches).values_list("pk", "batch_id", "sequence")
    session_ids = {(batch_id, sequence): pk for pk, batch_id, sequence in stored}
    active: dict[int, list[EnrolmentPlan]] = {}
    for plan in enrolment_plans:
        if plan.status in ("enrolled", "completed"):
            active.setdefault(plan.batch, []).append(plan)
    attendance = []
    for session in sessions:
        ends = session["starts_at"] + dt.timedelta(minutes=session["duration_minutes"])
        if ends >= now:
            continue
        index = batch_index[session["batch_id"]]
        for plan in active.get(index, []):
            if plan.enrolled_at and plan.enrolled_at > session["starts_at"]:
                continue
            present = rng.random() < (0.93 if plan.status == "completed" else 0.8)
            attendance.append(
                {
                    "session_id": session_ids[(session["batch_id"], session["sequence"])],
                    "user_id": learner_ids[plan.learner],
                    "present": present,
                    "minutes": rng.randint(session["duration_minutes"] // 2, session["duration_minutes"])
                    if present
                    else 0,
                    "sources": "sheet",
                }
            )
    attendance_count = copy_rows(Attendance, attendance)
    lap("attendance")

    lessons = [lesson_ids for _, lesson_ids in courses]
    progress_plans = plan_progress(enrolment_plans, batch_plans, [len(ids) for ids in lessons], rng, now)
    copy_rows(
        LessonProgress,
        (
            {
                "user_id": learner_ids[plan.learner],
                "lesson_id": lessons[plan.course][plan.lesson],
                "course_id": courses[plan.course][0].pk,
                "done_at": plan.done_at,
            }
            for plan in progress_plans
        ),
    )
    lap("progress")

    statuses: dict[str, int] = {}
    for plan in enrolment_plans:
        statuses[plan.status] = statuses.get(plan.status, 0) + 1
    full = {plan.batch for plan in enrolment_plans if plan.status == "waitlisted"}
    mine = [plan for plan in enrolment_plans if plan.learner == 0]
    return {
        "counts": {
            "learners": len(rows),
            "districts": len({row["district_id"] for row in rows}),
            "course_pages": len(courses),
            "lesson_pages": sum(len(ids) for ids in lessons),
            "translated_courses": sum(1 for plan in course_plans if plan.translate),
            "batches": len(batches),
            "batches_with_waitlist": len(full),
            "class_sessions": session_count,
            "attendance": attendance_count,
            "enrolments": len(enrolment_plans),
            "enrolments_by_status": dict(sorted(statuses.items())),
            "lesson_progress": len(progress_plans),
        },
        "dashboard_learner": {"phone": DASHBOARD_LEARNER, "enrolments": sorted(p.status for p in mine)},
        "featured_course": FEATURED_COURSE_PATH,
        "timings_s": timings,
    }


ANALYZE_TABLES = (
    "people_user",
    "courses_batch",
    "courses_batch_trainers",
    "courses_enrolment",
    "courses_lessonprogress",
    "events_classsession",
    "events_attendance",
    "wagtailcore_page",
)


def ensure(sizes: Sizes, *, force: bool = False) -> dict[str, Any]:
    """Build the dataset unless the database already holds this one. Returns a summary."""
    from django.db import connection, transaction
    from django.utils import timezone

    if connection.vendor != "postgresql":
        raise RuntimeError("the bench dataset is written with PostgreSQL COPY: set DATABASE_URL")
    started = time.perf_counter()
    key = fingerprint(sizes, source_hash(), demo_hash(), timezone.localdate())
    _ensure_marker_table()
    recorded = _recorded()
    if not force and recorded and recorded[0] == key and still_there(sizes):
        summary = {**recorded[1], "seed_demo_seconds": None}
        return {"built": False, "fingerprint": key, "seconds": round(time.perf_counter() - started, 2), **summary}
    with transaction.atomic():
        removed = clear()
    # seed_demo commits per seeder, as it does from manage.py; the dataset is one transaction.
    seed_demo_seconds = run_seed_demo()
    with transaction.atomic():
        details = build(sizes)
        details["sizes"] = {"learners": sizes.learners, "batches": sizes.batches, "enrolments": sizes.enrolments}
        details["removed_before"] = removed
        details["build_seconds"] = round(time.perf_counter() - started, 2)
        _record(key, details)
    details["seed_demo_seconds"] = seed_demo_seconds
    # After the commit: Wagtail's search and reference index tasks have run by now, and
    # the planner gets statistics for the new rows instead of guessing.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(ANALYZE_TABLES)}")
    return {"built": True, "fingerprint": key, "seconds": round(time.perf_counter() - started, 2), **details}


# --- entry points ---------------------------------------------------------------------------------

RESULT_MARKER = "BENCH_DATASET"


def parse_result(output: str) -> dict[str, Any]:
    """The summary that main() printed, from the subprocess's stdout."""
    match = re.search(rf"^{RESULT_MARKER} (.*)$", output, re.MULTILINE)
    if not match:
        raise ValueError(f"no {RESULT_MARKER} line in the dataset output:\n{output}")
    return json.loads(match.group(1))


def ensure_in_subprocess(env: Mapping[str, str], cwd: Path, *, force: bool = False) -> dict[str, Any]:
    """Run this module under `env` (the bench settings and database); its summary."""
    argv = [sys.executable, "-m", "tests.bench.dataset", *(["--force"] if force else [])]
    done = subprocess.run(argv, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"building the bench dataset failed:\n{done.stdout}{done.stderr}")
    return parse_result(done.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the same dataset is there")
    args = parser.parse_args(argv)
    sizes = Sizes.from_env()
    import django

    django.setup()
    summary = ensure(sizes, force=args.force)
    print(f"{RESULT_MARKER} {json.dumps(summary, ensure_ascii=False, default=str)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
