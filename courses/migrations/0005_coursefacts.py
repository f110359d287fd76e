"""Course facts get their own untranslated table; the page points at it (filled by 0006).
Organisers get the permissions to edit course facts.

The page's trade becomes nullable here only so that 0007 can be undone: a re-added trade column
must take NULL until 0006's reverse fills it in."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lms.people.roles import ORGANISER, grant_in_migration


def grant(apps, schema_editor):
    codenames = [f"{action}_coursefacts" for action in ("add", "change", "delete", "view")]
    grant_in_migration(apps, ORGANISER, "courses", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_batch_forum_alter_batch_audience"),
        ("people", "0003_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CourseFacts",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "level",
                    models.CharField(
                        choices=[("beginner", "Beginner"), ("intermediate", "Intermediate"), ("advanced", "Advanced")],
                        default="beginner",
                        max_length=20,
                        verbose_name="level",
                    ),
                ),
                (
                    "delivery_mode",
                    models.CharField(
                        choices=[
                            ("live", "Weekly live class online"),
                            ("workshop", "Hands-on workshop"),
                            ("self_paced", "Self-paced"),
                        ],
                        default="live",
                        max_length=20,
                        verbose_name="delivery",
                    ),
                ),
                ("duration_weeks", models.PositiveSmallIntegerField(default=4, verbose_name="duration in weeks")),
                (
                    "hours_per_week",
                    models.DecimalField(decimal_places=1, default=2, max_digits=4, verbose_name="hours per week"),
                ),
                (
                    "min_attendance_percent",
                    models.PositiveSmallIntegerField(
                        default=75,
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="minimum share of classes attended (%)",
                    ),
                ),
                ("require_all_lessons", models.BooleanField(default=False, verbose_name="all lessons done")),
                ("require_practical", models.BooleanField(default=False, verbose_name="practical assessment passed")),
                (
                    "trade",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="courses.trade",
                        verbose_name="trade",
                    ),
                ),
                (
                    "trainers",
                    models.ManyToManyField(
                        blank=True,
                        limit_choices_to={"groups__name": "Volunteer trainers"},
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="trainers",
                    ),
                ),
            ],
            options={"verbose_name": "course facts", "verbose_name_plural": "course facts"},
        ),
        migrations.AddField(
            model_name="coursepage",
            name="facts",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pages",
                to="courses.coursefacts",
                verbose_name="course facts",
            ),
        ),
        migrations.AlterField(
            model_name="coursepage",
            name="trade",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courses.trade",
                verbose_name="trade",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
