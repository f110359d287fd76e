from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates import bulk, services
from certificates.forms import ManualIssueForm, RevokeForm
from certificates.models import Certificate, CertificateTemplate
from certificates.render.preview import PREVIEW_SIZE
from certificates.variables import sample_values
from cms import page_cache
from courses.models import Batch
from lms.lib.ratelimit import allow, client_key
from lms.people.decorators import role_required
from lms.people.roles import ORGANISER
from lms.permissions import get_object_or_403

# Per client per minute: plenty for a person, too few for guessing codes (the benchmark raises it).
VERIFY_LIMIT = settings.VERIFY_RATE_LIMIT
# Link previews are fetched by a few crawlers' addresses for everyone who shares a link.
PREVIEW_LIMIT = 120


def _limited(request: HttpRequest, scope: str, limit: int) -> HttpResponse | None:
    allowed, wait = allow(scope, client_key(request), limit=limit, window=60)
    if allowed:
        return None
    minutes = max(1, math.ceil(wait / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    limited = _limited(request, "verify", VERIFY_LIMIT)
    if limited:
        return limited
    certificate = Certificate.objects.select_related("replaced_by").filter(code=code).first()
    if certificate is None:
        return render(request, "certificates/not_found.html", status=404)
    preview_url = None
    if certificate.is_valid and certificate.pdf:
        # One address for the picture whatever the page's language, so a shared link's picture is cached once.
        with translation.override(settings.LANGUAGE_CODE):
            preview_url = request.build_absolute_uri(reverse("certificates:verify_preview", args=[certificate.code]))
    response = render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "preview_url": preview_url, "preview_size": PREVIEW_SIZE},
    )
    # The same page for every visitor: kept for the next (a fair's QR scans come in crowds),
    # dropped when any certificate changes (revoked, re-issued).
    if page_cache.cacheable(request):
        page_cache.store(request, response.content, group="certificates")
    return response


def verify_pdf(request: HttpRequest, code: str) -> HttpResponse:
    limited = _limited(request, "verify", VERIFY_LIMIT)
    if limited:
        return limited
    certificate = get_object_or_404(Certificate, code=code)
    return _pdf_response(certificate)


def verify_preview(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate's share picture (og:image); 404 for an unknown code or a revoked certificate."""
    limited = _limited(request, "verify_preview", PREVIEW_LIMIT)
    if limited:
        return limited
    certificate = get_object_or_404(Certificate, code=code)
    preview = services.share_preview(certificate)
    if preview is None:
        raise Http404
    response = FileResponse(preview.open("rb"), content_type="image/png")
    # An hour: long enough to spare a busy group chat, short enough that a revocation shows.
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf_response(certificate: Certificate) -> FileResponse:
    if not certificate.pdf:
        raise Http404
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.serial}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    certificates = Certificate.objects.filter(recipient=request.user).select_related("replaced_by")
    return render(request, "certificates/mine.html", {"certificates": certificates})


@role_required(ORGANISER)
def manage(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(Certificate.objects.select_related("recipient", "replaced_by"), code=code)
    return render(request, "certificates/manage.html", {"certificate": certificate, "revoke_form": RevokeForm()})


@role_required(ORGANISER)
@require_POST
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(Certificate, code=code)
    form = RevokeForm(request.POST)
    if form.is_valid():
        services.revoke(certificate, form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("The certificate is revoked."))
    else:
        messages.error(request, _("Give a reason: it is shown on the verification page."))
    return redirect("certificates:manage", code=code)


@role_required(ORGANISER)
@require_POST
def reissue(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(Certificate, code=code)
    try:
        new = services.reissue(certificate, by=request.user)
    except services.CertificateError as error:
        messages.error(request, str(error))
        return redirect("certificates:manage", code=code)
    messages.success(request, _("A new certificate is issued; the old one says it was replaced."))
    return redirect("certificates:manage", code=new.code)


@role_required(ORGANISER)
def issue(request: HttpRequest) -> HttpResponse:
    form = ManualIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate, created = services.issue_certificate(
                recipient=form.person,
                kind=data["kind"],
                title=data["title"],
                issued_by=request.user,
                source_key=f"manual:{data['kind']}:{form.person.pk}:{data['title'][:40]}",
                values={
                    "course": data["title"],
                    "hours": data["hours"] or "",
                    "fair": data["title"],
                    "category": "",
                    "medal": "",
                    "forum": data["title"],
                    "member_no": "",
                },
            )
        except services.CertificateError as error:
            messages.error(request, str(error))
        else:
            if not created:
                messages.info(request, _("This person already has this certificate."))
            return redirect("certificates:manage", code=certificate.code)
    return render(request, "certificates/issue.html", {"form": form})


@role_required(ORGANISER)
def preview(request: HttpRequest, template_id: int) -> HttpResponse:
    template = get_object_or_404(CertificateTemplate.objects.prefetch_related("signatories"), pk=template_id)
    language = request.GET.get("language", "bn") if request.GET.get("language") in ("bn", "en") else "bn"
    values = {**sample_values(language), "verify_url": "https://udyokta.example/verify/sample"}
    values["recipient_name"] = values["name"]
    pdf = services.render_pdf(template, values, language)
    return HttpResponse(pdf, content_type="application/pdf")


@role_required(ORGANISER)
@require_POST
def bulk_for_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_403(request.user, "courses.organise_batch", Batch, pk=batch_id)
    job = bulk.start_for_batch(batch, user=request.user)
    return redirect("jobs:detail", job_id=job.pk)
