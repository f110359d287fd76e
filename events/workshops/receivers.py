"""Workshops' answers to what courses asks (courses.signals), connected in WorkshopsConfig.ready()."""

from __future__ import annotations

from courses.models import Enrolment
from events.workshops import services


def practical_passed(sender, enrolment: Enrolment, **kwargs) -> bool:
    """A course that requires a practical asks whether the learner passed it."""
    return services.practical_passed(enrolment)
