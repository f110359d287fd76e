"""The trainers' volunteer years: the volunteer-service certificate of every trainer with hours in
a year, with the year's hours on it (events/trainers/services/hours.py counts them).

Source key "volunteer:<year>:<trainer>": one per trainer and year, however often it is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from certificates.models import Kind
from certificates.services import issue_certificate
from certificates.sources.base import BulkSource
from events.trainers.services import TrainerTotal, totals
from lms.lib.bangla import localise_digits


def _year_totals(year: int, trainer_ids: set[int] | None = None) -> dict[int, TrainerTotal]:
    rows = totals(dt.date(year, 1, 1), dt.date(year, 12, 31))
    wanted = [row for row in rows if row.total > 0]
    return {row.trainer.pk: row for row in wanted if trainer_ids is None or row.trainer.pk in trainer_ids}


def issue_volunteer_certificate(trainer, year: int, hours: Decimal, *, by=None, now: dt.datetime | None = None):
    """The trainer's volunteer-service certificate for the year (once: one valid certificate per
    source key); (certificate, created)."""
    language = trainer.language or "bn"
    return issue_certificate(
        recipient=trainer,
        kind=Kind.VOLUNTEER,
        source_key=f"volunteer:{year}:{trainer.pk}",
        values={"hours": localise_digits(hours.normalize(), language), "year": localise_digits(year, language)},
        title=_("Volunteer service %(year)s") % {"year": year},
        issued_by=by,
        now=now,
    )


class VolunteerYears(BulkSource):
    """params: {"year": 2026}."""

    name = "volunteer_year"

    def items(self, params: dict) -> list[list[int]]:
        year = int(params["year"])
        return [[year, trainer_id] for trainer_id in sorted(_year_totals(year))]

    def source_key(self, item: Sequence[int]) -> str:
        year, trainer_id = item
        return f"volunteer:{year}:{trainer_id}"

    def targets(self, items: Sequence[Sequence[int]]) -> Iterable[tuple[int, TrainerTotal]]:
        by_year: dict[int, set[int]] = {}
        for year, trainer_id in items:
            by_year.setdefault(int(year), set()).add(int(trainer_id))
        for year, trainer_ids in by_year.items():
            for row in _year_totals(year, trainer_ids).values():
                yield year, row

    def issue_one(self, target: tuple[int, TrainerTotal]) -> None:
        year, row = target
        issue_volunteer_certificate(row.trainer, year, row.total)

    def archive_name(self, params: dict) -> str:
        return f"volunteer-certificates-{params['year']}.zip"
