"""The facts now live in CourseFacts (0006): the page keeps only its words."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("courses", "0006_move_course_facts")]

    operations = [
        migrations.RemoveField(model_name="coursepage", name=name)
        for name in (
            "trade",
            "level",
            "delivery_mode",
            "duration_weeks",
            "hours_per_week",
            "trainers",
            "min_attendance_percent",
            "require_all_lessons",
            "require_practical",
        )
    ] + [
        migrations.AlterField(
            model_name="coursepage",
            name="facts",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pages",
                to="courses.coursefacts",
                verbose_name="course facts",
            ),
        ),
    ]
