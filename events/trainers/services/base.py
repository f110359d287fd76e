"""What every part of the trainers rules shares: the errors and a few constants."""

from __future__ import annotations

import datetime as dt

from courses.models import Batch, Enrolment

ACTIVE_ENROLMENT = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
# Batches that no longer book anyone's time.
CLOSED_BATCH = (Batch.Status.CANCELLED, Batch.Status.FINISHED)
# Learners may rate a class for this long after it ends.
FEEDBACK_WINDOW = dt.timedelta(days=30)


class TrainerError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


class ClashError(TrainerError):
    """The trainer would be booked into two overlapping classes; the message names both."""
