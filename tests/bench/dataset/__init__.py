"""The benchmark's dataset at national scale: 100,000 learners, 2,000 batches, 500,000 enrolments,
more than a million attendance rows and 100,000 certificates, built in bulk in minutes.

`make bench` runs this (python -m tests.bench.dataset, in the bench environment) after
migrate. It is cached: a small table, bench_dataset, records the fingerprint of the dataset
in the database (the sizes, a hash of this package's modules, a hash of seed_demo and its
demo modules, and the day: the data is relative to today), and a run with the same
fingerprint does nothing. Otherwise the previous bench data is deleted, seed_demo runs, then
the dataset is built in one transaction (an interrupted build leaves no marker, so the next
run rebuilds).

seed_demo runs here, before the bench batches exist, and not on every run: its events
seeder walks every batch in the database and records attendance one row at a time for
every past class, which completes enrolments and issues certificates. Run after the
dataset, it took minutes and changed the dataset under the benchmark. The generator
writes the attendance of past bench classes itself, in bulk, so a later seed_demo finds
nothing to add.

Sizes come from the environment: BENCH_LEARNERS (100,000), BENCH_BATCHES (2,000),
BENCH_ENROLMENTS (500,000). Rows are written with PostgreSQL COPY, their ids reserved from
the tables' sequences first (bulk_create only for the 2,000 batches); only the ~50 course
pages and their lessons go through the Wagtail API, since pages live in a tree that cannot
be bulk-inserted safely. Everything random comes from one seeded generator: the same sizes
give the same data (the certificates' public codes excepted: secrets, like the app's).

Certificates: every completed enrolment has one, as certificates.services would issue it
(source_key "enrolment:<id>", so the service sees them as issued; the kind and default
template of the course, workshop ones included; serials numbered per year after those
already used, and the year's SerialCounter advanced past them). The completed share comes
from the plan: most batches of two years are finished, and 72% of those with a place
completed. The dashboard learner's first certificate is issued for real through the service
(rendered, signed, stored): its page is the summary's "verify_path", and every other
certificate's `pdf` points at that same file, written once. Rendering 100,000 PDFs would take
hours and test nothing the bulk certificate scenario does not.

Modules: people (phone numbers, names), plan (pure planning, unit-tested without a
database), write (COPY, course pages), build (the steps), cache (fingerprint, clearing,
ensure, the entry points). This module re-exports what the harness and the tests use.
"""

from tests.bench.dataset.cache import (
    ANALYZE_TABLES,
    MARKER_TABLE,
    RESULT_MARKER,
    VERSION,
    _bench_courses,
    _bench_learners,
    clear,
    demo_hash,
    ensure,
    ensure_in_subprocess,
    files_hash,
    fingerprint,
    main,
    parse_result,
    run_seed_demo,
    source_hash,
    still_there,
)
from tests.bench.dataset.people import (
    BENCH_PASSWORD,
    BENCH_PHONE_RE,
    DASHBOARD_LEARNER,
    OPERATOR_WEIGHTS,
    bench_phone,
    learner_rows,
    person_name,
)
from tests.bench.dataset.plan import (
    CATALOGUE_PATH,
    COMPLETED_SHARE,
    COURSES,
    DASHBOARD_PLAN,
    FEATURED_BATCH_STATUSES,
    FEATURED_COURSE_PATH,
    FEATURED_COURSE_SLUG,
    SEED,
    SLUG_PREFIX,
    SURGE_BATCH_NAME,
    TRAINER_CLASS_MIN_LEARNERS,
    BatchPlan,
    CoursePlan,
    EnrolmentPlan,
    ProgressPlan,
    Sizes,
    TradeInfo,
    _demands,
    number_serials,
    plan_batches,
    plan_courses,
    plan_enrolments,
    plan_progress,
    trainer_batch,
)

__all__ = [
    "ANALYZE_TABLES",
    "BENCH_PASSWORD",
    "BENCH_PHONE_RE",
    "CATALOGUE_PATH",
    "COMPLETED_SHARE",
    "COURSES",
    "DASHBOARD_LEARNER",
    "DASHBOARD_PLAN",
    "FEATURED_BATCH_STATUSES",
    "FEATURED_COURSE_PATH",
    "FEATURED_COURSE_SLUG",
    "MARKER_TABLE",
    "OPERATOR_WEIGHTS",
    "RESULT_MARKER",
    "SEED",
    "SLUG_PREFIX",
    "SURGE_BATCH_NAME",
    "TRAINER_CLASS_MIN_LEARNERS",
    "VERSION",
    "BatchPlan",
    "CoursePlan",
    "EnrolmentPlan",
    "ProgressPlan",
    "Sizes",
    "TradeInfo",
    "_bench_courses",
    "_bench_learners",
    "_demands",
    "bench_phone",
    "clear",
    "demo_hash",
    "ensure",
    "ensure_in_subprocess",
    "files_hash",
    "fingerprint",
    "learner_rows",
    "main",
    "number_serials",
    "parse_result",
    "person_name",
    "plan_batches",
    "plan_courses",
    "plan_enrolments",
    "plan_progress",
    "run_seed_demo",
    "source_hash",
    "still_there",
    "trainer_batch",
]
