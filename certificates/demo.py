"""Demo certificates: every completed demo enrolment (courses and workshops) has its certificate;
one was re-issued.

Issued here, not only by the completion signal, so the demo has them whether or not a worker is
running (issuing is idempotent); this seeder runs after those of courses and workshops.
"""

from __future__ import annotations

from certificates import services
from certificates.models import Certificate
from courses.demo import COURSES
from courses.models import Enrolment
from events.workshops.demo import CRAFTS


def seed() -> list[str]:
    first = None
    # Only the demo's own enrolments: real learners get certificates through the real rules.
    demo_courses = [spec[0] for spec in COURSES] + [craft[0] for craft in CRAFTS]
    for enrolment in (
        Enrolment.objects.filter(status=Enrolment.Status.COMPLETED, batch__course__slug__in=demo_courses)
        .select_related("user", "batch__course")
        .order_by("pk")
    ):
        certificate, _created = services.issue_for_enrolment(enrolment)
        first = first or certificate
    if first and not Certificate.objects.filter(replaced_by__isnull=False).exists():
        services.reissue(first, reason="নামের বানান ঠিক করা হয়েছে (demo)")
    valid = Certificate.objects.filter(status=Certificate.Status.VALID).order_by("pk").first()
    return [f"  certificates   verify one at /verify/{valid.code}/" if valid else ""]
