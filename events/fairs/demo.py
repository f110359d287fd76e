"""Demo fairs: last season's Jashore fair with exhibitors, judges' scores and published medals, and
an upcoming Rajshahi fair open for stall applications. Safe to run again: everything is looked up
by a stable slug, name or id first."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone
from wagtail.models import Locale

from cms.models import HomePage
from courses.models import Trade
from events.fairs import services
from events.fairs.models import Application, AwardCategory, Criterion, FairIndexPage, FairPage, Product
from lms.people.models import District, User

NAMESPACE = uuid.UUID("3b0c9e4a-51f2-4c2d-8f0e-6a7d2c1b9e55")  # stable ids for demo scores

INDEX = {
    "bn": ("মেলা ও প্রদর্শনী", "জেলা ও বিভাগীয় শহরে ক্ষুদ্র উদ্যোক্তাদের পণ্যের মেলা।"),
    "en": ("Fairs", "Low-cost fairs in district and divisional towns where small producers show and sell."),
}

FAIRS = [
    # slug, (bn, en) title, (bn, en) summary, district, venue, starts in days, deadline in days
    (
        "jashore-handicrafts-fair",
        ("যশোর জেলা হস্তশিল্প মেলা", "Jashore District Handicrafts Fair"),
        ("নকশিকাঁথা, বাটিক আর ব্লক প্রিন্টের তিন দিনের মেলা।", "Three days of nakshi kantha, batik and block prints."),
        "Jashore",
        "যশোর টাউন হল মাঠ",
        -40,
        -55,
    ),
    (
        "rajshahi-divisional-fair",
        ("রাজশাহী বিভাগীয় উদ্যোক্তা মেলা", "Rajshahi Divisional Entrepreneurs' Fair"),
        ("বিভাগের আট জেলার উদ্যোক্তাদের জন্য স্টল।", "Stalls for entrepreneurs from the division's eight districts."),
        "Rajshahi",
        "রাজশাহী শিল্পকলা একাডেমি প্রাঙ্গণ",
        30,
        20,
    ),
]

BUSINESSES = ["রাবেয়া নকশিঘর", "নাসরিন বাটিক", "সুমাইয়া হস্তশিল্প", "ফাতেমা কাঁথা ঘর", "শাহানা ব্লক প্রিন্ট"]


def _index(home_bn: HomePage) -> FairIndexPage:
    index = FairIndexPage.objects.child_of(home_bn).first()
    if index is None:
        index = FairIndexPage(title=INDEX["bn"][0], intro=INDEX["bn"][1], slug="fairs")
        home_bn.add_child(instance=index)
        index.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    if not FairIndexPage.objects.filter(translation_key=index.translation_key, locale=english).exists():
        translated = index.copy_for_translation(english)
        translated.title, translated.intro = INDEX["en"]
        translated.save_revision().publish()
    return index


def _fair(index, slug, titles, summaries, district, venue, starts_in, deadline_in) -> FairPage:
    fair = FairPage.objects.child_of(index).filter(slug=slug).first()
    if fair is not None:
        return fair
    starts = timezone.localdate() + dt.timedelta(days=starts_in)
    fair = FairPage(
        title=titles[0],
        slug=slug,
        summary=summaries[0],
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=2),
        venue=venue,
        district=District.objects.get(name_en=district),
        application_deadline=timezone.now() + dt.timedelta(days=deadline_in),
        map_url="https://www.openstreetmap.org/",
        stalls=40,
    )
    index.add_child(instance=fair)
    fair.save_revision().publish()
    english_index = index.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english_index is not None:
        translated = fair.copy_for_translation(Locale.objects.get(language_code="en"))
        translated.title, translated.summary = titles[1], summaries[1]
        translated.save_revision().publish()
    return fair


def _results(fair: FairPage, organiser, judge) -> None:
    kantha = Trade.objects.get(slug="nakshi-kantha")
    learners = list(User.objects.filter(phone__startswith="+88017000001").order_by("phone")[: len(BUSINESSES)])
    applications = []
    for number, (user, business) in enumerate(zip(learners, BUSINESSES, strict=False), start=1):
        application, created = Application.objects.get_or_create(
            fair=fair,
            applicant=user,
            defaults=dict(
                business_name=business,
                trade=kantha,
                status=Application.Status.APPROVED,
                stall=f"A-{number}",
                checked_in_at=timezone.now() - dt.timedelta(days=40),
            ),
        )
        if created:
            Product.objects.create(application=application, name="নকশিকাঁথা")
        applications.append(application)
    category = AwardCategory.objects.filter(fair=fair, name_en="Best nakshi kantha").first()
    if category is None:
        category = AwardCategory.objects.create(fair=fair, name_bn="সেরা নকশিকাঁথা", name_en="Best nakshi kantha")
        for order, (bn, en, weight) in enumerate(
            [("মান", "Quality", 3), ("নকশা", "Design", 2), ("ফিনিশিং", "Finish", 2), ("দামের ন্যায্যতা", "Fair price", 1)]
        ):
            Criterion.objects.create(category=category, name_bn=bn, name_en=en, weight=weight, sort_order=order)
        category.judges.set([judge])
        category.save()
    if category.is_finalised:
        return
    for number, application in enumerate(applications):
        marks = {str(c.pk): max(4, 10 - number - i % 2) for i, c in enumerate(category.criteria.all())}
        services.record_score(
            judge, category, application.pk, marks, client_id=uuid.uuid5(NAMESPACE, f"{category.pk}:{application.pk}")
        )
    services.finalise(category, by=organiser, special=[applications[-1].pk] if len(applications) > 3 else [])


def seed() -> list[str]:
    home = HomePage.objects.get(locale__language_code="bn")
    index = _index(home)
    fairs = [_fair(index, *spec) for spec in FAIRS]
    organiser = User.objects.get(phone="+8801700000001")
    judge = User.objects.get(phone="+8801700000021")
    _results(fairs[0], organiser, judge)
    return [
        "Fairs:",
        f"  past, with results   {fairs[0].url}",
        f"  open for stalls      {fairs[1].url}",
    ]
