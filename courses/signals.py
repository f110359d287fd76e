"""What courses tells, and asks, the apps above it (events, its sub-apps, certificates).

courses sits below them and never imports them: they connect receivers in their
AppConfig.ready() (with a dispatch_uid). Two kinds of signal:

- news, sent once something has happened (``enrolment_completed``);
- questions, sent with ``signal.send(...)``: every receiver answers for what it knows and
  returns None when the question is not about anything it owns. courses.services asks them
  and combines the answers as each signal says below, so a second receiver (another kind of
  class, another kind of assessment) adds to the answer instead of replacing it.
"""

from django.dispatch import Signal

# News: sent once, after commit, when an enrolment meets its course's completion rule.
# send(sender=Enrolment, enrolment=enrolment). Certificates issue the certificate.
enrolment_completed = Signal()

# Question: what share (0..1) of this enrolment's batch has the learner attended?
# send(sender=Enrolment, enrolment=enrolment) -> float | None.
# Combined: the largest share any receiver gives; 0 when none answers.
attendance_share = Signal()

# Question: has the learner passed the practical assessment of this enrolment's batch?
# send(sender=Enrolment, enrolment=enrolment) -> bool | None.
# Combined: passed when any receiver says so; not passed when none answers.
practical_passed = Signal()

# Question: each batch's next (or current) class, for the learner's dashboard.
# send(sender=Batch, batch_ids=[...], now=aware datetime) -> {batch id: class} | None, a class
# having .url, .join_url, .starts_at, .joinable and .running.
# Combined: per batch, the class that starts first.
next_classes = Signal()

# Question: every class of one batch, for its trainers' roster page.
# send(sender=Batch, batch=batch) -> list of classes with .starts_at and .trainer_url | None.
# Combined: all of them, in order of start.
batch_classes = Signal()
