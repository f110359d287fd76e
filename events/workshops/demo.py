"""Demo workshops: one of each craft (block printing, batik, dyeing, painting, nakshi kantha), each
running in a different district with venue details, attendance from the trainer's sheet, and
practical assessments with photos of the work (drawn here with Pillow). One learner publishes a
portfolio. Safe to run again: everything is looked up by a stable name or id first."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.models import Locale

from courses.models import Batch, CourseFacts, CourseIndexPage, CoursePage, Enrolment, Trade
from courses.services import enrol
from events.models import ClassSession
from events.services import generate_sessions
from events.workshops import services
from events.workshops.models import Portfolio, Practical, WorkPhoto, WorkshopDetails
from lms.lib.uploads import clean_photo
from lms.people.models import District, User

NAMESPACE = uuid.UUID("6f1d3c2e-8a43-4f0e-9a57-0d3b9f1c7e21")  # stable ids for demo marks

# course slug, trade, (bn title, en title), district, venue, address, bring, provided, audience, colours
CRAFTS = [
    (
        "block-printing-workshop",
        "block-printing",
        ("ব্লক প্রিন্ট কর্মশালা", "Block printing workshop"),
        "Narsingdi",
        "নরসিংদী যুব উন্নয়ন প্রশিক্ষণ কেন্দ্র",
        "বাসস্ট্যান্ডের পাশে, যুব উন্নয়ন অফিসের দোতলা",
        "পুরনো সুতি ওড়না বা কাপড়\nএপ্রোন",
        "কাঠের ব্লক\nকাপড়ের রং\nছাপার টেবিল",
        "everyone",
        [(120, 40, 30), (230, 190, 120)],
    ),
    (
        "batik-workshop",
        "batik",
        ("বাটিক কর্মশালা", "Batik workshop"),
        "Comilla",
        "কুমিল্লা মহিলা সমিতি মিলনায়তন",
        "কান্দিরপাড়, টাউন হলের উল্টো দিকে",
        "একটি সাদা সুতি ওড়না\nপুরনো খবরের কাগজ",
        "মোম ও চুলা\nরং\nতুলি ও ঝাঁপি",
        "women",
        [(30, 60, 140), (240, 200, 60)],
    ),
    (
        "dyeing-workshop",
        "dyeing",
        ("রং করার (ডাইং) কর্মশালা", "Dyeing workshop"),
        "Tangail",
        "তাঁতপল্লী প্রশিক্ষণ ঘর, পাথরাইল",
        "পাথরাইল বাজার থেকে দক্ষিণে দুই মিনিট",
        "রাবারের দস্তানা\nপুরনো জামা",
        "রং ও রং-বাঁধার উপকরণ\nবালতি ও চুলা",
        "everyone",
        [(150, 20, 90), (250, 140, 40)],
    ),
    (
        "fabric-painting-workshop",
        "fabric-painting",
        ("ফ্যাব্রিক পেইন্টিং কর্মশালা", "Fabric painting workshop"),
        "Rajshahi",
        "রাজশাহী বিসিক প্রশিক্ষণ কক্ষ",
        "সপুরা বিসিক শিল্পনগরী, প্রশাসনিক ভবন",
        "একটি সাদা কুশন কভার বা ওড়না\nপেন্সিল",
        "ফ্যাব্রিক রং\nতুলি",
        "everyone",
        [(20, 120, 60), (250, 230, 210)],
    ),
    (
        "nakshi-kantha-workshop",
        "nakshi-kantha",
        ("নকশিকাঁথা কর্মশালা", "Nakshi kantha workshop"),
        "Jamalpur",
        "জামালপুর নারী উদ্যোক্তা কেন্দ্র",
        "মেডিকেল মোড়, তৃতীয় তলা",
        "সুই ও সুতা (থাকলে)\nপুরনো শাড়ির কাপড়",
        "রঙিন সুতা\nফ্রেম",
        "women",
        [(200, 30, 40), (245, 235, 220)],
    ),
]
SUMMARY = {
    "bn": "হাতে-কলমে কাজ শিখুন, প্রশিক্ষকের সামনে নিজের কাজ দেখিয়ে সনদ নিন।",
    "en": "Learn by doing, show your piece to the trainer and earn the certificate.",
}


def _course(slug: str, trade: str, titles: tuple[str, str]) -> CoursePage:
    """The demo course page (Bangla and English); the courses demo already made two of them."""
    bn_index = CourseIndexPage.objects.get(locale__language_code="bn")
    course = CoursePage.objects.child_of(bn_index).filter(slug=slug).first()
    if course is None:
        facts = CourseFacts.objects.create(
            trade=Trade.objects.get(slug=trade),
            delivery_mode="workshop",
            duration_weeks=3,
            min_attendance_percent=60,
            require_practical=True,
        )
        course = CoursePage(
            title=titles[0], slug=slug, summary=SUMMARY["bn"], facts=facts, certificate_title="কর্মশালা সমাপনী সনদ"
        )
        bn_index.add_child(instance=course)
        course.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    if course.get_translation_or_none(english) is None:
        translated = course.copy_for_translation(english)
        translated.title, translated.summary = titles[1], SUMMARY["en"]
        translated.certificate_title = "Workshop certificate"
        translated.save_revision().publish()
    return course


def _picture(colours: list[tuple[int, int, int]], variant: int) -> SimpleUploadedFile:
    """A stand-in photo of a piece: a cloth with a repeating motif in the craft's colours."""
    ground, ink = colours[1], colours[0]
    image = Image.new("RGB", (900, 700), ground)
    draw = ImageDraw.Draw(image)
    step = 90 + 20 * variant
    for y in range(20, 700, step):
        for x in range(20 + (y // step % 2) * step // 2, 900, step):
            draw.ellipse([x, y, x + step // 2, y + step // 2], outline=ink, width=6)
            draw.line([x + step // 4, y, x + step // 4, y + step // 2], fill=ink, width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{variant}.jpg", out.getvalue(), content_type="image/jpeg")


def seed() -> list[str]:
    now = timezone.now()
    today = timezone.localdate()
    first = today - dt.timedelta(days=17)  # weekly: three classes held, one still to come
    trainers = list(User.objects.filter(groups__name="Volunteer trainers").order_by("phone"))
    women = [u for u in User.objects.filter(phone__startswith="+88017000001").order_by("phone") if u.gender == "female"]
    for number, craft in enumerate(CRAFTS):
        batch = _workshop(craft, first, trainers[number % len(trainers)])
        trainer = batch.trainers.first() or trainers[number % len(trainers)]
        learners = women[number * 2 : number * 2 + 5]
        held = _mark_held_classes(batch, learners, trainer, now)
        if held:
            _assess_practicals(batch, learners[:4], trainer, held[-1], craft[-1], now)
    # Their certificates: the completion signal issues them after commit, and certificates.demo
    # (seeded after this) issues them too, for a demo with no worker running.
    shown = _portfolio(women[0] if women else None)
    return [
        "  workshops      /workshops/ (near me); each craft's trainer marks attendance under /teach/workshop/"
        + (f"; a portfolio at /portfolio/{shown.key}/" if shown else "")
    ]


def _workshop(craft: tuple, first: dt.date, trainer: User) -> Batch:
    """The craft's running workshop batch (given its trainer when new), its venue and its classes."""
    slug, trade, titles, district, venue, address, bring, provided, audience, _colours = craft
    course = _course(slug, trade, titles)
    name = f"{titles[0]} — {District.objects.get(name_en=district).name_bn} (চলমান)"
    batch, created = Batch.objects.get_or_create(
        name=name,
        defaults=dict(
            course=course,
            delivery=Batch.Delivery.IN_PERSON,
            capacity=20,
            weekdays=str(first.isoweekday()),
            start_time=dt.time(10, 0),
            duration_minutes=180,
            first_date=first,
            weeks=4,
            audience=audience,
            district=District.objects.get(name_en=district),
            venue=venue,
            status=Batch.Status.RUNNING,
        ),
    )
    if created:
        batch.trainers.set([trainer])
    WorkshopDetails.objects.get_or_create(
        batch=batch,
        defaults={
            "address": address,
            "map_url": f"https://www.openstreetmap.org/search?query={district}",
            "materials_to_bring": bring,
            "materials_provided": provided,
        },
    )
    generate_sessions(batch)
    return batch


def _mark_held_classes(batch: Batch, learners: list[User], trainer: User, now: dt.datetime) -> list[ClassSession]:
    """Enrol the learners and send the trainer's sheet for the classes held so far (stable mark
    ids, so a second run is all duplicates); the held classes, oldest first."""
    for person in learners:
        if not Enrolment.objects.filter(user=person, batch=batch).exists():
            enrol(person, batch, now=now, source="import")
    held = list(batch.sessions.filter(starts_at__lte=now).order_by("starts_at"))
    marks = []
    for session in held:
        for index, person in enumerate(learners):
            present = not (index == 4 and session.sequence == 2)  # one learner missed a class
            tapped = session.starts_at + dt.timedelta(minutes=5 + index)
            marks.append(
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"{batch.name}:{session.sequence}:{person.phone}")),
                    "session": session.pk,
                    "learner": person.pk,
                    "present": present,
                    "at": int(tapped.timestamp() * 1000),
                }
            )
    services.sync_marks(trainer, marks, now=now)
    return held


def _assess_practicals(
    batch: Batch,
    learners: list[User],
    trainer: User,
    session: ClassSession,
    colours: list[tuple[int, int, int]],
    now: dt.datetime,
) -> None:
    """Three learners pass with photos of their piece, the fourth needs more practice."""
    for index, person in enumerate(learners):
        if Practical.objects.filter(batch=batch, learner=person).exists():
            continue
        passed = index != 3
        services.record_practical(
            batch,
            person,
            trainer,
            session=session,
            result="passed" if passed else "more_practice",
            comment="নকশা পরিষ্কার, রঙের মিল সুন্দর।" if passed else "ধার ঘেঁষে রং ছড়িয়েছে; আরেকবার চেষ্টা করুন।",
            photos=[clean_photo(_picture(colours, variant)) for variant in range(1 if index else 2)],
            now=now,
        )


def _portfolio(person) -> Portfolio | None:
    if person is None:
        return None
    portfolio = Portfolio.objects.filter(user=person).first()
    if portfolio is not None:
        return portfolio if portfolio.is_public else None
    photos = set(WorkPhoto.objects.filter(practical__learner=person).values_list("pk", flat=True))
    if not photos:
        return None
    return services.update_portfolio(person, publish=True, photo_ids=photos, about="হাতে তৈরি বাটিক ও ব্লকের ওড়না")
