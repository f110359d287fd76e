"""A fair's medals: the award certificate of every medal of its finalised categories.

Source key "fair-award:<category>:<exhibitor's application>:<medal>": a category reopened and
finalised again that gives the same medal to the same exhibitor finds the certificate already
issued; a different medal is a different certificate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import translation

from certificates.models import Kind
from certificates.services import default_template, issue_certificate, language_for
from certificates.sources.base import BulkSource
from events.fairs.models import Award
from events.fairs.services import fair_title


def award_item(award: Award) -> str:
    return f"{award.category_id}:{award.application_id}:{award.medal}"


class FairAwards(BulkSource):
    """params: {"fair_id": 3} (the fair page in the default language)."""

    name = "fair_awards"

    def items(self, params: dict) -> list[str]:
        awards = Award.objects.filter(category__fair_id=params["fair_id"], category__finalised_at__isnull=False)
        return [award_item(a) for a in awards.order_by("pk").only("category_id", "application_id", "medal")]

    def source_key(self, item: str) -> str:
        return f"fair-award:{item}"

    def targets(self, items: Sequence[str]) -> Iterable[Award]:
        wanted = set(items)
        category_ids = {int(item.split(":")[0]) for item in items}
        awards = (
            Award.objects.filter(category_id__in=category_ids, category__finalised_at__isnull=False)
            .select_related("category__fair__locale", "application__applicant")
            .order_by("pk")
        )
        return [award for award in awards if award_item(award) in wanted]

    def issue_one(self, target: Award) -> None:
        template = default_template(Kind.FAIR_AWARD)
        recipient = target.application.applicant
        language = language_for(template, recipient)
        with translation.override(language):
            medal = str(target.get_medal_display())
            category = target.category.name
        fair = fair_title(target.category.fair, language)
        issue_certificate(
            recipient=recipient,
            kind=Kind.FAIR_AWARD,
            source_key=self.source_key(award_item(target)),
            title=f"{medal} — {category}, {fair}",
            template=template,
            values={"fair": fair, "category": category, "medal": medal, "course": fair},
        )

    def archive_name(self, params: dict) -> str:
        return f"fair-{params['fair_id']}-awards.zip"
