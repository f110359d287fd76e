from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lms.audit.models import Action, Entry
from lms.people.decorators import role_required
from lms.people.roles import ORGANISER

PAGE_SIZE = 50


class FilterForm(forms.Form):
    action = forms.ChoiceField(label=_("What"), required=False, choices=[("", _("Everything")), *Action.choices])
    actor = forms.CharField(label=_("Who (name or mobile)"), required=False, max_length=100)
    first = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@role_required(ORGANISER)
def log(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, for organisers: who did what, when, before and after."""
    form = FilterForm(request.GET or None)
    entries = Entry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if who := data["actor"].strip():
            entries = entries.filter(actor_label__icontains=who) | entries.filter(actor__phone__contains=who)
        if data["first"]:
            entries = entries.filter(at__date__gte=data["first"])
        if data["last"]:
            entries = entries.filter(at__date__lte=data["last"])
    page = Paginator(entries.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page_obj": page, "query": query.urlencode()})
