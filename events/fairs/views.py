from __future__ import annotations

import json
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.fairs import services
from events.fairs.forms import ApplicationForm, DecisionForm, ReopenForm
from events.fairs.models import Application, AwardCategory, Conflict, FairPage, Score
from events.fairs.passes import render_pass
from lms.people.decorators import role_required
from lms.people.roles import JUDGE, ORGANISER
from lms.permissions import get_object_or_403, is_judge, is_organiser

MAX_SYNC_BODY = 256 * 1024


def _get_fair(fair_id: int) -> FairPage:
    """The fair (in the default language, which facts point at); 404 for drafts and unknown ids."""
    return get_object_or_404(FairPage.objects.live().select_related("district", "locale"), pk=fair_id).source


def _get_category_to_judge(request: HttpRequest, category_id: int) -> AwardCategory:
    """The category, if this person judges it; 403 for a judge of another category."""
    categories = AwardCategory.objects.select_related("fair").prefetch_related("criteria")
    return get_object_or_403(request.user, "fairs.judge_category", categories, pk=category_id)


def index(request: HttpRequest) -> HttpResponse:
    """A stable address for the menu: the fair list page in the reader's language."""
    from django.conf import settings
    from django.utils.translation import get_language

    from events.fairs.models import FairIndexPage

    pages = {p.locale.language_code: p for p in FairIndexPage.objects.live().select_related("locale")}
    page = pages.get((get_language() or settings.LANGUAGE_CODE)[:2]) or pages.get(settings.LANGUAGE_CODE)
    if page is None:
        raise Http404
    return redirect(page.url)


# --- entrepreneurs -------------------------------------------------------------------------------


@login_required
def apply(request: HttpRequest, fair_id: int) -> HttpResponse:
    fair = _get_fair(fair_id)
    now = timezone.now()
    mine = Application.objects.filter(fair=fair, applicant=request.user).prefetch_related("products").first()
    refusal = None if mine else services.refusal(request.user, fair, now)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and mine is None:
        if refusal:
            messages.error(request, refusal)
            status = 400
        elif form.is_valid():
            try:
                data = {k: v for k, v in form.cleaned_data.items() if k in ApplicationForm.Meta.fields}
                services.apply(request.user, fair, products=form.products(), now=now, **data)
            except services.FairError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, _("Your application is in. The organisers will tell you their decision."))
                return redirect("fairs:apply", fair_id=fair.pk)
        else:
            messages.error(request, _("Nothing was saved. Fix the marked fields."))
            status = 400
    return render(
        request,
        "fairs/apply.html",
        {"fair": fair, "form": form, "application": mine, "refusal": refusal},
        status=status,
    )


def exhibitor_pass(request: HttpRequest, application_id: int) -> HttpResponse:
    """The approved exhibitor's pass (PDF with the check-in QR): hers, or any organiser's to print."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = get_object_or_404(
        Application.objects.select_related("fair__locale", "fair__district", "applicant"), pk=application_id
    )
    mine = application.applicant_id == request.user.pk
    if not (mine or request.user.has_perm("fairs.organise_fair", application.fair)):
        raise PermissionDenied
    if not application.is_approved:
        raise Http404
    language = application.applicant.language or "bn"
    pdf = render_pass(application, services.fair_title(application.fair, language), language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pass-{application.pk}.pdf"'
    return response


# --- organisers ----------------------------------------------------------------------------------

STATUS_FILTERS = [("", gettext_lazy("All"))] + list(Application.Status.choices)


@role_required(ORGANISER)
def manage(request: HttpRequest, fair_id: int) -> HttpResponse:
    fair = _get_fair(fair_id)
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    counts = dict(
        Application.objects.filter(fair=fair).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "fairs/manage.html",
        {
            "fair": fair,
            "applications": list(services.applications_for_review(fair, status)),
            "status": status,
            "filters": [(value, label, counts.get(value)) for value, label in STATUS_FILTERS],
            "checked_in": Application.objects.filter(fair=fair, checked_in_at__isnull=False).count(),
        },
    )


@role_required(ORGANISER)
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("fair", "applicant", "trade").prefetch_related("products"),
        pk=application_id,
    )
    initial = {"status": application.status, "stall": application.stall, "reason": application.reason}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.decide(application, by=request.user, **form.cleaned_data)
            except services.FairError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Saved; %(name)s is told.") % {"name": application.applicant.display_name()}
                )
                return redirect("fairs:manage", fair_id=application.fair_id)
        messages.error(request, _("Nothing was saved. Fix the marked fields."))
    return render(
        request,
        "fairs/review.html",
        {"application": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required(ORGANISER)
@require_POST
def check_in(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=application_id)
    try:
        services.check_in(application, by=request.user)
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": application.business_name})
    if request.POST.get("back") == "desk":
        return redirect("fairs:desk", fair_id=application.fair_id)
    return redirect("fairs:manage", fair_id=application.fair_id)


@role_required(ORGANISER)
def desk(request: HttpRequest, fair_id: int) -> HttpResponse:
    """The check-in desk on an organiser's phone: every approved exhibitor, searchable, one tap each.
    With its script the list is searched on the phone and taps wait there while offline."""
    fair = _get_fair(fair_id)
    exhibitors = list(
        Application.objects.filter(fair=fair, status=Application.Status.APPROVED)
        .select_related("applicant")
        .order_by("stall", "business_name")
    )
    query = request.GET.get("q", "").strip().lower()
    if query:
        exhibitors = [
            e for e in exhibitors if query in f"{e.business_name} {e.applicant.display_name()} {e.stall}".lower()
        ]
    return render(
        request,
        "fairs/desk.html",
        {"fair": fair, "exhibitors": exhibitors, "query": query},
    )


@require_POST
def desk_sync(request: HttpRequest) -> JsonResponse:
    """Check-ins tapped on the desk phone, as JSON: [{"code": pass code}]; each is answered, and a
    check-in sent twice (or tapped on two phones) is harmless."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"error": _("Log in again to send the check-ins. They are kept on this phone.")}, status=401
        )
    if not is_organiser(request.user):
        return JsonResponse({"error": _("Only organisers check exhibitors in.")}, status=403)
    if len(request.body) > MAX_SYNC_BODY:
        return JsonResponse({"error": _("Too many check-ins at once.")}, status=413)
    try:
        payload = json.loads(request.body)
        items = payload.get("checkins") if isinstance(payload, dict) else None
        if not isinstance(items, list) or len(items) > services.MAX_SCORES_PER_SYNC:
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("This check-in is not readable.")}, status=400)
    return JsonResponse({"results": services.sync_check_ins(request.user, items)})


@role_required(ORGANISER)
def scan(request: HttpRequest, code: str) -> HttpResponse:
    """Where a pass's QR leads: the exhibitor, and one button to check her in."""
    application = get_object_or_404(
        Application.objects.select_related("fair", "applicant", "trade").prefetch_related("products"), pass_code=code
    )
    if request.method == "POST":
        try:
            services.check_in(application, by=request.user)
        except services.FairError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": application.business_name})
        return redirect("fairs:scan", code=code)
    return render(request, "fairs/scan.html", {"application": application})


@role_required(ORGANISER)
def judging(request: HttpRequest, fair_id: int) -> HttpResponse:
    """Progress (who has scored what) and the standings of every category, with finalise/reopen."""
    fair = _get_fair(fair_id)
    rows = services.progress(fair)
    for row in rows:
        row.standings = services.standings(row.category) if not row.category.is_finalised else []
        row.awards = list(row.category.awards.select_related("application").order_by("rank"))
    return render(
        request,
        "fairs/judging.html",
        {"fair": fair, "rows": rows, "reopen_form": ReopenForm(), "jobs": services.certificate_jobs(fair)},
    )


@role_required(ORGANISER)
@require_POST
def finalise(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_or_404(AwardCategory, pk=category_id)
    special = [int(v) for v in request.POST.getlist("special") if v.isdigit()]
    try:
        services.finalise(category, by=request.user, special=special)
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The results of “%(category)s” are final and published.") % {"category": category})
    return redirect("fairs:judging", fair_id=category.fair_id)


@role_required(ORGANISER)
@require_POST
def reopen(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_or_404(AwardCategory, pk=category_id)
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise services.FairError(_("Say why the results are reopened: it is kept in the audit log."))
        services.reopen(category, by=request.user, reason=form.cleaned_data["reason"])
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The results of “%(category)s” are open again.") % {"category": category})
    return redirect("fairs:judging", fair_id=category.fair_id)


@role_required(ORGANISER)
@require_POST
def certificates(request: HttpRequest, fair_id: int) -> HttpResponse:
    fair = _get_fair(fair_id)
    try:
        services.start_certificates(fair, user=request.user)
    except services.FairError as error:
        messages.error(request, str(error))
        return redirect("fairs:judging", fair_id=fair.pk)
    messages.success(request, _("Issuing has started: award certificates first, then participation."))
    # Back to the judging page, which links both jobs (award and participation) with their progress.
    return redirect(reverse("fairs:judging", kwargs={"fair_id": fair.pk}) + "#certificates")


# --- judges --------------------------------------------------------------------------------------


@role_required(JUDGE)
def judge_home(request: HttpRequest) -> HttpResponse:
    categories = list(
        AwardCategory.objects.filter(judges=request.user)
        .select_related("fair")
        .annotate(mine=Count("scores", filter=Q(scores__judge=request.user)))
        .order_by("-fair__starts_on", "sort_order", "pk")
    )
    return render(request, "fairs/judge_home.html", {"categories": categories})


def score_form_class(category: AwardCategory) -> type[forms.Form]:
    """A form with one 0…scale mark per criterion (named c_<id>), the exhibitor and a client id."""
    fields: dict[str, forms.Field] = {
        "exhibitor": forms.IntegerField(widget=forms.HiddenInput),
        "client_id": forms.UUIDField(widget=forms.HiddenInput),
    }
    for criterion in category.criteria.all():
        fields[f"c_{criterion.pk}"] = forms.IntegerField(
            label=_("%(criterion)s (weight %(weight)s)") % {"criterion": criterion.name, "weight": criterion.weight},
            min_value=0,
            max_value=category.scale_max,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-criterion": criterion.pk}),
        )
    return type("ScoreForm", (forms.Form,), fields)


@role_required(JUDGE)
def score_sheet(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _get_category_to_judge(request, category_id)
    ScoreForm = score_form_class(category)
    scored = {
        s.application_id: s
        for s in Score.objects.filter(category=category, judge=request.user).only("application_id", "weighted")
    }
    conflicts = set(Conflict.objects.filter(judge=request.user).values_list("application_id", flat=True))
    rows = []
    for application in services.entrants(category).select_related("trade").prefetch_related("products"):
        form = None
        if application.pk not in scored and application.pk not in conflicts and not category.is_finalised:
            form = ScoreForm(
                initial={"exhibitor": application.pk, "client_id": uuid.uuid4()}, auto_id=f"id_e{application.pk}_%s"
            )
        rows.append(
            {
                "application": application,
                "score": scored.get(application.pk),
                "conflict": application.pk in conflicts,
                "form": form,
            }
        )
    return render(request, "fairs/score_sheet.html", {"category": category, "rows": rows})


@role_required(JUDGE)
@require_POST
def score(request: HttpRequest, category_id: int) -> HttpResponse:
    """One exhibitor's marks without JavaScript: the same rules as the phone's sync."""
    category = _get_category_to_judge(request, category_id)
    form = score_form_class(category)(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Nothing was saved: every mark must be a whole number from 0 to %(max)s.") % {"max": category.scale_max},
        )
        return redirect("fairs:score_sheet", category_id=category.pk)
    data = form.cleaned_data
    marks = {key[2:]: value for key, value in data.items() if key.startswith("c_")}
    try:
        services.record_score(request.user, category, data["exhibitor"], marks, client_id=data["client_id"])
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Score saved."))
    return redirect("fairs:score_sheet", category_id=category.pk)


@role_required(JUDGE)
@require_POST
def conflict(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _get_category_to_judge(request, category_id)
    application = services.entrants(category).filter(pk=request.POST.get("exhibitor") or 0).first()
    if application is None:
        raise Http404
    try:
        services.declare_conflict(request.user, application, request.POST.get("note", "")[:200])
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Noted: another judge will score %(name)s.") % {"name": application.business_name})
    return redirect("fairs:score_sheet", category_id=category.pk)


@require_POST
def sync(request: HttpRequest) -> JsonResponse:
    """Scores kept on the judge's phone, as JSON. Answers JSON even when refusing, so the page
    keeps the scores and says what to do instead of following a redirect to the log-in page."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in again to send the scores. They are kept on this phone.")}, status=401)
    if not is_judge(request.user):
        return JsonResponse({"error": _("Only judges can send scores.")}, status=403)
    if len(request.body) > MAX_SYNC_BODY:
        return JsonResponse({"error": _("Too many scores at once.")}, status=413)
    try:
        payload = json.loads(request.body)
        if not isinstance(payload, dict):
            raise ValueError
        results = services.sync_scores(request.user, payload.get("scores"))
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("This score is not readable; it was not saved.")}, status=400)
    except services.FairError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"results": [r.as_dict() for r in results]})
