"""Issuing, revoking and re-issuing certificates: the rules, in one place.

Idempotent by a database constraint: one valid certificate per source (an enrolment, an award,
a year of volunteer service), so a job run twice or two organisers clicking at once never make a
second one.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Site

from certificates.models import Certificate, CertificateTemplate, Kind, SerialCounter
from certificates.openbadges import BadgeFacts, BadgeIssuer
from certificates.render import CertificateLayout, Signatory, render_certificate
from certificates.render.preview import preview_png
from certificates.signing import active_key, qr_content, sign_payload
from cms.models import SiteSettings
from courses.catalogue import localised_courses
from lms.audit import services as audit
from lms.audit.models import Action
from lms.lib.bangla import localise_digits
from lms.notifications.services import notify

if TYPE_CHECKING:
    from wagtail.images.models import AbstractImage

    from certificates.openbadges import BadgeFacts, BadgeIssuer
    from certificates.render.certificate import Orientation
    from courses.models import Enrolment
    from lms.people.models import User

T = TypeVar("T")

SERIAL_PREFIX = "UDY"


class CertificateError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


def next_serial(year: int) -> str:
    """UDY-2026-000123: counted per year under a row lock (numbers may skip, never repeat)."""
    with transaction.atomic():
        counter, _created = SerialCounter.objects.select_for_update().get_or_create(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{SERIAL_PREFIX}-{year}-{counter.last:06d}"


# Within a bulk chunk (same_layouts()), the template of a kind and its layout (with the pictures
# read from storage) are looked up once, not once per certificate: a template edited mid-chunk
# reaches the next chunk, seconds later.
_chunk_cache: contextvars.ContextVar[dict[tuple[object, ...], Any] | None] = contextvars.ContextVar(
    "certificate_chunk_cache", default=None
)


@contextlib.contextmanager
def same_layouts() -> Iterator[None]:
    token = _chunk_cache.set({})
    try:
        yield
    finally:
        _chunk_cache.reset(token)


def _cached(key: tuple[object, ...], make: Callable[[], T]) -> T:
    cache = _chunk_cache.get()
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]


def default_template(kind: str) -> CertificateTemplate:
    return _cached(("template", kind), lambda: _default_template(kind))


def _default_template(kind: str) -> CertificateTemplate:
    template = (
        CertificateTemplate.objects.filter(kind=kind)
        .order_by("-is_default", "pk")
        .prefetch_related("signatories")
        .first()
    )
    if template is None:
        raise CertificateError(f"There is no certificate template for “{Kind(kind).label}”. Add one in the admin.")
    return template


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificates:verify", kwargs={"code": certificate.code})


def _image_bytes(image: AbstractImage | None) -> bytes | None:
    if image is None:
        return None
    with image.file.open("rb") as handle:
        return handle.read()


def layout_for(template: CertificateTemplate, language: str) -> CertificateLayout:
    site = Site.objects.filter(is_default_site=True).first()
    organisation = SiteSettings.for_site(site).name_for(language) if site else "Udyokta"
    english = language == "en"
    return CertificateLayout(
        title=template.title_en if english else template.title_bn,
        subtitle=template.subtitle_en if english else template.subtitle_bn,
        body=template.body_en if english else template.body_bn,
        organisation=organisation,
        # The field's choices are the two orientations (and the renderer checks again).
        orientation=cast("Orientation", template.orientation),
        logo=_image_bytes(template.logo),
        background=_image_bytes(template.background),
        signatories=tuple(
            Signatory(name=s.name, title=s.title, signature=_image_bytes(s.signature))
            for s in template.signatories.all()[:3]
        ),
    )


def render_pdf(template: CertificateTemplate, values: dict[str, str], language: str) -> bytes:
    layout = _cached(("layout", template.pk, language), lambda: layout_for(template, language))
    return render_certificate(layout, values, language=language)


def language_for(template: CertificateTemplate, recipient: User | None) -> str:
    """The language a certificate is printed in: the template's, or the recipient's when it has both."""
    if template.language in ("bn", "en"):
        return template.language
    return "en" if recipient is not None and recipient.language == "en" else "bn"


def issue_certificate(
    *,
    recipient: User | None,
    kind: str,
    source_key: str,
    values: dict[str, str],
    title: str,
    template: CertificateTemplate | None = None,
    issued_by: User | None = None,
    now: dt.datetime | None = None,
    notify_recipient: bool = True,
) -> tuple[Certificate, bool]:
    """Issue (render and store) a certificate, or return the valid one this source already has."""
    existing = Certificate.objects.filter(source_key=source_key, status=Certificate.Status.VALID).first()
    if existing:
        return existing, False
    now = now or timezone.now()
    template = template or default_template(kind)
    language = language_for(template, recipient)
    name = recipient.display_name(language) if recipient is not None else values["name"]
    issued_on = timezone.localdate(now)
    serial = next_serial(issued_on.year)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                serial=serial,
                kind=kind,
                source_key=source_key,
                template=template,
                recipient=recipient,
                recipient_name=name,
                title=title,
                language=language,
                issued_on=issued_on,
                issued_by=issued_by,
            )
            certificate.status_index = certificate.pk
            with translation.override(language):
                date_text = localise_digits(date_format(issued_on, "j F Y"), language)
            # The QR opens the verification page; its fragment is a signed copy of the facts that
            # the offline verifier checks with no connection.
            token = sign_payload({"serial": serial, "name": name, "kind": kind, "date": issued_on}, key=active_key())
            filled = {
                **values,
                "name": name,
                "recipient_name": name,
                "date": date_text,
                "serial": serial,
                "verify_url": qr_content(verify_url(certificate), token),
            }
            pdf = render_pdf(template, filled, language)
            certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
            certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            certificate.save()
            audit.record(
                Action.CERTIFICATE_ISSUED,
                certificate,
                actor=issued_by,
                after={"serial": serial, "recipient": name, "title": title, "kind": kind, "source": source_key},
            )
    except IntegrityError:
        # Another worker or organiser issued it at the same moment: theirs is the one.
        return Certificate.objects.get(source_key=source_key, status=Certificate.Status.VALID), False
    if notify_recipient and recipient is not None:
        transaction.on_commit(lambda: _tell_recipient(certificate, recipient))
    return certificate, True


def _tell_recipient(certificate: Certificate, recipient: User) -> None:
    notify(
        recipient,
        "certificate_issued",
        context={"certificate": certificate},
        url=reverse("certificates:mine"),
        dedupe_key=f"certificate:{certificate.pk}",
    )


def revoke(
    certificate: Certificate, reason: str, *, by: User | None = None, now: dt.datetime | None = None
) -> Certificate:
    if not reason.strip():
        raise CertificateError("Give a reason: it is shown on the verification page.")
    if certificate.status == Certificate.Status.REVOKED:
        return certificate
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_reason = reason.strip()[:300]
    # A revoked certificate has no share picture: one showing it as issued would contradict the page.
    preview = certificate.preview.name
    certificate.preview = ""
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason", "preview"])
    audit.record(
        Action.CERTIFICATE_REVOKED,
        certificate,
        actor=by,
        before={"status": Certificate.Status.VALID},
        after={"status": Certificate.Status.REVOKED, "reason": certificate.revoked_reason},
    )
    if preview:
        storage = certificate.preview.storage
        transaction.on_commit(lambda: storage.delete(preview))
    return certificate


def share_preview(certificate: Certificate) -> FieldFile | None:
    """The stored share picture (a PNG, og:image) of a valid certificate, made on first request.

    Made lazily rather than at issue: rasterising costs several times what rendering the PDF does,
    which a bulk run of a thousand would pay for pictures few of them ever need; once made it is
    stored, so a link shared in a group costs one rasterisation, not one per visitor. Revoked
    certificates have none (None).
    """
    if not certificate.is_valid or not certificate.pdf:
        return None
    if certificate.preview:
        return certificate.preview
    with certificate.pdf.open("rb") as handle:
        png = preview_png(handle.read())
    field = certificate.preview
    field.save(f"{certificate.code}.png", ContentFile(png), save=False)
    # Two first visitors at once both render; the first to record its file wins, the other's goes.
    claimed = Certificate.objects.filter(pk=certificate.pk, preview="", status=Certificate.Status.VALID).update(
        preview=field.name
    )
    if not claimed:
        field.storage.delete(field.name)  # type: ignore[arg-type]  # save() above has named the file
        certificate.refresh_from_db(fields=["preview", "status"])
        return certificate.preview if certificate.is_valid and certificate.preview else None
    return field


def reissue(
    certificate: Certificate, *, by: User | None = None, reason: str = "", now: dt.datetime | None = None
) -> Certificate:
    """A corrected certificate (e.g. the name fixed in the profile); the old one says "replaced by"."""
    if certificate.status != Certificate.Status.VALID:
        raise CertificateError("Only a valid certificate can be re-issued.")
    now = now or timezone.now()
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        revoke(old, reason or "Replaced by a corrected certificate.", by=by, now=now)
        values = {"course": old.title, "name": old.recipient_name}
        new, _created = issue_certificate(
            recipient=old.recipient,
            kind=old.kind,
            source_key=old.source_key,
            values=values,
            title=old.title,
            template=old.template,
            issued_by=by,
            now=now,
            notify_recipient=True,
        )
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        audit.record(
            Action.CERTIFICATE_REISSUED,
            new,
            actor=by,
            before={"serial": old.serial, "recipient": old.recipient_name},
            after={"serial": new.serial, "recipient": new.recipient_name},
            note=reason,
        )
    return new


def issue_for_enrolment(enrolment: Enrolment) -> tuple[Certificate, bool]:
    """The course or workshop certificate of a completed enrolment."""
    course = enrolment.batch.course
    facts = course.facts
    kind = Kind.WORKSHOP if facts.delivery_mode == "workshop" else Kind.COURSE
    template = default_template(kind)
    language = language_for(template, enrolment.user)
    with translation.override(language):
        title = localised_courses([course])[course.pk].title
    hours = localise_digits(int(facts.duration_weeks * float(facts.hours_per_week)), language)
    return issue_certificate(
        recipient=enrolment.user,
        kind=kind,
        source_key=f"enrolment:{enrolment.pk}",
        title=title,
        template=template,
        values={"course": title, "hours": hours},
    )


# --- Open Badges 3.0 (certificates/openbadges.py builds and signs them) ------------------------


def badge_issuer() -> BadgeIssuer:
    site = Site.objects.filter(is_default_site=True).first()
    facts = SiteSettings.for_site(site) if site else None
    return BadgeIssuer(
        site_url=settings.SITE_URL,
        name_bn=facts.organisation_name if facts else "উদ্যোক্তা",
        name_en=facts.organisation_name_en if facts else "Udyokta",
        url=settings.SITE_URL,
        email=facts.contact_email if facts else "",
    )


def badge_facts(code: str) -> BadgeFacts | None:
    """What an Open Badge says about one certificate; None when there is nothing to hand out."""
    certificate = Certificate.objects.filter(code=code).select_related("template").first()
    if certificate is None or certificate.status_index is None:
        return None
    template = certificate.template
    kind = Kind(certificate.kind)
    with translation.override("en"):
        kind_en = str(kind.label)
    with translation.override("bn"):
        kind_bn = str(kind.label)
    try:
        return BadgeFacts(
            code=certificate.code,
            serial=certificate.serial,
            verify_url=verify_url(certificate),
            recipient_name=certificate.recipient_name,
            kind=certificate.kind,
            # The achievement is the same for everyone who earned it: the course, not the person.
            achievement_bn=f"{template.title_bn}: {certificate.title}",
            achievement_en=f"{template.title_en}: {certificate.title}",
            description_bn=kind_bn,
            description_en=kind_en,
            issued_at=certificate.created_at,
            valid=certificate.is_valid,
            status_index=certificate.status_index,
            issuer=badge_issuer(),
        )
    except ValueError:
        return None


def revoked_status_indexes() -> list[int]:
    revoked = Certificate.objects.filter(status=Certificate.Status.REVOKED, status_index__isnull=False)
    return [index for index in revoked.values_list("status_index", flat=True) if index is not None]
