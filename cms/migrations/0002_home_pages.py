"""Replace Wagtail's welcome page with our home page, in Bangla (the default locale) and
English, and point the default site at it."""

from django.db import migrations

HOME_BN = {
    "title": "বিনা মূল্যে উদ্যোক্তা প্রশিক্ষণ",
    "intro": "প্রতি সপ্তাহে লাইভ ক্লাস, হাতে-কলমে কারুশিল্প কর্মশালা আর জেলা শহরে প্রদর্শনী মেলা — ঘরে বসে শিখুন, নিজের ব্যবসা গড়ুন।",
}
HOME_EN = {
    "title": "Free training for entrepreneurs",
    "intro": "Weekly live classes, hands-on craft workshops and exhibition fairs in district towns — learn from home and build your own business.",
}


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")

    bn, _ = Locale.objects.get_or_create(language_code="bn")
    en, _ = Locale.objects.get_or_create(language_code="en")
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    root = Page.objects.get(depth=1)
    base = root.path
    import uuid

    key = uuid.uuid4()
    existing = Page.objects.filter(depth=2).count()
    pages = []
    for offset, (locale, words, slug) in enumerate(((bn, HOME_BN, "home"), (en, HOME_EN, "home-en"))):
        step = existing + offset + 1
        page = HomePage.objects.create(
            title=words["title"],
            draft_title=words["title"],
            intro=words["intro"],
            slug=slug,
            content_type=content_type,
            path=f"{base}{step:04d}",
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locale,
            translation_key=key,
            live=True,
        )
        pages.append(page)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=pages[0], is_default_site=True, site_name="Udyokta")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
