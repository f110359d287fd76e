"""Writing to the audit log.

`record()` is what every service calls for an action that matters. Who did it comes from the
call (`actor=`), or else from the request being served (AuditActorMiddleware), or it was the
system (a scheduled task, an automatic rule): then the entry says so.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from lms.audit.models import Action, Entry

if TYPE_CHECKING:
    from django.contrib.auth.models import Group

    from lms.people.models import User

# The request being served (AuditActorMiddleware) and whoever acting_as() names: the actor of
# what is recorded without an explicit actor.
_request: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_request", default=None)
_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_actor", default=None)


def _plain(value: Any) -> Any:
    """JSON-safe: dates as ISO text, model instances as their id."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def record(
    action: str,
    target: models.Model | None = None,
    *,
    actor: User | AnonymousUser | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
) -> Entry:
    if actor is None:
        actor = _actor.get()
    if actor is None and (request := _request.get()) is not None:
        actor = getattr(request, "user", None)
    if actor is not None and (isinstance(actor, AnonymousUser) or not getattr(actor, "is_authenticated", False)):
        actor = None
    if target is not None:
        target_type = target_type or target._meta.label
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:300]
    return Entry.objects.create(
        actor=actor,
        actor_label=(actor.get_full_name() or str(actor)) if actor is not None else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:300],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note[:500],
    )


class acting_as:
    """`with acting_as(user): ...` — entries written inside name `user` (tasks, commands)."""

    def __init__(self, user: User | None) -> None:
        self.user = user

    def __enter__(self) -> acting_as:
        self._token = _actor.set(self.user)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        _actor.reset(self._token)


def groups_changed(
    sender: type[models.Model],
    instance: User | Group,
    action: str,
    pk_set: set[int] | None,
    reverse: bool,
    **kwargs: Any,
) -> None:
    """User.groups changed: one entry per role given or taken away."""
    from django.contrib.auth.models import Group

    if action not in ("post_add", "post_remove") or not pk_set:
        return
    pairs: list[tuple[User, Group]]
    if isinstance(instance, Group):  # reverse: group.user_set.add(user...)
        pairs = [(user, instance) for user in instance.user_set.model.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
    kind = Action.ROLE_GRANTED if action == "post_add" else Action.ROLE_REMOVED
    for user, group in pairs:
        record(
            kind,
            user,
            after={"role": group.name} if kind == Action.ROLE_GRANTED else None,
            before={"role": group.name} if kind == Action.ROLE_REMOVED else None,
        )
