from django.db import migrations

from lms.people.roles import ORGANISER, grant_in_migration


def grant(apps, schema_editor):
    codenames = [
        f"{action}_{model}"
        for model in ("awardcategory", "application")
        for action in ("add", "change", "view")
    ]
    grant_in_migration(apps, ORGANISER, "fairs", codenames)


class Migration(migrations.Migration):
    dependencies = [("fairs", "0001_initial"), ("people", "0003_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
