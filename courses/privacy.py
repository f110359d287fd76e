"""A person's enrolments and lessons done, for her data download (lms/people/signals.py).

Nothing is erased here: enrolments and progress stay, no longer naming anyone once the account
is anonymised, so a batch's numbers do not change.
"""

from __future__ import annotations

from typing import Any

from courses.models import Enrolment, LessonProgress
from lms.people.models import User


def personal_data(sender: type, user: User, **kwargs: Any) -> dict[str, Any]:
    enrolments = Enrolment.objects.filter(user=user).select_related("batch")
    return {
        "enrolments": [
            {
                "batch": e.batch.name,
                "status": e.status,
                "queued_at": e.queued_at,
                "enrolled_at": e.enrolled_at,
                "completed_at": e.completed_at,
                "withdrawn_at": e.withdrawn_at,
            }
            for e in enrolments
        ],
        "lessons_done": [
            {"lesson": p.lesson.title, "done_at": p.done_at}
            for p in LessonProgress.objects.filter(user=user).select_related("lesson")
        ],
    }
