"""What the catalogue, course and lesson pages show: listing logic kept out of the models.

Every function here runs a fixed number of queries whatever the number of courses,
batches or lessons (the tests count them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale

from courses.models import Batch, CourseFacts, CoursePage, DeliveryMode, Enrolment, LessonPage, LessonProgress, Trade
from courses.services import is_forum_member, members_only_forum, waitlist_positions
from lms.lib.memo import memo
from lms.lib.pages import source_page
from lms.people.models import District

OPEN_STATUSES = (Batch.Status.OPEN, Batch.Status.RUNNING)
STARTING_SOON_DAYS = 30
PAGE_SIZE = 20


def _active_locale() -> Locale:
    return _locale((get_language() or settings.LANGUAGE_CODE)[:2])


@memo(300)
def _locale(language_code: str) -> Locale:
    return Locale.objects.get(language_code=language_code)


def _batches_by_course_key(keys) -> dict:
    """Open and running batches, grouped by their course's translation key.

    The key is annotated rather than the course joined in: building a full page object per
    batch (modelcluster's __init__) cost four times the query itself."""
    grouped = defaultdict(list)
    batches = (
        Batch.objects.filter(course__translation_key__in=keys, status__in=OPEN_STATUSES)
        .annotate(course_key=F("course__translation_key"))
        .select_related("district")
        .order_by("first_date", "pk")
    )
    for batch in batches:
        grouped[batch.course_key].append(batch)
    return grouped


def catalogue_context(index_page, request) -> dict:
    params = request.GET
    locale = index_page.locale
    courses = CoursePage.objects.live().filter(locale=locale).select_related("facts__trade").order_by("title")

    trade = Trade.objects.filter(slug=params.get("trade", "")).first()
    if trade:
        courses = courses.filter(facts__trade=trade)
    mode = params.get("mode", "")
    if mode in DeliveryMode.values:
        courses = courses.filter(facts__delivery_mode=mode)

    batch_filter = Q()
    language = params.get("language", "")
    if language in dict(settings.LANGUAGES):
        batch_filter &= Q(language=language)
    district = (
        District.objects.filter(pk=params.get("district") or None).first()
        if params.get("district", "").isdigit()
        else None
    )
    if district:
        batch_filter &= Q(district=district)
    soon = params.get("soon") == "1"
    if soon:
        today = timezone.localdate()
        batch_filter &= Q(first_date__gte=today, first_date__lte=today + dt.timedelta(days=STARTING_SOON_DAYS))
    if batch_filter:
        keys = Batch.objects.filter(batch_filter, status__in=OPEN_STATUSES).values("course__translation_key")
        courses = courses.filter(translation_key__in=keys)

    query = params.get("q", "").strip()[:100]
    if query:
        hits = CoursePage.objects.live().filter(locale=locale).search(query, operator="or")
        courses = courses.filter(pk__in=[page.pk for page in hits])

    page_obj = Paginator(courses, PAGE_SIZE).get_page(params.get("page"))
    items = list(page_obj.object_list)
    batches = _batches_by_course_key([c.translation_key for c in items])
    for course in items:
        course.open_batches = batches.get(course.translation_key, [])
    return {
        "page_obj": page_obj,
        "courses": items,
        "trades": Trade.objects.all(),
        "modes": DeliveryMode.choices,
        "districts": District.objects.order_by("name_en"),
        "filters": {
            "trade": trade.slug if trade else "",
            "mode": mode,
            "language": language,
            "district": district.pk if district else "",
            "soon": soon,
            "q": query,
        },
        "filtered": bool(trade or mode or batch_filter or query),
    }


def course_context(course: CoursePage, request) -> dict:
    source = source_page(course)
    # Shared by every language copy; the trade in the same query, the trainers in one more.
    course.facts = CourseFacts.objects.select_related("trade").prefetch_related("trainers").get(pk=course.facts_id)
    batches = list(
        Batch.objects.filter(course=source, status__in=OPEN_STATUSES)
        .select_related("district", "forum")
        .order_by("first_date")
    )
    lessons = list(
        LessonPage.objects.live().child_of(course).only("title", "url_path", "estimated_minutes", "translation_key")
    )
    my_enrolments: dict[int, Enrolment] = {}
    done_keys: set = set()
    if request.user.is_authenticated:
        my_enrolments = {
            e.batch_id: e
            for e in Enrolment.objects.filter(user=request.user, batch__in=batches).select_related("batch")
        }
        done_keys = set(
            LessonProgress.objects.filter(user=request.user, course=source).values_list(
                "lesson__translation_key", flat=True
            )
        )
    now = timezone.now()
    positions = waitlist_positions([e for e in my_enrolments.values() if e.status == Enrolment.Status.WAITLISTED])
    for enrolment in my_enrolments.values():
        enrolment.position = positions.get(enrolment.pk)
    for batch in batches:
        batch.my_enrolment = my_enrolments.get(batch.pk)
        batch.enrolment_open = batch.is_enrolment_open(now)
        # A members-only batch tells everyone else which forum to join, instead of "Enrol".
        batch.members_forum = members_only_forum(batch)
        batch.forum_member = batch.members_forum is not None and is_forum_member(request.user, batch)
    for lesson in lessons:
        lesson.done = lesson.translation_key in done_keys
    done = sum(1 for lesson in lessons if lesson.done)
    return {
        "batches": batches,
        "lessons": lessons,
        "lessons_done": done,
        "progress_percent": round(100 * done / len(lessons)) if lessons else 0,
        "trainers": list(course.facts.trainers.all()),
    }


def lesson_context(lesson: LessonPage, request) -> dict:
    siblings = list(LessonPage.objects.live().sibling_of(lesson).only("title", "url_path", "path"))
    index = next(i for i, page in enumerate(siblings) if page.pk == lesson.pk)
    done = False
    if request.user.is_authenticated:
        done = LessonProgress.objects.filter(user=request.user, lesson__translation_key=lesson.translation_key).exists()
    return {
        "course": lesson.get_parent().specific,
        "previous_lesson": siblings[index - 1] if index > 0 else None,
        "next_lesson": siblings[index + 1] if index + 1 < len(siblings) else None,
        "done": done,
    }


def localised_courses(courses: list[CoursePage]) -> dict[int, CoursePage]:
    """{default-language course id: the course page in the reader's language}, one query."""
    locale = _active_locale()
    if locale.language_code == settings.LANGUAGE_CODE:
        return {c.pk: c for c in courses}
    translated = {
        p.translation_key: p
        for p in CoursePage.objects.live().filter(
            locale=locale, translation_key__in=[c.translation_key for c in courses]
        )
    }
    return {c.pk: translated.get(c.translation_key, c) for c in courses}
