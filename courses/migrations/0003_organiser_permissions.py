from django.db import migrations

from lms.people.roles import ORGANISER, grant_in_migration


def grant(apps, schema_editor):
    codenames = [f"{action}_{model}" for model in ("batch", "trade", "enrolment") for action in ("add", "change", "delete", "view")]
    grant_in_migration(apps, ORGANISER, "courses", codenames)


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_trades"), ("people", "0003_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
