"""Who may do what, to which object: the project's one set of rules (django-rules).

Predicates take (user, object) and answer from the object passed in (its own relations), so
this module, at the bottom of the layers, imports no app above lms. Permissions are named
"<app label>.<verb>_<object>" and checked with `user.has_perm(name, obj)` — by views (through
`get_object_or_403`), templates (`{% load rules %}{% has_perm … %}`), websocket consumers and
tests/permission_matrix.py — so a rule changes here and nowhere else.

Roles themselves (trainer, organiser, judge) are Django groups, read by lms.people.roles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

import rules
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, Model, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404

from lms.forums.models import Membership
from lms.people.roles import JUDGE, ORGANISER, TRAINER, user_has_role

M = TypeVar("M", bound=Model)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# --- roles ---------------------------------------------------------------------------------------


@rules.predicate
def is_trainer(user) -> bool:
    return user_has_role(user, TRAINER)


@rules.predicate
def is_organiser(user) -> bool:
    """The organiser role (superusers count as organisers)."""
    return user_has_role(user, ORGANISER)


@rules.predicate
def is_judge(user) -> bool:
    return user_has_role(user, JUDGE)


@rules.predicate
def organises(user, obj=None) -> bool:
    """Whether this person organises `obj` (a batch, a class, a fair, a forum, a job …).

    Today every organiser organises everything. Every check passes the object all the same: a
    later issue gives organisers a district, and then this reads the object's district here."""
    return is_organiser(user)


# --- teaching ------------------------------------------------------------------------------------


@rules.predicate
def teaches_batch(user, batch) -> bool:
    """A trainer named on the batch."""
    if batch is None or not _signed_in(user):
        return False
    return batch.trainers.filter(pk=user.pk).exists()


def teachers_by_session(sessions: Iterable) -> dict[int, set[int]]:
    """{class id: ids of who teaches it}: the batch's trainers, except one who handed the class to
    a substitute, plus the substitute who accepted it — in the order they accepted, so a substitute
    can hand on again. The one rule for "who teaches this class" (pages, the room, reminders, the
    trainers' own lists and booking all read it). Two queries for any number of classes."""
    # The batch's trainers and the substitutes are models of courses and events.trainers, above
    # this module in the layers: looked up when called, so lms imports nothing of theirs.
    trainers = apps.get_model("courses", "Batch").trainers.through
    substitute_request = apps.get_model("trainers", "SubstituteRequest")
    sessions = list(sessions)
    if not sessions:
        return {}
    by_batch: dict[int, set[int]] = defaultdict(set)
    for batch_id, user_id in trainers.objects.filter(batch_id__in={s.batch_id for s in sessions}).values_list(
        "batch_id", "user_id"
    ):
        by_batch[batch_id].add(user_id)
    teachers = {s.pk: set(by_batch[s.batch_id]) for s in sessions}
    handovers = substitute_request.objects.filter(
        session_id__in=list(teachers), status=substitute_request.Status.FILLED
    ).order_by("accepted_at", "pk")
    for session_id, gave, took in handovers.values_list("session_id", "trainer_id", "accepted_by_id"):
        teachers[session_id].discard(gave)
        if took:
            teachers[session_id].add(took)
    return teachers


@rules.predicate
def teaches_session(user, session) -> bool:
    """Teaches this class: its batch's trainer who did not hand it over, or the substitute who took it.

    The rule of teachers_by_session for one person and one class, in one query (every trainer's
    page and the room ask it): the last accepted handover she was part of decides — she gave the
    class away, or took it — and without one, being a trainer of the batch does."""
    if session is None or not _signed_in(user):
        return False
    trainers = apps.get_model("courses", "Batch").trainers.through  # above lms: looked up when called
    substitute_request = apps.get_model("trainers", "SubstituteRequest")
    handovers = (
        substitute_request.objects.filter(session_id=session.pk, status=substitute_request.Status.FILLED)
        .filter(Q(trainer_id=user.pk) | Q(accepted_by_id=user.pk))
        .order_by("-accepted_at", "-pk")
    )
    took_it = Case(When(accepted_by_id=user.pk, then=Value(True)), default=Value(False))
    last, on_batch = (
        type(session)
        .objects.filter(pk=session.pk)
        .annotate(
            last=Subquery(handovers.annotate(took_it=took_it).values("took_it")[:1]),
            on_batch=Exists(trainers.objects.filter(batch_id=session.batch_id, user_id=user.pk)),
        )
        .values_list("last", "on_batch")
        .get()
    )
    return bool(on_batch if last is None else last)


# --- judging -------------------------------------------------------------------------------------


@rules.predicate
def judges_category(user, category) -> bool:
    """A judge named on this award category."""
    if category is None or not is_judge(user):
        return False
    through = type(category).judges.through
    return through.objects.filter(awardcategory_id=category.pk, user_id=user.pk).exists()


# --- forums --------------------------------------------------------------------------------------


def _membership(user, forum, **extra) -> bool:
    if forum is None or not _signed_in(user):
        return False
    return Membership.objects.filter(user=user, forum=forum, status=Membership.Status.ACTIVE, **extra).exists()


@rules.predicate
def is_forum_member(user, forum) -> bool:
    """An active member of the forum."""
    return _membership(user, forum)


@rules.predicate
def is_forum_admin(user, forum) -> bool:
    """An active member an organiser made this forum's admin."""
    return _membership(user, forum, role=Membership.Role.ADMIN)


# --- jobs ----------------------------------------------------------------------------------------


@rules.predicate
def started_job(user, job) -> bool:
    return job is not None and _signed_in(user) and job.created_by_id == user.pk


# --- the permissions -----------------------------------------------------------------------------

manages_forum = organises | is_forum_admin

PERMISSIONS = {
    # a batch's roster, its CSV, extra classes; a workshop's hub, practicals and photos
    "courses.teach_batch": organises | teaches_batch,
    # enrolling people from a file, certificates for a whole batch
    "courses.organise_batch": organises,
    # a class's trainer page and actions, its room as a trainer, the workshop sheet, hours taught
    "events.teach_session": organises | teaches_session,
    # a fair's applications, check-in, judging and results, and any exhibitor's pass
    "fairs.organise_fair": organises,
    # a category's score sheet, scores and declared conflicts
    "fairs.judge_category": judges_category,
    # approve and decline applications, post announcements
    "forums.manage_forum": manages_forum,
    # make and drop forum admins, remove members
    "forums.organise_forum": organises,
    # the member directory
    "forums.view_members": is_forum_member | manages_forum,
    # a background job's progress and result
    "jobs.view_job": organises | started_job,
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


def get_object_or_403(user, perm: str, queryset: type[M] | QuerySet[M], **lookup) -> M:
    """The object (404 when there is none), if `user` has `perm` on it; PermissionDenied otherwise.

    Views use this (or a one-line helper of their app around it) to load what they act on."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        raise PermissionDenied
    return obj
