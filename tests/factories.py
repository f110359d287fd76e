"""Factories with realistic people: Bangla names, Bangladeshi mobile numbers, districts."""

from __future__ import annotations

import itertools

import factory

from lms.people.models import District, User

BANGLA_NAMES = [
    "মোছাঃ রাবেয়া খাতুন",
    "নাসরিন আক্তার",
    "শাহানা পারভীন",
    "রোকসানা বেগম",
    "তানজিলা ইসলাম",
    "মোঃ রফিকুল ইসলাম",
    "সুমাইয়া আক্তার",
    "ফাতেমা তুজ জোহরা",
]

_numbers = itertools.count(10_000_000)


def next_mobile() -> str:
    return f"+88017{next(_numbers) % 100_000_000:08d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Iterator(BANGLA_NAMES)
    phone = factory.LazyFunction(next_mobile)
    phone_verified = True  # as every account is once it has logged in (sign-up confirms the number)
    gender = User.Gender.FEMALE
    birth_year = 1995
    language = "bn"
    district = factory.LazyFunction(lambda: District.objects.order_by("id").first())
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        from lms.people.roles import grant_role

        for role in extracted or []:
            grant_role(self, role)
        if create:
            self.save()


PASSWORD = "correct-horse-42"


# --- courses ---------------------------------------------------------------------------------


def course_index(language: str = "bn"):
    from wagtail.models import Locale

    from cms.models import HomePage
    from courses.models import CourseIndexPage

    home = HomePage.objects.get(locale__language_code=language)
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        if language == "bn":
            index = CourseIndexPage(title="কোর্সসমূহ", slug="courses")
            home.add_child(instance=index)
            index.save_revision().publish()
        else:
            index = course_index("bn").copy_for_translation(Locale.objects.get(language_code=language))
            index.title = "Courses"
            index.save_revision().publish()
    return index


_slugs = itertools.count(1)


def make_course(
    title: str = "বাটিক শিল্পের হাতেখড়ি", *, trade: str = "batik", lessons: int = 0, english: str = "", **fields
):
    """A published Bangla course page; fields of CourseFacts (delivery_mode, the rule …) go to its facts."""
    from courses.models import CourseFacts, CoursePage, LessonPage, Trade

    index = course_index("bn")
    number = next(_slugs)
    fields.setdefault("summary", "মোম আর রং দিয়ে কাপড়ে নকশা")
    fields.setdefault("min_attendance_percent", 0)
    fact_names = {f.name for f in CourseFacts._meta.get_fields()}
    trainers = fields.pop("trainers", [])
    facts = CourseFacts.objects.create(
        trade=Trade.objects.get(slug=trade), **{k: fields.pop(k) for k in list(fields) if k in fact_names}
    )
    facts.trainers.set(trainers)
    course = CoursePage(title=title, slug=f"course-{number}", facts=facts, **fields)
    index.add_child(instance=course)
    for n in range(lessons):
        course.add_child(instance=LessonPage(title=f"পাঠ {n + 1}", slug=f"lesson-{n + 1}"))
    if english:
        from wagtail.models import Locale

        course_index("en")
        translated = course.copy_for_translation(Locale.objects.get(language_code="en"))
        translated.title = english
        translated.save_revision().publish()
    return course


def make_batch(course=None, **fields):
    import datetime as dt

    from django.utils import timezone

    from courses.models import Batch

    course = course or make_course()
    fields.setdefault("name", f"ব্যাচ {next(_slugs)}")
    fields.setdefault("first_date", timezone.localdate() + dt.timedelta(days=5))
    fields.setdefault("status", Batch.Status.OPEN)
    fields.setdefault("capacity", 30)
    trainers = fields.pop("trainers", [])
    batch = Batch.objects.create(course=course, **fields)
    batch.trainers.set(trainers)
    # Saving a batch makes no classes: events.services does, as the batch admin and the demo call it.
    from events.services import generate_sessions

    generate_sessions(batch)
    return batch


# --- workshops -------------------------------------------------------------------------------


def make_workshop(*, trainers=(), learners=(), days_ago: int = 10, weeks: int = 3, trade: str = "batik", **fields):
    """An in-person workshop, one class a week from days_ago (by default two held, one to come), with its
    venue details and these people enrolled."""
    import datetime as dt

    from django.utils import timezone

    from courses.models import Batch
    from courses.services import enrol
    from events.workshops.models import WorkshopDetails
    from lms.people.models import District

    first = timezone.localdate() - dt.timedelta(days=days_ago)
    course = fields.pop("course", None) or make_course(
        "বাটিক কর্মশালা", trade=trade, delivery_mode="workshop", min_attendance_percent=50, require_practical=True
    )
    fields.setdefault("district", District.objects.get(name_en="Jashore"))
    fields.setdefault("venue", "যশোর মহিলা উন্নয়ন কেন্দ্র")
    fields.setdefault("status", Batch.Status.RUNNING)
    batch = make_batch(
        course,
        delivery=Batch.Delivery.IN_PERSON,
        first_date=first,
        weekdays=str(first.isoweekday()),
        start_time=dt.time(10, 0),
        weeks=weeks,
        trainers=list(trainers),
        **fields,
    )
    WorkshopDetails.objects.create(
        batch=batch,
        address="দড়াটানা মোড়, দ্বিতীয় তলা",
        map_url="https://www.openstreetmap.org/?mlat=23.1667&mlon=89.2089",
        materials_to_bring="পুরনো সুতি কাপড়\nএপ্রোন",
        materials_provided="মোম\nরং",
    )
    for learner in learners:
        enrol(learner, batch, source="import")
    return batch


# --- fairs -----------------------------------------------------------------------------------


def fair_index(language: str = "bn"):
    from wagtail.models import Locale

    from cms.models import HomePage
    from events.fairs.models import FairIndexPage

    home = HomePage.objects.get(locale__language_code=language)
    index = FairIndexPage.objects.child_of(home).first()
    if index is None:
        if language == "bn":
            index = FairIndexPage(title="মেলা", slug="fairs")
            home.add_child(instance=index)
            index.save_revision().publish()
        else:
            index = fair_index("bn").copy_for_translation(Locale.objects.get(language_code=language))
            index.title = "Fairs"
            index.save_revision().publish()
    return index


def make_fair(title: str = "যশোর জেলা হস্তশিল্প মেলা", *, days_ahead: int = 20, open_days: int = 10, **fields):
    """A published fair days_ahead from today whose stall applications close open_days from now."""
    import datetime as dt

    from django.utils import timezone

    from events.fairs.models import FairPage
    from lms.people.models import District

    index = fair_index("bn")
    starts = timezone.localdate() + dt.timedelta(days=days_ahead)
    fields.setdefault("starts_on", starts)
    fields.setdefault("ends_on", starts + dt.timedelta(days=2))
    fields.setdefault("venue", "যশোর টাউন হল মাঠ")
    fields.setdefault("district", District.objects.get(name_en="Jashore"))
    fields.setdefault("summary", "জেলার ক্ষুদ্র উদ্যোক্তাদের পণ্যের মেলা")
    fields.setdefault("application_deadline", timezone.now() + dt.timedelta(days=open_days))
    fair = FairPage(title=title, slug=f"fair-{next(_slugs)}", **fields)
    index.add_child(instance=fair)
    fair.save_revision().publish()
    return fair


def make_exhibitor(fair, user=None, *, stall: str = "", trade: str = "nakshi-kantha", business: str = ""):
    """An approved application (with one product) of user (a new entrepreneur by default)."""
    from courses.models import Trade
    from events.fairs.models import Application, Product

    user = user or UserFactory()
    application = Application.objects.create(
        fair=fair,
        applicant=user,
        business_name=business or f"{user.full_name} হস্তশিল্প",
        trade=Trade.objects.filter(slug=trade).first(),
        status=Application.Status.APPROVED,
        stall=stall,
    )
    Product.objects.create(application=application, name="নকশিকাঁথা")
    return application


def make_category(fair, *, judges=(), criteria=(("মান", "Quality", 3), ("নকশা", "Design", 2)), **fields):
    from events.fairs.models import AwardCategory, Criterion

    fields.setdefault("name_bn", "সেরা নকশিকাঁথা")
    fields.setdefault("name_en", "Best nakshi kantha")
    category = AwardCategory.objects.create(fair=fair, **fields)
    for order, (bn, en, weight) in enumerate(criteria):
        Criterion.objects.create(category=category, name_bn=bn, name_en=en, weight=weight, sort_order=order)
    category.judges.set(judges)
    category.save()  # a ParentalManyToManyField is written on save
    return category
