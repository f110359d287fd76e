"""Consent to publishing, recorded whenever it changes, however it changes.

A registry of the switches that publish something of a person's: (model label, field, purpose,
how to reach the person, a detail). A pre_save hook compares the switch with what is stored and
writes a people.Consent row when it flips; code that flips it with a queryset update() calls
record() itself. Withdrawing takes effect at once because the switch itself is what every
public page checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models.signals import pre_save


@dataclass(frozen=True)
class Switch:
    model: str
    field: str
    purpose: str
    user_id: Callable[[object], int]
    detail: Callable[[object], str] = lambda instance: ""


SWITCHES = [
    Switch("trainers.TrainerProfile", "is_public", "trainer_profile", lambda p: p.user_id),
    Switch("workshops.Portfolio", "is_public", "portfolio", lambda p: p.user_id),
    Switch("forums.Membership", "in_directory", "directory", lambda m: m.user_id, lambda m: f"forum {m.forum_id}"),
]


def record(user_id: int, purpose: str, given: bool, detail: str = "") -> None:
    from lms.people.models import Consent

    Consent.objects.create(user_id=user_id, purpose=purpose, given=given, detail=detail)


def _hook(switch: Switch):
    def before_save(sender, instance, raw=False, **kwargs) -> None:
        if raw:
            return
        now = bool(getattr(instance, switch.field))
        was = False
        if instance.pk is not None:
            was = bool(sender.objects.filter(pk=instance.pk).values_list(switch.field, flat=True).first())
        if now != was:
            record(switch.user_id(instance), switch.purpose, now, switch.detail(instance))

    return before_save


def connect() -> None:
    for switch in SWITCHES:
        try:
            model = apps.get_model(switch.model)
        except LookupError:
            continue
        pre_save.connect(_hook(switch), sender=model, weak=False, dispatch_uid=f"consent.{switch.model}")
