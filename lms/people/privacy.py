"""A person's own data: everything we hold about them, to download; and erasing it.

Each app says what it holds about a person, and erases it, by answering the signals of
lms/people/signals.py from its own privacy.py. The download is a ZIP of data.json plus the
person's files (certificate PDFs, workshop photos). Erasing keeps what others rely on but
names nobody: enrolments, attendance and feedback stay as anonymous counts (a batch's numbers
must not change), photos and published pages are deleted, and the account can no longer log in.

Issued certificates stay verifiable as issued — a buyer or an employer may hold a printed one —
unless the person also asks for them to be revoked; the page says so before anyone confirms.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from lms.people.models import User
from lms.people.signals import collect_personal_data, collect_personal_files, erase_personal_data

ERASED_NAME = "—"


def _own(user: User) -> dict[str, Any]:
    """What the people app itself holds: the profile and the consents she gave or took back."""
    return {
        "profile": {
            "full_name": user.full_name,
            "name_en": user.name_en,
            "mobile": user.phone,
            "email": user.email,
            "gender": user.gender,
            "birth_year": user.birth_year,
            "district": str(user.district) if user.district_id else None,
            "upazila": str(user.upazila) if user.upazila_id else None,
            "language": user.language,
            "member_since": user.date_joined.isoformat(),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "consents": [{"for": c.purpose, "given": c.given, "at": c.at, "detail": c.detail} for c in user.consents.all()],
    }


def collect(user: User) -> dict[str, Any]:
    """data.json: the profile and consents first, then every app's sections by name, so the file
    reads the same whatever order the apps start in."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(timespec="seconds"), **_own(user)}
    sections: dict[str, Any] = {}
    for receiver, answer in collect_personal_data.send(sender=type(user), user=user):
        for name, value in answer.items():
            if name in data or name in sections:
                raise ImproperlyConfigured(f"The section {name!r} from {receiver.__module__} is exported twice.")
            sections[name] = value
    return data | dict(sorted(sections.items()))


def files(user: User) -> list[tuple[str, bytes]]:
    """[(name in the ZIP, bytes)] from every app, by name."""
    found = [item for _receiver, answer in collect_personal_files.send(sender=type(user), user=user) for item in answer]
    return sorted(found, key=lambda item: item[0])


def export(user: User) -> bytes:
    """The ZIP a person downloads: data.json and their files."""
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for name, content in files(user):
            archive.writestr(name, content)
    return buffer.getvalue()


def erase(user: User, *, revoke_certificates: bool = False) -> None:
    """Remove or anonymise everything personal; the account stops working. All or nothing: if any
    app fails to erase its part, nothing is erased."""
    with transaction.atomic():
        erase_personal_data.send(sender=type(user), user=user, revoke_certificates=revoke_certificates)
        EmailAddress.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(
            full_name=ERASED_NAME,
            name_en="",
            phone=f"deleted-{user.pk}",
            phone_verified=False,
            email=None,
            gender="",
            birth_year=None,
            district=None,
            upazila=None,
            is_active=False,
            password="!",  # unusable: no password matches
        )
        user.groups.clear()
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
