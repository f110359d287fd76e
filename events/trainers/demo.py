"""Demo volunteer trainers: the association's 21, each with trades, weekly times and a public
profile; their history (classes taught, other hours, learners' ratings); two applications
waiting for review; and no trainer booked into two classes at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from courses.models import Batch, Enrolment, Trade
from events.models import ClassSession
from events.trainers import services
from events.trainers.models import Availability, Feedback, HoursEntry, TrainerProfile
from lms.people.demo import _person
from lms.people.models import User
from lms.people.roles import TRAINER, grant_role

# The six trainers people.demo makes (01700000011 … 16), then fifteen more.
# (mobile, Bangla name, English name, gender, birth year, district) — trades, evenings
NEW_TRAINERS = [
    ("01700000031", "নাজমা আক্তার", "Nazma Akter", "female", 1983, "Bogura"),
    ("01700000032", "মোঃ হাবিবুর রহমান", "Md. Habibur Rahman", "male", 1979, "Rajshahi"),
    ("01700000033", "সালমা খাতুন", "Salma Khatun", "female", 1986, "Jashore"),
    ("01700000034", "রেহানা পারভীন", "Rehana Parvin", "female", 1981, "Khulna"),
    ("01700000035", "মোঃ মাসুদ রানা", "Md. Masud Rana", "male", 1990, "Dhaka"),
    ("01700000036", "শিরিন সুলতানা", "Shirin Sultana", "female", 1988, "Cumilla"),
    ("01700000037", "বিলকিস বানু", "Bilkis Banu", "female", 1976, "Mymensingh"),
    ("01700000038", "তানভীর হোসেন", "Tanvir Hossain", "male", 1993, "Sylhet"),
    ("01700000039", "মৌসুমী রায়", "Mousumi Roy", "female", 1991, "Rangpur"),
    ("01700000040", "আয়েশা সিদ্দিকা", "Ayesha Siddika", "female", 1989, "Barisal"),
    ("01700000041", "মোঃ জাকির হোসেন", "Md. Zakir Hossain", "male", 1980, "Pabna"),
    ("01700000042", "লিপিকা দাস", "Lipika Das", "female", 1987, "Gopalganj"),
    ("01700000043", "কামরুন নাহার", "Kamrun Nahar", "female", 1984, "Tangail"),
    ("01700000044", "সুমন চক্রবর্তী", "Sumon Chakraborty", "male", 1992, "Chattogram"),
    ("01700000045", "ফাহমিদা হক", "Fahmida Haque", "female", 1994, "Dinajpur"),
]
APPLICANTS = [
    ("01700000051", "রুবিনা ইয়াসমিন", "Rubina Yasmin", "female", 1990, "Kushtia", ["nakshi-kantha", "dyeing"]),
    ("01700000052", "মোঃ শফিকুল আলম", "Md. Shafiqul Alam", "male", 1987, "Noakhali", ["digital-marketing"]),
]
TRADE_SETS = [
    ["batik", "dyeing"],
    ["f-commerce", "livestream-selling", "digital-marketing"],
    ["nakshi-kantha", "block-printing"],
    ["pricing-costing", "bookkeeping", "f-commerce"],
    ["product-photography", "livestream-selling"],
    ["block-printing", "fabric-painting", "batik"],
    ["f-commerce", "pricing-costing"],
]
BIO = {
    "craft": "{years} বছর ধরে হাতের কাজ করছি ও শেখাচ্ছি। ঘরে বসে নারীরা যেন নিজের আয় গড়তে পারেন, সেটাই আমার চাওয়া।",
    "online": "{years} বছর ধরে অনলাইনে পণ্য বিক্রি করি। নতুন উদ্যোক্তাদের হাতে-কলমে দেখাই কীভাবে শুরু করতে হয়।",
}
COMMENTS = [
    (5, "খুব সহজ করে বুঝিয়েছেন, ধন্যবাদ।"),
    (5, "হাতে-কলমে দেখানোটা সবচেয়ে কাজে লেগেছে।"),
    (4, "ভালো লেগেছে, তবে আরেকটু ধীরে বললে ভালো হতো।"),
    (4, ""),
    (3, "নেটের সমস্যায় মাঝে কিছু অংশ শুনতে পাইনি।"),
]


def _profile(user: User, trades: list[str], index: int, status: str) -> TrainerProfile:
    profile = TrainerProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    craft = any(Trade.objects.get(slug=slug).is_craft for slug in trades)
    profile = TrainerProfile.objects.create(
        user=user,
        status=status,
        experience=BIO["craft" if craft else "online"].format(years=3 + index % 9),
        bio=BIO["craft" if craft else "online"].format(years=3 + index % 9) if status == "approved" else "",
        sample_links="https://www.facebook.com/groups/udyokta" if index % 2 else "",
        languages="bn,en" if index % 4 == 0 else "bn",
        platforms="zoom,facebook,in_person" if craft else "zoom,facebook",
        district=user.district,
        is_public=status == "approved" and index % 5 != 4,  # a few keep their profile private
        show_district=index % 2 == 0,
        submitted_at=timezone.now() - dt.timedelta(days=200 - index),
        reviewed_at=timezone.now() - dt.timedelta(days=190 - index) if status == "approved" else None,
    )
    profile.trades.set(Trade.objects.filter(slug__in=trades))
    # Evenings for everyone (when the weekly classes are), weekend mornings for the crafts.
    for day in (7, 1, 2, 3, 4, 5, 6):
        if (day + index) % 3 != 0:
            Availability.objects.create(profile=profile, weekday=day, start=dt.time(19, 0), end=dt.time(23, 30))
    if craft:
        for day in (5, 6):
            Availability.objects.create(profile=profile, weekday=day, start=dt.time(9, 0), end=dt.time(13, 0))
    return profile


def _untangle(now: dt.datetime) -> None:
    """courses.demo gives its first trainer every batch; where two of them meet at the same
    time, the later batch gets a free trainer of its trade instead (through the service)."""
    for batch in Batch.objects.exclude(status__in=services.CLOSED_BATCH).select_related("course").order_by("pk"):
        wanted = services.slots_of_batch(batch, ClassSession.objects.filter(batch=batch), now)
        for trainer in list(batch.trainers.all()):
            booked = services.commitments([trainer.pk], now, exclude_batch_id=batch.pk)[trainer.pk]
            if not services.first_clash(wanted, booked):
                continue
            services.remove_trainer(batch, trainer, now=now)
            for candidate in services.candidates_for_batch(batch, now):
                if candidate.teaches_trade and not candidate.clash and not candidate.assigned:
                    services.assign_trainer(batch, candidate.user, now=now)
                    break


def _history(now: dt.datetime) -> None:
    learners = {u.pk: u for u in User.objects.filter(phone__startswith="+88017000001")}
    past = ClassSession.objects.filter(
        status=ClassSession.Status.SCHEDULED, starts_at__lt=now - dt.timedelta(hours=3)
    ).select_related("batch")
    for number, session in enumerate(past.order_by("starts_at")):
        enrolled = Enrolment.objects.filter(
            batch=session.batch, status__in=services.ACTIVE_ENROLMENT, user_id__in=learners
        ).values_list("user_id", flat=True)
        for offset, user_id in enumerate(list(enrolled)[:4]):
            rating, comment = COMMENTS[(number + offset) % len(COMMENTS)]
            if not Feedback.objects.filter(session=session, learner_id=user_id).exists():
                Feedback.objects.create(
                    session=session, learner_id=user_id, rating=rating, comment=comment, created_at=session.ends_at
                )
    trainers = list(User.objects.filter(groups__name="Volunteer trainers").order_by("phone"))
    for index, trainer in enumerate(trainers[:8]):
        if HoursEntry.objects.filter(trainer=trainer).exists():
            continue
        HoursEntry.objects.create(
            trainer=trainer,
            date=timezone.localdate(now) - dt.timedelta(days=20 + index),
            hours=Decimal("2.0"),
            kind=HoursEntry.Kind.PREPARATION,
            description="ক্লাসের স্লাইড ও নমুনা তৈরি",
            status=HoursEntry.Status.APPROVED,
        )
        if index % 3 == 0:
            HoursEntry.objects.create(
                trainer=trainer,
                date=timezone.localdate(now) - dt.timedelta(days=3),
                hours=Decimal("5.0"),
                kind=HoursEntry.Kind.JUDGING,
                description="যশোর জেলা হস্তশিল্প মেলায় বিচারক",
            )


def seed() -> list[str]:
    now = timezone.now()
    for phone, full_name, name_en, gender, year, district in NEW_TRAINERS:
        user = _person(phone, full_name, name_en, gender, year, district)
        grant_role(user, TRAINER)
    trainers = list(User.objects.filter(groups__name="Volunteer trainers").order_by("phone"))
    for index, user in enumerate(trainers):
        _profile(user, TRADE_SETS[index % len(TRADE_SETS)], index, TrainerProfile.Status.APPROVED)
    for index, (phone, full_name, name_en, gender, year, district, trades) in enumerate(APPLICANTS):
        user = _person(phone, full_name, name_en, gender, year, district)
        _profile(user, trades, 100 + index, TrainerProfile.Status.PENDING)
    _untangle(now)  # what it changed is not printed: a second run must print the same
    _history(now)
    return [
        f"  trainers       {len(trainers)} volunteer trainers at /trainers/; theirs: /teach/me/; "
        "organisers review applications at /organise/trainers/",
    ]
