"""Demo forums: the women's forum and the youth forum (the rows come from the migration) with
their pages in Bangla and English, members (one of them a forum admin), a waiting application,
members-only batches, directory entries and announcements."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Locale

from cms.models import HomePage
from courses.models import Batch, CoursePage, Trade
from lms.forums import services
from lms.forums.models import Announcement, Forum, ForumPage, Membership
from lms.people.models import District, User

PAGES = {
    "womens-forum": {
        "bn": (
            "নারী ফোরাম",
            "নারী উদ্যোক্তাদের নিজেদের ফোরাম: সদস্যদের জন্য আলাদা কর্মশালা, মেলায় স্টল আর নিয়মিত খবর।",
            "ঘরে বসে যাঁরা নকশিকাঁথা, বাটিক, ব্লক প্রিন্ট বা অনলাইনে ব্যবসা করেন, তাঁদের জন্য এই ফোরাম। "
            "সদস্যরা একে অন্যের কাছ থেকে শেখেন, একসাথে মেলায় যান, আর বিসিক ও মহিলাবিষয়ক অধিদপ্তরের সাথে যোগাযোগ পান।",
        ),
        "en": (
            "Women's forum",
            "Women entrepreneurs' own forum: members-only workshops, stalls at fairs and regular news.",
            "For women who make nakshi kantha, batik or block prints, or sell online from home. Members learn from "
            "each other, go to fairs together and are put in touch with BSCIC and the Women's Affairs department.",
        ),
    },
    "youth-forum": {
        "bn": (
            "যুব ফোরাম",
            "১৮ থেকে ৩৫ বছরের তরুণ উদ্যোক্তাদের ফোরাম: লাইভে বিক্রি, এফ-কমার্স আর যুব উন্নয়ন অধিদপ্তরের সুযোগ।",
            "পড়াশোনার পাশাপাশি বা চাকরি না পেয়ে যাঁরা নিজে কিছু করতে চান, তাঁদের জন্য। "
            "সদস্যদের জন্য আলাদা লাইভ ক্লাস, পরামর্শ আর যুব উন্নয়ন অধিদপ্তরের প্রশিক্ষণের খবর।",
        ),
        "en": (
            "Youth forum",
            "The forum for young entrepreneurs aged 18 to 35: livestream selling, F-commerce and Youth Development "
            "programmes.",
            "For students and young people looking for work who want to start something of their own. Members get "
            "their own live classes, mentoring and news of the Youth Development department's training.",
        ),
    },
}

ANNOUNCEMENTS = [
    (
        "womens-forum",
        "যশোর মেলায় নারী ফোরামের স্টল",
        "আগামী মাসে যশোর জেলা হস্তশিল্প মেলায় নারী ফোরামের সদস্যদের জন্য পাঁচটি স্টল রাখা হয়েছে। "
        "যাঁরা পণ্য নিয়ে যেতে চান, এই সপ্তাহের মধ্যে ফোরামের অ্যাডমিনকে জানান।",
        "Women's forum stalls at the Jashore fair",
        "Five stalls at next month's Jashore District Handicrafts Fair are kept for members. "
        "Tell the forum admin this week if you want to bring your products.",
    ),
    (
        "womens-forum",
        "নকশিকাঁথা কর্মশালা: শুধু সদস্যদের জন্য",
        "সদস্যদের জন্য নকশিকাঁথার নতুন হাতে-কলমে কর্মশালা খোলা হয়েছে। ফোরামের পাতায় গিয়ে ভর্তি হোন।",
        "Nakshi kantha workshop for members only",
        "A new hands-on nakshi kantha workshop is open for members. Enrol from the forum page.",
    ),
    (
        "youth-forum",
        "লাইভে বিক্রির নতুন ব্যাচ",
        "যুব ফোরামের সদস্যদের জন্য ফেসবুক লাইভে বিক্রির নতুন ব্যাচ শুরু হচ্ছে। জায়গা সীমিত।",
        "A new livestream selling batch",
        "A new Facebook-live selling batch for youth forum members is starting. Places are limited.",
    ),
]


def _page(forum: Forum, home: HomePage) -> ForumPage:
    words = PAGES[forum.slug]
    page = ForumPage.objects.filter(forum=forum, locale=home.locale).first()
    if page is None:
        title, intro, text = words["bn"]
        page = ForumPage(title=title, slug=forum.slug, forum=forum, intro=intro, body=[("paragraph", f"<p>{text}</p>")])
        home.add_child(instance=page)
        page.save_revision().publish()
    english = Locale.objects.filter(language_code="en").first()
    if english and not ForumPage.objects.filter(translation_key=page.translation_key, locale=english).exists():
        title, intro, text = words["en"]
        translated = page.copy_for_translation(english)
        translated.title, translated.intro = title, intro
        translated.body = [("paragraph", f"<p>{text}</p>")]
        translated.save_revision().publish()
    return page


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


def seed() -> list[str]:
    now = timezone.now()
    today = timezone.localdate()
    women = Forum.objects.get(slug="womens-forum")
    youth = Forum.objects.get(slug="youth-forum")
    organiser = User.objects.filter(groups__name="Organisers").order_by("phone").first()
    home = HomePage.objects.filter(locale__language_code="bn").first()
    if home is not None:
        for forum in (women, youth):
            _page(forum, home)

    learners = list(User.objects.filter(phone__startswith="+88017000001").order_by("phone"))
    female = [u for u in learners if u.gender == "female"]
    trades = {t.slug: t for t in Trade.objects.all()}
    craft_trades = [t for t in trades.values() if t.is_craft] or list(trades.values())
    # Women's forum: ten members, the first one runs it with the organisers; two are waiting.
    for number, person in enumerate(female[:12]):
        membership = services.apply(person, women, now=now - dt.timedelta(days=30 - number))
        if number < 10 and membership.status == Membership.Status.PENDING and organiser:
            services.approve(membership, by=organiser, now=now - dt.timedelta(days=29 - number))
    first = Membership.objects.filter(forum=women, user=female[0]).first() if female else None
    if first and first.is_active and first.role != Membership.Role.ADMIN and organiser:
        services.set_admin(first, by=organiser, admin=True)
    # Youth forum: everyone aged 18 to 35 this year joins at once (no approval needed).
    for person in learners:
        if services.refusal(person, youth, today) is None:
            services.apply(person, youth, now=now - dt.timedelta(days=20))
    # Directory: most members list themselves; nobody's mobile number is ever shown.
    for index, membership in enumerate(
        Membership.objects.filter(status=Membership.Status.ACTIVE).select_related("user").order_by("pk")
    ):
        if index % 4 == 3 or membership.in_directory:
            continue
        membership.in_directory = True
        membership.portfolio_url = f"https://www.facebook.com/udyokta.demo.{membership.user_id}"
        membership.save(update_fields=["in_directory", "portfolio_url"])
        membership.trades.set(craft_trades[index % len(craft_trades) : index % len(craft_trades) + 2])

    saturday = today + dt.timedelta(days=(6 - today.isoweekday()) % 7 or 7)
    _members_only_batch(
        women,
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
        youth,
        "লাইভে বিক্রি — যুব ফোরামের ব্যাচ",
        "livestream-selling",
        delivery=Batch.Delivery.FACEBOOK,
        capacity=40,
        weekdays="5",
        start_time=dt.time(21, 0),
        first_date=saturday + dt.timedelta(days=6),
    )

    for slug, title, body, title_en, body_en in ANNOUNCEMENTS:
        forum = women if slug == "womens-forum" else youth
        if Announcement.objects.filter(forum=forum, title=title).exists() or organiser is None:
            continue
        services.post_announcement(forum, by=organiser, title=title, body=body, title_en=title_en, body_en=body_en)

    return [
        "  forums         /forums/ — women's forum (approval; 01700000101 is its forum admin) and youth forum",
    ]
