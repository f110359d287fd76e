"""What events tells, and asks, the apps above it or beside it (its sub-apps room and trainers).

(Who teaches a class, substitutes included, is not asked here: it is a rule of lms.permissions.)

events never imports its sub-apps: they connect receivers in their AppConfig.ready() (with a
dispatch_uid). Questions are sent with ``signal.send(...)``; each receiver answers for what it
knows, or None, and events.services combines the answers as each signal says below.
"""

from django.dispatch import Signal

# Question: may a class of this batch be held at this new time? send(sender=Batch, batch=batch,
# starts_at=aware datetime, minutes=int, session=the class moving, or None for an extra one)
# -> a message saying what clashes | None. Sent inside the change's transaction, so a receiver
# may lock rows. Combined: refused when any receiver gives a message; the person is shown them
# all. (trainers answers: a trainer is never booked into two overlapping classes.)
class_time_check = Signal()

# News: a class was created, moved, cancelled or given other teachers, inside the change's
# transaction. send(sender=ClassSession, session=session). events.tasks brings its Zoom meeting
# up to date after commit (a signal, so that events.services, which tasks call, never imports
# tasks).
class_changed = Signal()

# News: Zoom says a class's meeting has started or ended. send(sender=ClassSession,
# session=session, now=aware datetime). The class room pushes the new status to the open pages.
class_live_status = Signal()
