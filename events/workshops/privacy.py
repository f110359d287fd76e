"""A learner's practical assessments, portfolio and work photos, for her data download; on
deletion her portfolio and photos go (lms/people/signals.py). The assessments stay, naming
nobody once the account is anonymised: a workshop's results must not change."""

from __future__ import annotations

from typing import Any

from events.workshops import services
from events.workshops.models import Portfolio, Practical, WorkPhoto
from lms.people.models import User


def personal_data(sender: type, user: User, **kwargs: Any) -> dict[str, Any]:
    portfolio = Portfolio.objects.filter(user=user).first()
    return {
        "practical_assessments": [
            {"workshop": p.batch.name, "result": p.result, "comment": p.comment, "photos": p.photos.count()}
            for p in Practical.objects.filter(learner=user).select_related("batch")
        ],
        "portfolio": {"published": portfolio.is_public, "about": portfolio.about} if portfolio else None,
    }


def personal_files(sender: type, user: User, **kwargs: Any) -> list[tuple[str, bytes]]:
    files = []
    for photo in WorkPhoto.objects.filter(practical__learner=user):
        with photo.image.open("rb") as image:
            files.append((f"work-photos/{photo.pk}.jpg", image.read()))
    return files


def erase(sender: type, user: User, **kwargs: Any) -> None:
    Portfolio.objects.filter(user=user).delete()  # the public page is gone at once
    for photo in WorkPhoto.objects.filter(practical__learner=user):
        services.delete_photo(photo)  # its files go when the deletion is committed
