"""The trainers' answers to what events asks (events.signals), connected in TrainersConfig.ready()."""

from __future__ import annotations

import datetime as dt

from courses.models import Batch
from events.models import ClassSession
from events.trainers import services


def class_time_check(
    sender, batch: Batch, starts_at: dt.datetime, minutes: int, session: ClassSession | None, **kwargs
) -> str | None:
    """A class may not move onto a time when one of its trainers teaches elsewhere."""
    return services.check_new_class_time(batch, starts_at, minutes, session)
