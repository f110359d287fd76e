"""How certificates answers the apps below it: the receivers of their signals, connected in
CertificatesConfig.ready(). None of those apps imports certificates.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from certificates import bulk
from certificates.tasks import issue_for_enrolment
from lms.jobs.models import Job
from lms.jobs.outbox import enqueue_on_commit


def issue_on_completion(sender, enrolment, **kwargs) -> None:
    """courses.services.enrolment_completed: the certificate, in the background once committed."""
    enrolment_id = enrolment.pk
    enqueue_on_commit(issue_for_enrolment, enrolment_id)


def start_fair_certificates(sender, fair, user, **kwargs) -> list[Job]:
    """events.fairs.signals.certificates_requested: two jobs, the medal winners' award
    certificates first, then the checked-in exhibitors' participation certificates."""
    params = {"fair_id": fair.pk}
    return [
        bulk.start("fair_awards", params, title=_("%(fair)s: award certificates") % {"fair": fair.title}, user=user),
        bulk.start(
            "fair_participation",
            params,
            title=_("%(fair)s: participation certificates") % {"fair": fair.title},
            user=user,
        ),
    ]


def start_volunteer_certificates(sender, year: int, user, **kwargs) -> Job:
    """events.trainers.signals.volunteer_certificates_requested: the year's job, ending in a ZIP."""
    return bulk.start(
        "volunteer_year", {"year": year}, title=_("Volunteer-service certificates %(year)s") % {"year": year}, user=user
    )
