"""A fair's exhibitors: the participation certificate of every approved exhibitor checked in.

Source key "fair-participation:<application>": one per exhibitor and fair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from certificates.models import Kind
from certificates.services import default_template, issue_certificate, language_for
from certificates.sources.base import BulkSource
from events.fairs.models import Application
from events.fairs.services import fair_title


class FairParticipation(BulkSource):
    """params: {"fair_id": 3} (the fair page in the default language)."""

    name = "fair_participation"

    def items(self, params: dict) -> list[int]:
        return list(
            Application.objects.filter(
                fair_id=params["fair_id"], status=Application.Status.APPROVED, checked_in_at__isnull=False
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def source_key(self, item: int) -> str:
        return f"fair-participation:{item}"

    def targets(self, items: Sequence[int]) -> Iterable[Application]:
        return (
            Application.objects.filter(pk__in=items, checked_in_at__isnull=False)
            .select_related("fair__locale", "applicant")
            .order_by("pk")
        )

    def issue_one(self, target: Application) -> None:
        template = default_template(Kind.FAIR_PARTICIPATION)
        language = language_for(template, target.applicant)
        fair = fair_title(target.fair, language)
        issue_certificate(
            recipient=target.applicant,
            kind=Kind.FAIR_PARTICIPATION,
            source_key=self.source_key(target.pk),
            title=fair,
            template=template,
            values={"fair": fair, "course": fair},
        )

    def archive_name(self, params: dict) -> str:
        return f"fair-{params['fair_id']}-participation.zip"
