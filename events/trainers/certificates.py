"""The trainers' yearly volunteer-service certificates, issued in bulk (certificates/bulk.py): a
background job with its progress page and a ZIP of all the PDFs, like a batch's certificates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from certificates.bulk import BulkSource, register


def _year_totals(year: int, trainer_ids: set[int] | None = None) -> dict[int, object]:
    from events.trainers.services import totals

    rows = totals(dt.date(year, 1, 1), dt.date(year, 12, 31))
    wanted = [row for row in rows if row.total > 0]
    return {row.trainer.pk: row for row in wanted if trainer_ids is None or row.trainer.pk in trainer_ids}


class VolunteerYears(BulkSource):
    """Every trainer with volunteer hours in the year (params: {"year": 2026})."""

    name = "volunteer_year"

    def items(self, params: dict) -> list[list[int]]:
        year = int(params["year"])
        return [[year, trainer_id] for trainer_id in sorted(_year_totals(year))]

    def source_key(self, item) -> str:
        year, trainer_id = item
        return f"volunteer:{year}:{trainer_id}"

    def issue(self, items: Sequence) -> list[str]:
        from certificates.services import CertificateError, same_layouts
        from events.trainers.services.hours import issue_volunteer_certificate

        errors = []
        by_year: dict[int, set[int]] = {}
        for year, trainer_id in items:
            by_year.setdefault(int(year), set()).add(int(trainer_id))
        with same_layouts():
            for year, trainer_ids in by_year.items():
                for row in _year_totals(year, trainer_ids).values():
                    try:
                        issue_volunteer_certificate(row.trainer, year, row.total)
                    except CertificateError as error:
                        errors.append(str(error))
        return errors

    def archive_name(self, params: dict) -> str:
        return f"volunteer-certificates-{params['year']}.zip"


register(VolunteerYears())
