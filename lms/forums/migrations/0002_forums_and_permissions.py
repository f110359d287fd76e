"""The two forums the association is forming, and organisers' rights to edit forums.

Real reference rows, not demo data: the women's forum and the youth forum are the association's
plan, and members-only batches of the two older audiences ("Women's forum members", "Youth
forum members") mean these forums by slug. Organisers edit them and add more in the admin.
"""

from django.db import migrations

from lms.people.roles import ORGANISER, grant_in_migration

FORUMS = [
    # slug, code, Bangla, English, gender, min age, max age, needs approval
    ("womens-forum", "NF", "নারী ফোরাম", "Women's forum", "female", 18, None, True),
    ("youth-forum", "JF", "যুব ফোরাম", "Youth forum", "", 18, 35, False),
]


def create(apps, schema_editor):
    Forum = apps.get_model("forums", "Forum")
    for slug, code, name_bn, name_en, gender, low, high, approval in FORUMS:
        Forum.objects.get_or_create(
            slug=slug,
            defaults=dict(
                code=code, name_bn=name_bn, name_en=name_en, gender=gender, min_age=low, max_age=high,
                needs_approval=approval, is_open=True,
            ),
        )
    codenames = [f"{action}_forum" for action in ("add", "change", "delete", "view")]
    grant_in_migration(apps, ORGANISER, "forums", codenames)


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial"), ("people", "0003_roles")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
