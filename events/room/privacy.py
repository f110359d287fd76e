"""The questions a person asked in class rooms: in her data download, and deleted with her
account (lms/people/signals.py)."""

from __future__ import annotations

from typing import Any

from events.room.models import Question
from lms.people.models import User


def personal_data(sender: type, user: User, **kwargs: Any) -> dict[str, Any]:
    return {
        "questions_asked": [
            {"class": str(q.session_id), "question": q.text, "at": q.created_at}
            for q in Question.objects.filter(author=user)
        ]
    }


def erase(sender: type, user: User, **kwargs: Any) -> None:
    Question.objects.filter(author=user).delete()  # her words; the class keeps the others'
