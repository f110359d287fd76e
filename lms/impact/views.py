from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.audit import services as audit
from lms.audit.models import Action
from lms.impact import charts, exports, figures, services
from lms.impact.forms import FilterForm, SurveyForm
from lms.impact.models import FollowUp
from lms.people.decorators import role_required
from lms.people.models import District
from lms.people.roles import ORGANISER

MAP_FIGURES = {
    "learners": gettext_lazy("Learners"),
    "enrolments": gettext_lazy("Enrolments"),
    "completions": gettext_lazy("Completions"),
}


def _filters(request: HttpRequest) -> tuple[FilterForm, figures.Filters]:
    form = FilterForm(request.GET or None)
    return form, form.filters()


@role_required(ORGANISER)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    # The figures and the page they make are the same for every organiser with these filters:
    # both are kept for figures.CACHE_SECONDS (drawing the charts and tables took longer than
    # reading the cached figures).
    key = figures.dashboard_key(filters) + ":html"
    body = cache.get(key)
    if body is None:
        data = figures.cached_dashboard(filters)
        impact = services.impact_table(filters)
        breakdowns = [(b, charts.bar_chart([(row.label, row.enrolments) for row in b.rows])) for b in data.breakdowns]
        body = render_to_string(
            "impact/includes/dashboard_body.html",
            {
                "form": form,
                "filters": filters,
                "data": data,
                "impact": impact,
                "impact_chart": charts.bar_chart([(row.label, row.started) for row in impact.by_trade]),
                "breakdowns": breakdowns,
                "certificate_chart": charts.bar_chart(
                    [(row.label, row.enrolments) for row in data.certificates_by_month]
                ),
                "exports": exports.EXPORTS,
                "query": request.GET.urlencode(),
            },
            request=request,
        )
        cache.set(key, body, figures.CACHE_SECONDS)
    return render(request, "impact/dashboard.html", {"body": mark_safe(body)})  # noqa: S308 (our own template)


@role_required(ORGANISER)
def district_map(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    figure = request.GET.get("figure", "learners")
    if figure not in MAP_FIGURES:
        figure = "learners"
    values = figures.by_district(filters, figure)
    shown = charts.district_map(District.objects.all(), values)
    shown["regions"].sort(key=lambda region: (-region.value, region.name))
    others = request.GET.copy()
    others.pop("figure", None)
    return render(
        request,
        "impact/map.html",
        {
            "form": form,
            "filters": filters,
            "map": shown,
            "figure": figure,
            "figure_label": MAP_FIGURES[figure],
            "figures": MAP_FIGURES,
            "others": others.urlencode(),
            "total": sum(values.values()),
        },
    )


@role_required(ORGANISER)
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in exports.EXPORTS or fmt not in exports.FORMATS:
        raise Http404
    _form, filters = _filters(request)
    now = timezone.now()
    audit.record(
        Action.EXPORTED,
        None,
        actor=request.user,
        after={"export": f"{kind}.{fmt}", "filters": filters.as_dict()},
        target_type="impact.export",
    )
    if fmt == "xlsx":
        return exports.xlsx_response(kind, filters, now)
    return exports.csv_response(kind, filters, now)


@login_required
def survey(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    # Someone else's survey is as absent as one that does not exist.
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("enrolment__batch__course__facts"), pk=follow_up_id, user=request.user
    )
    if follow_up.is_answered:
        return render(request, "impact/survey_done.html", {"follow_up": follow_up})
    course = follow_up.enrolment.batch.course
    form = SurveyForm(request.POST or None, instance=follow_up, initial={"trade": course.facts.trade_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(follow_up, {name: form.cleaned_data[name] for name in form.Meta.fields})
        except services.ImpactError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you! Your answers help us keep the training free."))
        return redirect("impact:survey", follow_up_id=follow_up.pk)
    return render(request, "impact/survey.html", {"form": form, "follow_up": follow_up, "course": course})
