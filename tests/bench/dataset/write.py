"""Writing rows fast: PostgreSQL COPY with ids reserved up front, and the few course pages (with
their course facts) that must go through Wagtail's page tree.

Django from here on; nothing in this module is imported before django.setup().
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tests.bench.dataset.plan import CATALOGUE_PATH, LESSON_TEXT, CoursePlan


def reserve_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys from the table's own sequence, so rows written by COPY can
    be referred to (enrolment:<id>, attendance of session <id>) without reading them back."""
    from django.db import connection

    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows (tuples in the order of `columns`, attnames) into the model's table, in the
    ORM's transaction; every other column takes its default. Returns the number written.

    Values go to psycopg as they are (ints, str, bools, dates, None): no per-value Django
    conversion, which took most of the time at a million rows. The defaults are converted once.
    """
    from django.db import connection
    from django.utils import timezone

    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [name for name in columns if name not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no field {unknown}")
    now = timezone.now()
    rest, constants = [], []
    for f in model._meta.concrete_fields:
        if f.attname in columns or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default() and callable(f.default) and f.unique:
            raise ValueError(f"{model.__name__}.{f.attname}: unique, give a value per row")
        elif f.has_default() or f.null or f.empty_strings_allowed:
            value = f.get_default()  # the default, else None or ""
        else:
            raise ValueError(f"{model.__name__}.{f.attname}: no value and no default")
        rest.append(f)
        constants.append(f.get_db_prep_save(value, connection))
    quote = connection.ops.quote_name
    names = [fields[name].column for name in columns] + [f.column for f in rest]
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, names))}) FROM STDIN"
    tail = tuple(constants)
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write((*row, *tail))
            written += 1
    return written


def create_facts(plans: Sequence[CoursePlan]) -> list[Any]:
    """The course facts of the plans (at most 50 rows), two trainers each: one INSERT for the
    facts and one for their trainers. The pages that point at them go through Wagtail."""
    from courses.models import CourseFacts, Trade
    from lms.people.models import User
    from lms.people.roles import GROUP_NAMES, TRAINER

    trades = {t.slug: t for t in Trade.objects.all()}
    trainers = list(
        User.objects.filter(groups__name=GROUP_NAMES[TRAINER]).order_by("phone").values_list("pk", flat=True)
    )
    facts = CourseFacts.objects.bulk_create(
        CourseFacts(
            trade=trades[plan.trade],
            level=plan.level,
            delivery_mode=plan.delivery_mode,
            duration_weeks=plan.duration_weeks,
            **plan.rule,
        )
        for plan in plans
    )
    through = CourseFacts.trainers.through
    through.objects.bulk_create(
        through(coursefacts_id=row.pk, user_id=trainers[(number + k) % len(trainers)])
        for number, row in enumerate(facts)
        for k in range(min(2, len(trainers)))
    )
    return facts


def create_courses(plans: Sequence[CoursePlan]) -> list[tuple[Any, list[int]]]:
    """The course pages (published, with revisions, like an editor's) and their course facts,
    each page with its lesson ids; every other one translated to English (sharing the facts)."""
    from django.conf import settings
    from wagtail.models import Locale

    from cms.models import HomePage
    from courses.models import CourseIndexPage, CoursePage, LessonPage

    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:  # seed_demo makes it; without seed_demo make the same one
        index = CourseIndexPage(title="কোর্সসমূহ", slug=CATALOGUE_PATH.strip("/"))
        home.add_child(instance=index)
        index.save_revision().publish()
    english = Locale.objects.filter(language_code="en").first()
    english_index = index.get_translation_or_none(english) if english else None
    created = []
    for plan, facts in zip(plans, create_facts(plans), strict=True):
        course = CoursePage(
            title=plan.title_bn,
            slug=plan.slug,
            summary=plan.summary_bn,
            facts=facts,
            certificate_title="সমাপনী সনদ",
            body=[
                ("paragraph", f"<p>{plan.summary_bn}</p><p>{LESSON_TEXT['bn']}</p>"),
                ("what_you_need", ["স্মার্টফোন বা কম্পিউটার", "খাতা ও কলম"]),
            ],
        )
        index.add_child(instance=course)
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
            _translate(course, plan, english)
        created.append((course, lesson_ids))
    return created


def _translate(course, plan: CoursePlan, english) -> None:
    """The English copy (the facts come with it) and its lessons."""
    from courses.models import LessonPage

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
