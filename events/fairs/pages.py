"""What a fair's page shows: approved exhibitors, published results, and the reader's own
application. A fixed number of queries whatever the size of the fair (tests/fairs count them)."""

from __future__ import annotations

from django.utils import timezone

from events.fairs import services
from events.fairs.models import Application, FairPage


def fair_context(page: FairPage, request) -> dict:
    fair = page.source
    now = timezone.now()
    user = request.user
    mine = None
    if user.is_authenticated:
        mine = Application.objects.filter(fair=fair, applicant=user).first()
    return {
        "fair": fair,
        "is_open": fair.is_open(now),
        "exhibitors": list(services.approved_exhibitors(fair)),
        "results": services.published_awards(fair),
        "my_application": mine,
    }
