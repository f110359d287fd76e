"""The fair's two bulk certificate sources (certificates/bulk.py), registered from FairsConfig.ready.

Source keys: "fair-award:<award's category>:<exhibitor>:<medal>" — a reopened and re-finalised
category that gives the same medal to the same exhibitor finds the certificate already issued;
"fair-participation:<application>" — one per exhibitor and fair.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation

from certificates.bulk import BulkSource
from certificates.models import Kind


def fair_title(fair, language: str) -> str:
    from wagtail.models import Locale

    from events.fairs.models import FairPage

    if language != fair.locale.language_code:
        translated = (
            FairPage.objects.filter(
                translation_key=fair.translation_key, locale=Locale.objects.filter(language_code=language).first()
            )
            .only("title")
            .first()
        )
        if translated is not None:
            return translated.title
    return fair.title


class FairAwards(BulkSource):
    """The award certificate of every medal of a fair's finalised categories."""

    name = "fair_awards"

    def items(self, params: dict) -> list[str]:
        from events.fairs.models import Award

        awards = Award.objects.filter(category__fair_id=params["fair_id"], category__finalised_at__isnull=False)
        return [award_item(a) for a in awards.order_by("pk").only("category_id", "application_id", "medal")]

    def source_key(self, item: str) -> str:
        return f"fair-award:{item}"

    def issue(self, items: Sequence[str]) -> list[str]:
        from certificates.services import CertificateError, default_template, issue_certificate, same_layouts
        from events.fairs.models import Award

        wanted = set(items)
        category_ids = {int(item.split(":")[0]) for item in items}
        awards = [
            award
            for award in Award.objects.filter(category_id__in=category_ids, category__finalised_at__isnull=False)
            .select_related("category__fair__locale", "application__applicant")
            .order_by("pk")
            if award_item(award) in wanted
        ]
        errors = []
        with same_layouts():
            for award in awards:
                try:
                    template = default_template(Kind.FAIR_AWARD)
                    recipient = award.application.applicant
                    language = language_for(template, recipient)
                    with translation.override(language):
                        medal = str(award.get_medal_display())
                        category = award.category.name
                    fair = fair_title(award.category.fair, language)
                    issue_certificate(
                        recipient=recipient,
                        kind=Kind.FAIR_AWARD,
                        source_key=self.source_key(award_item(award)),
                        title=f"{medal} — {category}, {fair}",
                        template=template,
                        values={"fair": fair, "category": category, "medal": medal, "course": fair},
                    )
                except CertificateError as error:
                    errors.append(str(error))
        return errors

    def archive_name(self, params: dict) -> str:
        return f"fair-{params['fair_id']}-awards.zip"


class FairParticipation(BulkSource):
    """The participation certificate of every exhibitor checked in at a fair."""

    name = "fair_participation"

    def items(self, params: dict) -> list[int]:
        from events.fairs.models import Application

        return list(
            Application.objects.filter(
                fair_id=params["fair_id"], status=Application.Status.APPROVED, checked_in_at__isnull=False
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def source_key(self, item: int) -> str:
        return f"fair-participation:{item}"

    def issue(self, items: Sequence[int]) -> list[str]:
        from certificates.services import CertificateError, default_template, issue_certificate, same_layouts
        from events.fairs.models import Application

        applications = (
            Application.objects.filter(pk__in=items, checked_in_at__isnull=False)
            .select_related("fair__locale", "applicant")
            .order_by("pk")
        )
        errors = []
        with same_layouts():
            for application in applications:
                try:
                    template = default_template(Kind.FAIR_PARTICIPATION)
                    language = language_for(template, application.applicant)
                    fair = fair_title(application.fair, language)
                    issue_certificate(
                        recipient=application.applicant,
                        kind=Kind.FAIR_PARTICIPATION,
                        source_key=self.source_key(application.pk),
                        title=fair,
                        template=template,
                        values={"fair": fair, "course": fair},
                    )
                except CertificateError as error:
                    errors.append(str(error))
        return errors

    def archive_name(self, params: dict) -> str:
        return f"fair-{params['fair_id']}-participation.zip"


def award_item(award) -> str:
    return f"{award.category_id}:{award.application_id}:{award.medal}"


def language_for(template, recipient) -> str:
    """The language the certificate is printed in: as certificates.services decides it."""
    if template.language in ("bn", "en"):
        return template.language
    return "en" if recipient is not None and recipient.language == "en" else "bn"
