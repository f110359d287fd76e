"""Demo certificates: every completed demo enrolment has its certificate; one was re-issued."""

from __future__ import annotations

from certificates import services
from certificates.models import Certificate
from courses.models import Enrolment


def seed() -> list[str]:
    first = None
    from courses.demo import COURSES

    # Only the demo's own enrolments: real learners get certificates through the real rules.
    demo_courses = [spec[0] for spec in COURSES]
    for enrolment in Enrolment.objects.filter(
        status=Enrolment.Status.COMPLETED, batch__course__slug__in=demo_courses
    ).select_related("user", "batch__course"):
        certificate, _created = services.issue_for_enrolment(enrolment)
        first = first or certificate
    if first and not Certificate.objects.filter(replaced_by__isnull=False).exists():
        services.reissue(first, reason="নামের বানান ঠিক করা হয়েছে (demo)")
    valid = Certificate.objects.filter(status=Certificate.Status.VALID).order_by("pk").first()
    return [f"  certificates   verify one at /verify/{valid.code}/" if valid else ""]
