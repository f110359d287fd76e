"""The fairs app's figures for the dashboard: fairs held, exhibitors and medals in the period.
Imported only when fairs is installed (impact.providers.KNOWN)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from lms.impact.providers import Figure


def figures(filters) -> list[Figure]:
    from events.fairs.models import Application, Award, FairPage

    fairs = FairPage.objects.live().filter(
        locale__language_code=settings.LANGUAGE_CODE, starts_on__gte=filters.start, starts_on__lte=filters.end
    )
    if filters.district_id:
        fairs = fairs.filter(district_id=filters.district_id)
    elif filters.division_id:
        fairs = fairs.filter(district__division_id=filters.division_id)
    exhibitors = Application.objects.filter(fair__in=fairs.values("pk"), status=Application.Status.APPROVED)
    awards = Award.objects.filter(category__fair__in=fairs.values("pk"))
    if filters.trade_id:
        exhibitors = exhibitors.filter(trade_id=filters.trade_id)
        awards = awards.filter(application__trade_id=filters.trade_id)
    if filters.gender:
        exhibitors = exhibitors.filter(applicant__gender=filters.gender)
        awards = awards.filter(application__applicant__gender=filters.gender)
    return [
        Figure("fairs", _("Fairs held"), fairs.count()),
        Figure("exhibitors", _("Exhibitors approved"), exhibitors.count()),
        Figure("awards", _("Medals awarded"), awards.count()),
    ]
