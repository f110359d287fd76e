"""events' answers to what courses asks (courses.signals), connected in EventsConfig.ready()."""

from __future__ import annotations

import datetime as dt

from courses.models import Batch, Enrolment
from events import services
from events.models import ClassSession


def attendance_share(sender, enrolment: Enrolment, **kwargs) -> float:
    return services.attendance_share(enrolment)


def next_classes(sender, batch_ids: list[int], now: dt.datetime, **kwargs) -> dict[int, ClassSession]:
    return services.next_class_by_batch(batch_ids, now)


def batch_classes(sender, batch: Batch, **kwargs) -> list[ClassSession]:
    return services.classes_of_batch(batch)
