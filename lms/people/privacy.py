"""A person's own data: everything we hold about them, to download; and erasing it.

Each app registers what it holds about a person (exporters: user -> {section: data}) and how
to erase it (erasers: user -> None). The download is a ZIP of data.json plus the person's
certificate PDFs. Erasing keeps what others rely on but names nobody: enrolments, attendance
and feedback stay as anonymous counts (a batch's numbers must not change), photos and
published pages are deleted, and the account can no longer log in.

Issued certificates stay verifiable as issued — a buyer or an employer may hold a printed one —
unless the person also asks for them to be revoked; the page says so before anyone confirms.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

exporters: list[Callable[[Any], dict[str, Any]]] = []
erasers: list[Callable[[Any], None]] = []
# (user) -> [(name in the ZIP, bytes)]: files a person gets back with their data.
file_exporters: list[Callable[[Any], list[tuple[str, bytes]]]] = []

ERASED_NAME = "—"


def _profile(user) -> dict[str, Any]:
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
        }
    }


def export(user) -> bytes:
    """The ZIP a person downloads: data.json and their files."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(timespec="seconds")}
    for exporter in [_profile, *exporters]:
        data.update(exporter(user))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for exporter in file_exporters:
            for name, content in exporter(user):
                archive.writestr(name, content)
    return buffer.getvalue()


def erase(user, *, revoke_certificates: bool = False) -> None:
    """Remove or anonymise everything personal; the account stops working."""
    with transaction.atomic():
        for eraser in erasers:
            eraser(user)
        if revoke_certificates:
            from certificates.models import Certificate
            from certificates.services import revoke

            for certificate in Certificate.objects.filter(recipient=user, status=Certificate.Status.VALID):
                revoke(certificate, "Revoked at the holder's request.", by=user)
        User = get_user_model()
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
