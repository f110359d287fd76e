"""Move each course's facts off its pages into one CourseFacts row shared by its language copies.

The language copies of a course share a translation key. Where they disagree (someone edited a
fact on the English copy, which did nothing: batches, the catalogue filters and completion read
the Bangla page), the copy in the default language (Bangla) wins; a course with no Bangla copy
takes its oldest copy.

Backwards, each page gets its facts back, so 0007 can be undone too.
"""

from collections import defaultdict

from django.conf import settings
from django.db import migrations

FACTS = [
    "trade_id",
    "level",
    "delivery_mode",
    "duration_weeks",
    "hours_per_week",
    "min_attendance_percent",
    "require_all_lessons",
    "require_practical",
]


def move_facts(apps, schema_editor):
    CoursePage = apps.get_model("courses", "CoursePage")
    CourseFacts = apps.get_model("courses", "CourseFacts")
    page_trainers = CoursePage.trainers.through
    facts_trainers = CourseFacts.trainers.through
    copies = defaultdict(list)
    for page in CoursePage.objects.select_related("locale").order_by("pk"):
        copies[page.translation_key].append(page)
    trainers = defaultdict(list)
    for page_id, user_id in page_trainers.objects.order_by("pk").values_list("coursepage_id", "user_id"):
        trainers[page_id].append(user_id)
    for pages in copies.values():
        source = next((p for p in pages if p.locale.language_code == settings.LANGUAGE_CODE), pages[0])
        facts = CourseFacts.objects.create(**{name: getattr(source, name) for name in FACTS})
        facts_trainers.objects.bulk_create(
            facts_trainers(coursefacts_id=facts.pk, user_id=user_id) for user_id in trainers[source.pk]
        )
        CoursePage.objects.filter(pk__in=[p.pk for p in pages]).update(facts=facts)


def restore_facts(apps, schema_editor):
    CoursePage = apps.get_model("courses", "CoursePage")
    CourseFacts = apps.get_model("courses", "CourseFacts")
    page_trainers = CoursePage.trainers.through
    trainers = defaultdict(list)
    for facts_id, user_id in CourseFacts.trainers.through.objects.values_list("coursefacts_id", "user_id"):
        trainers[facts_id].append(user_id)
    for facts in CourseFacts.objects.all():
        pages = CoursePage.objects.filter(facts=facts)
        pages.update(**{name: getattr(facts, name) for name in FACTS})
        page_trainers.objects.bulk_create(
            page_trainers(coursepage_id=page_id, user_id=user_id)
            for page_id in pages.values_list("pk", flat=True)
            for user_id in trainers[facts.pk]
        )
    CoursePage.objects.update(facts=None)
    CourseFacts.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_coursefacts")]
    operations = [migrations.RunPython(move_facts, restore_facts)]
