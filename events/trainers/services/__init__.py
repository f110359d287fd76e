"""Volunteer trainers: the rules, in one place.

Views, the batch admin form, the CSV import, the demo data and the events app (through the
receivers of events.signals) all call these functions. The one rule that must never bend — a trainer is never
booked into two overlapping classes — is checked here with the trainer's row locked, so two
organisers (or two substitutes accepting) at the same moment cannot both get through.

The rules are split by concept (booking, applications, substitutes, hours, feedback); callers
import them all from here.
"""

from events.trainers.services.applications import approve, decline, submit_application
from events.trainers.services.base import ACTIVE_ENROLMENT, CLOSED_BATCH, FEEDBACK_WINDOW, ClashError, TrainerError
from events.trainers.services.booking import (
    AssignmentImportError,
    AssignmentReport,
    Candidate,
    Slot,
    assign_trainer,
    batch_clashes,
    candidates_for_batch,
    check_free,
    check_new_class_time,
    clash_message,
    commitments,
    first_clash,
    import_assignments,
    is_available,
    remove_trainer,
    set_batch_trainers,
    slots_of_batch,
    teachers_by_session,
)
from events.trainers.services.feedback import (
    Rating,
    feedback_for,
    give_feedback,
    hide_feedback,
    may_give_feedback,
    rating_of,
    ratings_of,
)
from events.trainers.services.hours import (
    MonthHours,
    TaughtClass,
    TrainerTotal,
    hours_by_month,
    log_taught,
    review_hours,
    start_volunteer_certificates,
    taught_classes,
    totals,
)
from events.trainers.services.substitutes import (
    accept_substitute,
    cancel_substitute_request,
    free_substitutes,
    organisers,
    request_substitute,
)

__all__ = [
    "ACTIVE_ENROLMENT",
    "CLOSED_BATCH",
    "FEEDBACK_WINDOW",
    "AssignmentImportError",
    "AssignmentReport",
    "Candidate",
    "ClashError",
    "MonthHours",
    "Rating",
    "Slot",
    "TaughtClass",
    "TrainerError",
    "TrainerTotal",
    "accept_substitute",
    "approve",
    "assign_trainer",
    "batch_clashes",
    "cancel_substitute_request",
    "candidates_for_batch",
    "check_free",
    "check_new_class_time",
    "clash_message",
    "commitments",
    "decline",
    "feedback_for",
    "first_clash",
    "free_substitutes",
    "give_feedback",
    "hide_feedback",
    "hours_by_month",
    "import_assignments",
    "is_available",
    "start_volunteer_certificates",
    "log_taught",
    "may_give_feedback",
    "organisers",
    "rating_of",
    "ratings_of",
    "remove_trainer",
    "request_substitute",
    "review_hours",
    "set_batch_trainers",
    "slots_of_batch",
    "submit_application",
    "taught_classes",
    "teachers_by_session",
    "totals",
]
