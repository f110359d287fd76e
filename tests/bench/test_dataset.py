"""The bench dataset's planning on small sizes: no database, no Django models."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest
from django.db import connection

from lms.lib.names import validate_person_name
from lms.lib.phone import normalise_mobile
from tests.bench import dataset
from tests.bench.dataset import (
    DASHBOARD_PLAN,
    FEATURED_BATCH_STATUSES,
    FEATURED_COURSE_SLUG,
    Sizes,
    TradeInfo,
)

NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
TRADES = [
    TradeInfo("block-printing", "ব্লক প্রিন্ট", "Block printing"),
    TradeInfo("batik", "বাটিক", "Batik"),
    TradeInfo("f-commerce", "এফ-কমার্স", "F-commerce"),
    TradeInfo("nakshi-kantha", "নকশিকাঁথা", "Nakshi kantha"),
]
PLACES = [(1, [11, 12]), (2, [21]), (3, [])]
DISTRICTS = [(1, "ঢাকা"), (2, "যশোর"), (3, "বগুড়া")]


def plan(learners: int = 400, batches: int = 40, enrolments: int = 1500, seed: int = 7):
    rng = random.Random(seed)
    rows = dataset.learner_rows(learners, rng, PLACES, "hash", NOW)
    courses = dataset.plan_courses(TRADES, count=12)
    batch_plans = dataset.plan_batches(courses, batches, rng, TODAY, DISTRICTS, {t.slug: t for t in TRADES})
    genders = [row["gender"] for row in rows]
    enrolment_plans = dataset.plan_enrolments(batch_plans, genders, enrolments, rng, NOW)
    lessons = [len(course.lessons) for course in courses]
    progress = list(dataset.plan_progress(enrolment_plans, batch_plans, lessons, rng, NOW))
    return rows, courses, batch_plans, enrolment_plans, progress


def test_sizes_default_to_the_issue_and_read_the_environment():
    assert Sizes.from_env({}) == Sizes(100_000, 2_000, 500_000)
    assert Sizes.from_env({"BENCH_LEARNERS": "20_000", "BENCH_ENROLMENTS": "60,000"}) == Sizes(20_000, 2_000, 60_000)
    with pytest.raises(ValueError, match="BENCH_BATCHES"):
        Sizes.from_env({"BENCH_BATCHES": "many"})
    with pytest.raises(ValueError, match="BENCH_LEARNERS"):
        Sizes.from_env({"BENCH_LEARNERS": "5"})


def test_fingerprint_changes_with_the_sizes_the_generator_the_demo_data_and_the_day():
    def key(sizes=Sizes(), source="abc", demo="def", day=TODAY):
        return dataset.fingerprint(sizes, source, demo, day)

    assert key() == key(Sizes(100_000, 2_000, 500_000))
    assert len({key(), key(Sizes(learners=10_001)), key(Sizes(courses=5)), key(source="abd"), key(demo="deg")}) == 5
    assert key() != key(day=TODAY + dt.timedelta(days=1))  # the data is relative to today
    assert len(dataset.source_hash()) == 12


def test_files_hash_follows_the_content(tmp_path):
    one, two = tmp_path / "one.py", tmp_path / "two.py"
    one.write_text("a = 1\n")
    two.write_text("b = 2\n")
    first = dataset.files_hash([one, two])
    assert first == dataset.files_hash([one, two]) and len(first) == 12
    two.write_text("b = 3\n")
    assert dataset.files_hash([one, two]) != first


def test_bench_phones_are_valid_unique_and_apart_from_demo_and_factory_numbers():
    phones = [dataset.bench_phone(i) for i in range(2000)] + [dataset.bench_phone(9_999_999)]
    assert len(set(phones)) == len(phones)
    for phone in phones[:50] + phones[-1:]:
        assert normalise_mobile(phone) == phone  # a learner can log in with it
        assert re.match(dataset.BENCH_PHONE_RE, phone)
    assert dataset.DASHBOARD_LEARNER == dataset.bench_phone(0)
    assert Counter(phone[5] for phone in phones).most_common(1)[0][0] == "7"  # mostly Grameenphone
    for other in ("+8801700000101", "+8801710000000", "+8801812345678"):
        assert not re.match(dataset.BENCH_PHONE_RE, other)


def test_learners_have_valid_names_places_and_one_password_hash():
    rows, *_ = plan()
    assert len(rows) == 400
    assert rows[0]["gender"] == "female" and rows[0]["phone"] == dataset.DASHBOARD_LEARNER
    genders = Counter(row["gender"] for row in rows)
    assert genders["female"] > genders["male"] > 0
    for row in rows:
        validate_person_name(row["full_name"])
        if row["name_en"]:
            validate_person_name(row["name_en"])
        assert row["password"] == "hash"
        assert 1965 <= row["birth_year"] <= 2007
        assert row["upazila_id"] in {None, *dict(PLACES)[row["district_id"]]}
    assert {row["district_id"] for row in rows} == {1, 2, 3}


def test_courses_start_with_the_featured_one_and_have_unique_bench_slugs():
    courses = dataset.plan_courses(TRADES, count=12)
    assert courses[0].slug == FEATURED_COURSE_SLUG
    assert len({c.slug for c in courses}) == 12
    assert all(c.slug.startswith(dataset.SLUG_PREFIX) and 3 <= len(c.lessons) <= 6 for c in courses)
    assert sum(c.translate for c in courses) == 6
    with pytest.raises(ValueError, match="batik"):
        dataset.plan_courses(TRADES[2:], count=4)
    assert len(dataset.plan_courses(TRADES * 3, count=dataset.COURSES)) == dataset.COURSES


def test_batches_give_the_featured_course_its_fixed_mix_and_venues_to_in_person_ones():
    _rows, courses, batches, *_ = plan()
    assert len(batches) == 40
    featured = [b for b in batches if b.course == 0]
    assert sorted(b.status for b in featured) == sorted(FEATURED_BATCH_STATUSES)
    for batch in batches:
        assert (batch.delivery == "in_person") == bool(batch.district and batch.venue)
        assert batch.weeks == courses[batch.course].duration_weeks
        assert batch.name and len(batch.name) <= 120
    numbers = [int(b.name.rsplit(" ", 1)[-1].translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))) for b in featured]
    by_date = [n for _, n in sorted(zip([(b.first_date, b.start_time) for b in featured], numbers, strict=True))]
    assert by_date == list(range(1, len(featured) + 1))  # numbered in date order


def test_enrolments_fill_batches_in_queue_order_and_never_overbook():
    rows, _courses, batches, enrolments, _progress = plan()
    assert len(enrolments) == 1500
    assert len({(e.learner, e.batch) for e in enrolments}) == len(enrolments)
    by_batch: dict[int, list] = {}
    for e in enrolments:
        by_batch.setdefault(e.batch, []).append(e)
    with_waitlist = 0
    for index, members in by_batch.items():
        batch = batches[index]
        statuses = Counter(e.status for e in members)
        taken = statuses["enrolled"] + statuses["completed"]
        assert taken <= batch.capacity
        if statuses["waitlisted"]:
            with_waitlist += 1
            assert taken == batch.capacity  # a waitlist only when the batch is full
            first_waiting = min(e.queued_at for e in members if e.status == "waitlisted")
            assert all(e.queued_at <= first_waiting for e in members if e.status in ("enrolled", "completed"))
        assert batch.status != "draft"
        if batch.status == "cancelled":
            assert set(statuses) == {"withdrawn"}
        if statuses["completed"]:
            assert batch.status == "finished"
        if batch.audience == "women":
            assert all(rows[e.learner]["gender"] == "female" for e in members)
        for e in members:
            assert (e.enrolled_at is not None) == (e.status in ("enrolled", "completed"))
            assert e.queued_at <= NOW
    assert with_waitlist >= 1  # at least the dashboard learner's batch; more with more demand


def test_the_dashboard_learner_gets_her_planned_enrolments_in_several_courses():
    _rows, _courses, batches, enrolments, _progress = plan()
    mine = [e for e in enrolments if e.learner == 0]
    assert sorted(e.status for e in mine) == sorted(DASHBOARD_PLAN)
    assert len({batches[e.batch].course for e in mine}) >= 4
    assert all(batches[e.batch].course != 0 for e in mine)  # the course page is seen anonymously
    waiting = next(e for e in mine if e.status == "waitlisted")
    assert batches[waiting.batch].status == "open"


def test_progress_is_unique_per_lesson_and_complete_for_those_who_completed():
    _rows, courses, batches, enrolments, progress = plan()
    keys = [(p.learner, p.course, p.lesson) for p in progress]
    assert len(set(keys)) == len(keys)
    done = Counter((p.learner, p.course) for p in progress)
    for p in progress:
        assert 0 <= p.lesson < len(courses[p.course].lessons)
        assert p.done_at <= NOW
    for e in enrolments:
        course = batches[e.batch].course
        if e.status == "completed":
            assert done[(e.learner, course)] == len(courses[course].lessons)
    assert progress


def test_the_same_seed_plans_the_same_data():
    first, second = plan(seed=3), plan(seed=3)
    assert first[0] == second[0]
    assert [(e.learner, e.batch, e.status) for e in first[3]] == [(e.learner, e.batch, e.status) for e in second[3]]
    assert [(e.learner, e.batch) for e in plan(seed=4)[3]] != [(e.learner, e.batch) for e in first[3]]


def test_demand_stops_at_the_pool_of_eligible_learners():
    rng = random.Random(1)
    _rows, courses, batches, *_ = plan()
    demands = dataset._demands(batches, 10**6, rng, [25] * len(batches))
    assert all(d <= 25 for d in demands)
    assert all(d == 0 for d, b in zip(demands, batches, strict=True) if b.status == "draft")


def test_parse_result_reads_the_summary_line():
    output = 'noise\nBENCH_DATASET {"built": false, "seconds": 0.1}\n'
    assert dataset.parse_result(output) == {"built": False, "seconds": 0.1}
    with pytest.raises(ValueError, match="BENCH_DATASET"):
        dataset.parse_result("nothing")


def test_the_source_hash_covers_every_module_of_the_generator(tmp_path):
    from tests.bench.dataset import cache

    modules = sorted(cache.PACKAGE_DIR.glob("*.py"))
    assert {path.name for path in modules} >= {
        "__init__.py",
        "build.py",
        "cache.py",
        "people.py",
        "plan.py",
        "write.py",
    }
    assert dataset.source_hash() == dataset.files_hash(modules)


def test_the_trainer_scenario_gets_a_running_batch_with_a_hundred_learners_when_there_is_one():
    rows, _courses, batches, enrolments, _progress = plan(learners=1500, batches=40, enrolments=6000)
    index = dataset.trainer_batch(batches, enrolments)
    active = Counter(e.batch for e in enrolments if e.status in ("enrolled", "completed"))
    big_running = [i for i, b in enumerate(batches) if b.status == "running" and active[i] >= 100]
    assert big_running, "the plan should have a big running batch at these sizes"
    assert index == min(big_running, key=lambda i: (active[i], i))
    # Small plans fall back to the biggest class held so far.
    _rows, _courses, small_batches, small_enrolments, _ = plan(learners=60, batches=40, enrolments=200)
    fallback = dataset.trainer_batch(small_batches, small_enrolments)
    assert small_batches[fallback].status in ("running", "finished")


def test_serials_continue_after_the_numbers_already_used_in_each_year():
    days = [dt.date(2025, 12, 30), dt.date(2026, 1, 2), dt.date(2026, 1, 2), dt.date(2026, 3, 1)]
    serials, last = dataset.number_serials(days, {2026: 41})
    assert serials == ["UDY-2025-000001", "UDY-2026-000042", "UDY-2026-000043", "UDY-2026-000044"]
    assert last == {2025: 1, 2026: 44}


def test_the_full_size_plan_meets_the_issue_without_a_database():
    """The issue's floors at the default sizes; the attendance and certificate rows follow from
    the completed and active enrolments (counted by the DB test and the real build)."""
    sizes = Sizes()
    assert (sizes.learners, sizes.batches, sizes.enrolments) >= (100_000, 2_000, 500_000)
    rng = random.Random(dataset.SEED)
    trades = [TradeInfo("batik", "বাটিক", "Batik")] + [TradeInfo(f"t{i}", f"t{i}", f"T{i}") for i in range(10)]
    courses = dataset.plan_courses(trades, sizes.courses)
    batches = dataset.plan_batches(courses, sizes.batches, rng, TODAY, DISTRICTS, {t.slug: t for t in trades})
    genders = ["female" if i % 4 else "male" for i in range(sizes.learners)]
    enrolments = dataset.plan_enrolments(batches, genders, sizes.enrolments, rng, NOW)
    statuses = Counter(e.status for e in enrolments)
    assert len(enrolments) == sizes.enrolments
    assert statuses["completed"] >= 120_000  # one certificate each, with a margin over 100,000
    held = Counter(e.batch for e in enrolments if e.status in ("enrolled", "completed"))
    classes_held = sum(
        held[i] * b.weeks * len(b.weekdays.split(",")) for i, b in enumerate(batches) if b.status == "finished"
    )
    assert classes_held >= 1_200_000  # attendance rows of finished batches alone


# --- on PostgreSQL: a tiny dataset, built and read back through the app ----------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL (set DATABASE_URL); CI runs it")
@pytest.mark.django_db
def test_a_tiny_build_writes_certificates_the_service_and_the_pages_accept(client, trainer, other_trainer):
    from certificates import services
    from certificates.models import Certificate, SerialCounter
    from courses.models import Enrolment
    from events.models import Attendance
    from lms.people.models import User
    from tests.bench.dataset.build import build

    summary = build(Sizes(learners=300, batches=40, enrolments=1500, courses=4))
    connection.check_constraints()  # the foreign keys PostgreSQL would check at commit
    counts = summary["counts"]
    assert counts["learners"] == dataset._bench_learners().count() == 300
    assert counts["enrolments"] == Enrolment.objects.filter(user__phone__regex=dataset.BENCH_PHONE_RE).count()
    assert counts["attendance"] == Attendance.objects.count() > 0

    completed = Enrolment.objects.filter(status="completed", user__phone__regex=dataset.BENCH_PHONE_RE)
    certificates = Certificate.objects.filter(recipient__phone__regex=dataset.BENCH_PHONE_RE)
    assert counts["certificates"] == certificates.count() == completed.count() > 0
    assert set(certificates.values_list("source_key", flat=True)) == {
        f"enrolment:{pk}" for pk in completed.values_list("pk", flat=True)
    }
    assert all(len(code) >= 22 for code in certificates.values_list("code", flat=True))
    assert certificates.filter(status_index__isnull=True).count() == 0
    assert len({c.pdf.name for c in certificates}) == 1  # one shared file
    # The serial counter is past every serial, so the next real certificate gets a new one.
    for year, last in SerialCounter.objects.values_list("year", "last"):
        numbers = [
            int(s.rsplit("-", 1)[1])
            for s in certificates.filter(serial__startswith=f"UDY-{year}-").values_list("serial", flat=True)
        ]
        assert max(numbers, default=0) <= last
    # The service sees them as issued: nothing new, the bulk row comes back.
    enrolment = completed.exclude(user__phone=dataset.DASHBOARD_LEARNER).select_related("user", "batch__course").first()
    again, created = services.issue_for_enrolment(enrolment)
    assert not created and again.source_key == f"enrolment:{enrolment.pk}"

    assert client.get(summary["verify_path"]).status_code == 200
    other = certificates.exclude(pk=again.pk).first()
    page = client.get(f"/verify/{other.code}/")
    assert page.status_code == 200 and other.recipient_name in page.content.decode()
    assert client.get(f"/verify/{other.code}/pdf/").status_code == 200

    teacher = summary["trainer_class"]
    assert teacher["login"] in {trainer.phone, other_trainer.phone}
    client.force_login(User.objects.get(phone=teacher["login"]))
    assert client.get(teacher["path"]).status_code == 200
