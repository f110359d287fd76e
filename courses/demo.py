"""Demo catalogue: courses with lessons in Bangla and English sharing their course facts,
batches (one full, with a waitlist), and enrolments of the demo learners. Safe to run twice:
what exists is left as it is."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.utils import timezone
from wagtail.models import Locale

from cms.models import HomePage
from courses.models import Batch, CourseFacts, CourseIndexPage, CoursePage, Enrolment, LessonPage, Trade
from courses.services import enrol
from lms.forums.models import Forum
from lms.people.models import District, User

INDEX = {
    "bn": ("কোর্সসমূহ", "বিনা মূল্যের সব কোর্স: অনলাইন লাইভ ক্লাস, হাতে-কলমে কর্মশালা ও নিজে নিজে শেখা।"),
    "en": ("Courses", "All free courses: live online classes, hands-on workshops and self-paced learning."),
}

# slug, trade, mode, weeks, {bn: (title, summary, [lessons]), en: (...)}, rule
COURSES = [
    (
        "batik-basics",
        "batik",
        "live",
        4,
        {
            "bn": (
                "বাটিক শিল্পের হাতেখড়ি",
                "মোম আর রং দিয়ে কাপড়ে নকশা — ঘরে বসে বাটিক শিখুন, প্রথম ওড়না নিজেই বানান।",
                ["বাটিকের উপকরণ ও নিরাপত্তা", "মোম গলানো ও নকশা আঁকা", "রং করা ও মোম তোলা"],
            ),
            "en": (
                "Batik basics",
                "Wax and dye designs on cloth — learn batik at home and make your first scarf yourself.",
                ["Batik materials and safety", "Melting wax and drawing the design", "Dyeing and removing the wax"],
            ),
        },
        {"min_attendance_percent": 75, "require_all_lessons": True},
    ),
    (
        "f-commerce-start",
        "f-commerce",
        "live",
        6,
        {
            "bn": (
                "ফেসবুকে ব্যবসা শুরু (এফ-কমার্স)",
                "ফেসবুক পেজ খোলা, পণ্যের পোস্ট, অর্ডার নেওয়া ও ডেলিভারি — ধাপে ধাপে।",
                ["ফেসবুক পেজ ও গ্রুপ", "পণ্যের পোস্ট লেখা", "অর্ডার, পেমেন্ট ও ডেলিভারি"],
            ),
            "en": (
                "Start selling on Facebook (F-commerce)",
                "Open a Facebook page, post products, take orders and deliver — step by step.",
                ["Facebook pages and groups", "Writing a product post", "Orders, payment and delivery"],
            ),
        },
        {"min_attendance_percent": 75},
    ),
    (
        "livestream-selling",
        "livestream-selling",
        "live",
        4,
        {
            "bn": (
                "লাইভে পণ্য বিক্রি",
                "নিয়মিত লাইভ স্ট্রিমে পণ্য দেখিয়ে বিক্রি বাড়ান: আলো, ফোন, কথা বলা ও অর্ডার।",
                ["লাইভের প্রস্তুতি", "ক্রেতার সাথে কথা বলা", "লাইভের পর অর্ডার সামলানো"],
            ),
            "en": (
                "Selling on livestream",
                "Sell more by showing products on a regular livestream: light, phone, talk and orders.",
                ["Getting ready to go live", "Talking with buyers", "Handling orders after the live"],
            ),
        },
        {"min_attendance_percent": 75},
    ),
    (
        "nakshi-kantha-workshop",
        "nakshi-kantha",
        "workshop",
        3,
        {
            "bn": (
                "নকশিকাঁথা কর্মশালা",
                "হাতে-কলমে নকশিকাঁথার ফোঁড়, নকশা ও রঙের মিল — প্রশিক্ষকের সামনে কাজ দেখিয়ে সনদ।",
                ["ফোঁড়ের ধরন", "নকশা তোলা"],
            ),
            "en": (
                "Nakshi kantha workshop",
                "Hands-on nakshi kantha stitches, motifs and colours — show your work to the trainer for the certificate.",
                ["Kinds of stitch", "Transferring the motif"],
            ),
        },
        {"min_attendance_percent": 80, "require_practical": True},
    ),
    (
        "block-printing-workshop",
        "block-printing",
        "workshop",
        2,
        {
            "bn": (
                "ব্লক প্রিন্ট কর্মশালা",
                "কাঠের ব্লকে রং লাগিয়ে কাপড়ে ছাপ — শাড়ি, ওড়না ও বিছানার চাদরের নকশা।",
                ["ব্লক ও রং চেনা", "ছাপার কৌশল"],
            ),
            "en": (
                "Block printing workshop",
                "Printing cloth with carved wooden blocks — designs for saris, scarves and bedcovers.",
                ["Knowing blocks and dyes", "Printing technique"],
            ),
        },
        {"min_attendance_percent": 80, "require_practical": True},
    ),
    (
        "product-photography",
        "product-photography",
        "self_paced",
        2,
        {
            "bn": (
                "মোবাইলে পণ্যের ছবি",
                "সস্তা ফোনেই ঝকঝকে পণ্যের ছবি: আলো, পটভূমি ও সম্পাদনা।",
                ["দিনের আলো কাজে লাগানো", "পটভূমি ও সাজানো", "ছবি সম্পাদনা"],
            ),
            "en": (
                "Product photos with a phone",
                "Sharp product photos on a cheap phone: light, background and editing.",
                ["Using daylight", "Background and arrangement", "Editing the photo"],
            ),
        },
        {"min_attendance_percent": 0, "require_all_lessons": True},
    ),
    (
        "pricing-bookkeeping",
        "pricing-costing",
        "live",
        4,
        {
            "bn": (
                "দাম নির্ধারণ ও হিসাব রাখা",
                "খরচ হিসাব করে লাভসহ সঠিক দাম ঠিক করুন, খাতায় বা ফোনে হিসাব রাখুন।",
                ["খরচের হিসাব", "লাভ ও দাম", "দৈনিক হিসাব খাতা"],
            ),
            "en": (
                "Pricing and bookkeeping",
                "Work out your costs, set a fair price with profit, and keep accounts on paper or phone.",
                ["Counting your costs", "Profit and price", "A daily account book"],
            ),
        },
        {"min_attendance_percent": 75},
    ),
]

LESSON_TEXT = {
    "bn": "<p>এই পাঠে আমরা ধাপে ধাপে কাজটি দেখব। ভিডিওটি দেখুন, তারপর নিজে করে দেখুন এবং প্রশ্ন থাকলে লাইভ ক্লাসে জিজ্ঞেস করুন।</p>",
    "en": "<p>In this lesson we go through the work step by step. Watch the video, then try it yourself and ask in the live class if anything is unclear.</p>",
}


def _next_weekday(today: dt.date, iso_weekday: int) -> dt.date:
    return today + dt.timedelta(days=(iso_weekday - today.isoweekday()) % 7 or 7)


def _index(language: str) -> CourseIndexPage:
    home = HomePage.objects.get(locale__language_code=language)
    index = CourseIndexPage.objects.child_of(home).first()
    if index:
        return index
    if language == "bn":
        index = CourseIndexPage(title=INDEX["bn"][0], intro=INDEX["bn"][1], slug="courses")
        home.add_child(instance=index)
        index.save_revision().publish()
        return index
    source = _index("bn")
    index = source.copy_for_translation(Locale.objects.get(language_code=language))
    index.title, index.intro = INDEX[language]
    index.save_revision().publish()
    return index


def _bangla_course(slug: str, trade: str, mode: str, weeks: int, words: tuple, rule: dict) -> CoursePage:
    """The Bangla page with its lessons, and the course facts every language copy shares."""
    title, summary, lessons = words
    facts = CourseFacts.objects.create(
        trade=Trade.objects.get(slug=trade), delivery_mode=mode, duration_weeks=weeks, **rule
    )
    facts.trainers.set(User.objects.filter(groups__name="Volunteer trainers").order_by("phone")[:2])
    course = CoursePage(
        title=title,
        slug=slug,
        summary=summary,
        facts=facts,
        certificate_title="সমাপনী সনদ",
        body=[("paragraph", f"<p>{summary}</p>"), ("what_you_need", ["স্মার্টফোন বা কম্পিউটার", "খাতা ও কলম"])],
    )
    _index("bn").add_child(instance=course)
    course.save_revision().publish()
    for number, lesson_title in enumerate(lessons, start=1):
        lesson = LessonPage(
            title=lesson_title,
            slug=f"lesson-{number}",
            estimated_minutes=15 + 5 * number,
            body=[("paragraph", LESSON_TEXT["bn"])],
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course


def _translate(course: CoursePage, words: tuple) -> None:
    """The English copy and its lessons: new words, the same facts (copied with the page)."""
    en_locale = Locale.objects.get(language_code="en")
    _index("en")  # the English catalogue exists before its courses are translated
    title, summary, lessons = words
    english = course.copy_for_translation(en_locale)
    english.title, english.summary, english.certificate_title = title, summary, "Certificate of completion"
    english.body = [
        ("paragraph", f"<p>{summary}</p>"),
        ("what_you_need", ["A smartphone or computer", "Notebook and pen"]),
    ]
    english.save_revision().publish()
    for lesson, lesson_title in zip(LessonPage.objects.child_of(course), lessons, strict=False):
        translated = lesson.copy_for_translation(en_locale)
        translated.title = lesson_title
        translated.body = [("paragraph", LESSON_TEXT["en"])]
        translated.save_revision().publish()


def _course(slug: str, trade: str, mode: str, weeks: int, words: dict, rule: dict) -> CoursePage:
    course = CoursePage.objects.child_of(_index("bn")).filter(slug=slug).first()
    if course is None:
        course = _bangla_course(slug, trade, mode, weeks, words["bn"], rule)
    if course.get_translation_or_none(Locale.objects.get(language_code="en")) is None:
        _translate(course, words["en"])
    return course


class DemoBatch(NamedTuple):
    name: str
    course: str  # slug
    delivery: str
    capacity: int
    weekdays: str
    time: dt.time
    # The first class, relative to today: ("saturday", 3) is three days after next Saturday.
    first: tuple[str, int]
    district: str | None = None
    venue: str = ""
    audience: str = "everyone"
    language: str = "bn"


BATCHES = [
    DemoBatch("বাটিক — শনিবার সন্ধ্যা, ব্যাচ ৩", "batik-basics", "zoom", 3, "6", dt.time(21, 0), ("saturday", 0)),
    DemoBatch(
        "বাটিক — মঙ্গলবার, নারীদের ব্যাচ",
        "batik-basics",
        "facebook",
        25,
        "2",
        dt.time(15, 0),
        ("saturday", 3),
        audience="women",
    ),
    DemoBatch("এফ-কমার্স — রবি ও বুধ", "f-commerce-start", "zoom", 40, "7,3", dt.time(20, 30), ("today", -10)),
    DemoBatch(
        "F-commerce — English batch",
        "f-commerce-start",
        "zoom",
        30,
        "5",
        dt.time(19, 0),
        ("saturday", 6),
        language="en",
    ),
    DemoBatch("লাইভে বিক্রি — বৃহস্পতিবার", "livestream-selling", "facebook", 50, "4", dt.time(21, 0), ("saturday", 5)),
    DemoBatch(
        "নকশিকাঁথা — যশোর",
        "nakshi-kantha-workshop",
        "in_person",
        15,
        "6,7",
        dt.time(10, 0),
        ("saturday", 7),
        district="Jashore",
        venue="যশোর মহিলা উন্নয়ন কেন্দ্র, দড়াটানা",
        audience="women",
    ),
    DemoBatch(
        "ব্লক প্রিন্ট — বগুড়া",
        "block-printing-workshop",
        "in_person",
        20,
        "5,6",
        dt.time(10, 0),
        ("saturday", 14),
        district="Bogura",
        venue="বিসিক শিল্পনগরী প্রশিক্ষণ কক্ষ, বগুড়া",
    ),
    DemoBatch("দাম ও হিসাব — সোমবার", "pricing-bookkeeping", "zoom", 40, "1", dt.time(21, 0), ("today", -45)),
]


def _status(first: dt.date, today: dt.date) -> str:
    if first < today - dt.timedelta(days=40):
        return Batch.Status.FINISHED
    return Batch.Status.RUNNING if first <= today else Batch.Status.OPEN


def _batches(courses: dict[str, CoursePage], today: dt.date) -> None:
    anchors = {"today": today, "saturday": _next_weekday(today, 6)}
    trainers = list(User.objects.filter(groups__name="Volunteer trainers").order_by("phone"))
    for index, spec in enumerate(BATCHES):
        anchor, days = spec.first
        first = anchors[anchor] + dt.timedelta(days=days)
        course = courses[spec.course]
        batch, created = Batch.objects.get_or_create(
            name=spec.name,
            defaults=dict(
                course=course,
                delivery=spec.delivery,
                capacity=spec.capacity,
                weekdays=spec.weekdays,
                start_time=spec.time,
                first_date=first,
                weeks=course.facts.duration_weeks,
                audience=spec.audience,
                language=spec.language,
                district=District.objects.get(name_en=spec.district) if spec.district else None,
                venue=spec.venue,
                status=_status(first, today),
                enrol_closes=timezone.make_aware(dt.datetime.combine(first + dt.timedelta(days=7), dt.time(23, 59))),
            ),
        )
        if created:
            batch.trainers.set(trainers[index % len(trainers) : index % len(trainers) + 1] + trainers[:1])


def _enrolments(now: dt.datetime) -> None:
    """Demo learners: the first batik batch fills up (3 places) and two people wait."""
    learners = list(User.objects.filter(phone__startswith="+88017000001").order_by("phone"))
    plan = {
        "বাটিক — শনিবার সন্ধ্যা, ব্যাচ ৩": learners[1:6],
        "এফ-কমার্স — রবি ও বুধ": learners[:12],
        "লাইভে বিক্রি — বৃহস্পতিবার": learners[8:20],
        "নকশিকাঁথা — যশোর": [u for u in learners if u.gender == "female"][:10],
    }
    for name, people in plan.items():
        batch = Batch.objects.get(name=name)
        for number, person in enumerate(people):
            if not Enrolment.objects.filter(user=person, batch=batch).exists():
                enrol(person, batch, now=now + dt.timedelta(seconds=number), source="import")
    finished = Batch.objects.get(name="দাম ও হিসাব — সোমবার")
    for person in learners[:6]:
        Enrolment.objects.get_or_create(
            user=person,
            batch=finished,
            defaults={
                "status": Enrolment.Status.COMPLETED,
                "enrolled_at": now - dt.timedelta(days=45),
                "completed_at": now - dt.timedelta(days=10),
                "queued_at": now - dt.timedelta(days=45),
            },
        )


def seed() -> list[str]:
    courses = {spec[0]: _course(*spec) for spec in COURSES}
    _batches(courses, timezone.localdate())
    _enrolments(timezone.now())
    _members_only_batches(timezone.localdate())
    return ["  courses        /courses/ (বাংলা) and /en/courses/ — the batik batch is full, with a waitlist"]


def _members_only_batch(forum: Forum, name: str, course_slug: str, **fields) -> None:
    course = CoursePage.objects.filter(slug=course_slug, locale__language_code="bn").first()
    if course is None or Batch.objects.filter(name=name).exists():
        return
    trainers = list(User.objects.filter(groups__name="Volunteer trainers", gender="female").order_by("phone")[:1])
    batch = Batch.objects.create(
        name=name,
        course=course,
        audience=Batch.Audience.FORUM,
        forum=forum,
        status=Batch.Status.OPEN,
        weeks=course.facts.duration_weeks,
        **fields,
    )
    batch.trainers.set(trainers)


def _members_only_batches(today: dt.date) -> None:
    """One members-only batch for each forum (the forums demo makes their members; the events
    demo their classes)."""
    saturday = today + dt.timedelta(days=(6 - today.isoweekday()) % 7 or 7)
    _members_only_batch(
        Forum.objects.get(slug="womens-forum"),
        "নকশিকাঁথা — নারী ফোরামের সদস্যদের কর্মশালা",
        "nakshi-kantha-workshop",
        delivery=Batch.Delivery.IN_PERSON,
        capacity=12,
        weekdays="6",
        start_time=dt.time(10, 0),
        first_date=saturday + dt.timedelta(days=7),
        district=District.objects.filter(name_en="Jashore").first(),
        venue="যশোর মহিলা উন্নয়ন কেন্দ্র, দড়াটানা",
    )
    _members_only_batch(
        Forum.objects.get(slug="youth-forum"),
        "লাইভে বিক্রি — যুব ফোরামের ব্যাচ",
        "livestream-selling",
        delivery=Batch.Delivery.FACEBOOK,
        capacity=40,
        weekdays="5",
        start_time=dt.time(21, 0),
        first_date=saturday + dt.timedelta(days=6),
    )
