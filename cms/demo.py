"""Demo pages (home body, "About us") in Bangla and English, and the footer settings."""

from __future__ import annotations

from wagtail.models import Locale, Site

from cms.models import HomePage, SiteSettings, StandardPage

HOME_BODY = {
    "bn": [
        ("heading", "কী শিখবেন"),
        (
            "paragraph",
            "<p>ফেসবুকে পণ্য বিক্রি (এফ-কমার্স), লাইভ স্ট্রিমে বিক্রি, পণ্যের ছবি তোলা, দাম নির্ধারণ ও হিসাব রাখা — "
            "আর নারী উদ্যোক্তাদের জন্য হাতে-কলমে ব্লক প্রিন্ট, বাটিক, রং করা, ফ্যাব্রিক পেইন্টিং ও নকশিকাঁথা।</p>",
        ),
        ("heading", "কীভাবে চলে"),
        (
            "paragraph",
            "<ul><li>প্রতি সপ্তাহে জুম বা ফেসবুক গ্রুপে লাইভ ক্লাস, ২১ জন স্বেচ্ছাসেবী প্রশিক্ষক</li>"
            "<li>জেলায় জেলায় হাতে-কলমে কর্মশালা</li><li>জেলা ও বিভাগীয় শহরে প্রদর্শনী মেলা, সনদ ও সম্মাননা পদক</li></ul>",
        ),
    ],
    "en": [
        ("heading", "What you will learn"),
        (
            "paragraph",
            "<p>Selling on Facebook (F-commerce), livestream selling, product photography, pricing and bookkeeping — "
            "and for women entrepreneurs, hands-on block printing, batik, dyeing, fabric painting and nakshi kantha.</p>",
        ),
        ("heading", "How it works"),
        (
            "paragraph",
            "<ul><li>Weekly live classes on Zoom or in a Facebook group, taught by 21 volunteer trainers</li>"
            "<li>Hands-on workshops in districts</li><li>Exhibition fairs in district and divisional towns, with certificates and award medals</li></ul>",
        ),
    ],
}

ABOUT = {
    "bn": {
        "title": "আমাদের কথা",
        "intro": "হস্তশিল্প ও উদ্যোক্তাদের একটি জাতীয় সমিতি, দেশের ৬৪ জেলায় জেলা কমিটি নিয়ে কাজ করে।",
        "body": "<p>মহামারির পর থেকে আমরা প্রতি সপ্তাহে বিনা মূল্যে অনলাইন প্রশিক্ষণ দিই। শিক্ষার্থী, গৃহিণী ও তরুণেরা "
        "ঘরে বসে শিখে নিজের ব্যবসা শুরু করছেন।</p>",
    },
    "en": {
        "title": "About us",
        "intro": "A national association of handicraft producers and entrepreneurs, with a district committee in each of the 64 districts.",
        "body": "<p>Since the pandemic we have run free online training every week. Students, housewives and young people "
        "learn from home and start their own businesses.</p>",
    },
}


def _home(language: str) -> HomePage:
    return HomePage.objects.get(locale__language_code=language)


def seed() -> list[str]:
    for language, blocks in HOME_BODY.items():
        home = _home(language)
        if not home.body:
            home.body = [(kind, value) for kind, value in blocks]
            home.save_revision().publish()

    bn_home = _home("bn")
    about = StandardPage.objects.child_of(bn_home).filter(slug="about").first()
    if about is None:
        about = StandardPage(slug="about", **{k: v for k, v in ABOUT["bn"].items() if k != "body"})
        about.body = [("paragraph", ABOUT["bn"]["body"])]
        bn_home.add_child(instance=about)
        about.save_revision().publish()
    en_locale = Locale.objects.get(language_code="en")
    if about.get_translation_or_none(en_locale) is None:
        english = about.copy_for_translation(en_locale)
        english.title = ABOUT["en"]["title"]
        english.intro = ABOUT["en"]["intro"]
        english.slug = "about"
        english.body = [("paragraph", ABOUT["en"]["body"])]
        english.save_revision().publish()

    site = Site.objects.get(is_default_site=True)
    footer = SiteSettings.for_site(site)
    if not footer.contact_phone:
        footer.contact_phone = "+880 1700-000000"
        footer.contact_email = "info@udyokta.example"
        footer.address = "বাড়ি ১২, সড়ক ৫, ধানমন্ডি, ঢাকা ১২০৫"
        footer.address_en = "House 12, Road 5, Dhanmondi, Dhaka 1205"
        footer.facebook_url = "https://www.facebook.com/groups/udyokta"
        footer.youtube_url = "https://www.youtube.com/@udyokta"
        footer.save()
    return []
