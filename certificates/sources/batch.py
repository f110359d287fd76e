"""A batch's completions: the course or workshop certificate of every completed enrolment.

Source key "enrolment:<enrolment>", the same as the certificate issued on completion has, so a
batch issued in bulk after some certificates went out on their own adds only the missing ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from certificates.services import issue_for_enrolment
from certificates.sources.base import BulkSource
from courses.models import Enrolment


class BatchCompletions(BulkSource):
    """params: {"batch_id": 12}."""

    name = "batch"

    def items(self, params: dict) -> list[int]:
        return list(
            Enrolment.objects.filter(batch_id=params["batch_id"], status=Enrolment.Status.COMPLETED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def source_key(self, item: int) -> str:
        return f"enrolment:{item}"

    def targets(self, items: Sequence[int]) -> Iterable[Enrolment]:
        return (
            Enrolment.objects.filter(pk__in=items, status=Enrolment.Status.COMPLETED)
            .select_related("user", "batch__course")
            .order_by("pk")
        )

    def issue_one(self, target: Enrolment) -> None:
        issue_for_enrolment(target)

    def archive_name(self, params: dict) -> str:
        return f"certificates-{params['batch_id']}.zip"
