"""A volunteer's trainer profile, for her data download; on deletion its public parts go — her
bio, experience, links, photo and sample photos — while the profile row stays for the classes
and hours it is linked to (lms/people/signals.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from events.trainers.models import TrainerProfile
from lms.people.models import User


def personal_data(sender: type, user: User, **kwargs: Any) -> dict[str, Any]:
    profile = TrainerProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    return {
        "trainer_profile": {
            "status": profile.status,
            "experience": profile.experience,
            "sample_links": profile.sample_links,
            "bio": profile.bio,
            "public": profile.is_public,
        }
    }


def erase(sender: type, user: User, **kwargs: Any) -> None:
    for profile in TrainerProfile.objects.filter(user=user):
        # The files go once the deletion is committed: undone, it keeps them with their rows.
        files = [(sample.image.storage, sample.image.name) for sample in profile.samples.all()]
        if profile.photo:
            files.append((profile.photo.storage, profile.photo.name))
        profile.samples.all().delete()
        TrainerProfile.objects.filter(pk=profile.pk).update(
            is_public=False, bio="", experience="", sample_links="", photo=""
        )
        transaction.on_commit(lambda files=files: [storage.delete(name) for storage, name in files])
