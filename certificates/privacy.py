"""A person's certificates and their PDFs, for her data download; revoking them when she deletes
her account and asks for that too (lms/people/signals.py).

Otherwise an issued certificate stays verifiable as issued: a buyer or an employer may hold a
printed one.
"""

from __future__ import annotations

from typing import Any

from certificates.models import Certificate
from certificates.services import revoke
from lms.people.models import User


def personal_data(sender: type, user: User, **kwargs: Any) -> dict[str, Any]:
    return {
        "certificates": [
            {
                "serial": c.serial,
                "title": c.title,
                "name_on_it": c.recipient_name,
                "issued_on": c.issued_on,
                "status": c.status,
                "verify": f"/verify/{c.code}/",
            }
            for c in Certificate.objects.filter(recipient=user)
        ]
    }


def personal_files(sender: type, user: User, **kwargs: Any) -> list[tuple[str, bytes]]:
    files = []
    for certificate in Certificate.objects.filter(recipient=user).exclude(pdf=""):
        with certificate.pdf.open("rb") as pdf:
            files.append((f"certificates/{certificate.serial}.pdf", pdf.read()))
    return files


def erase(sender: type, user: User, *, revoke_certificates: bool = False, **kwargs: Any) -> None:
    if not revoke_certificates:
        return
    for certificate in Certificate.objects.filter(recipient=user, status=Certificate.Status.VALID):
        revoke(certificate, "Revoked at the holder's request.", by=user)
