import secrets

from django.db import migrations, models

import events.fairs.models


def fill(apps, schema_editor):
    Application = apps.get_model("fairs", "Application")
    for application in Application.objects.filter(pass_code__isnull=True).only("pk"):
        application.pass_code = secrets.token_urlsafe(12)
        application.save(update_fields=["pass_code"])


class Migration(migrations.Migration):
    dependencies = [("fairs", "0002_organiser_permissions")]

    operations = [
        # Added empty, filled one by one, then given its default and uniqueness: rows that
        # already exist each get their own code.
        migrations.AddField(
            model_name="application",
            name="pass_code",
            field=models.CharField(editable=False, max_length=24, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="pass_code",
            field=models.CharField(
                default=events.fairs.models._pass_code, editable=False, max_length=24, null=True, unique=True
            ),
        ),
    ]
