"""Wagtail's bulk actions on users kept within an organiser's powers (as the user forms are in
lms.people.admin_views): "Assign role" would otherwise give anyone the organisers' group, and
"Delete" or "Set active state" would reach the administrator's account."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from wagtail import hooks

from lms.people.admin_views import ORGANISER_GIVES, may_manage
from lms.people.models import User
from lms.people.roles import GROUP_NAMES


@hooks.register("before_bulk_action")
def keep_bulk_actions_in_bounds(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    if action.model is not User or request.user.is_superuser:
        return None
    if any(not may_manage(request.user, person) for person in objects):
        return HttpResponseForbidden()
    if action_type == "assign_role":
        role = action.cleaned_form.cleaned_data.get("role")
        if role is None or role.name not in {GROUP_NAMES[name] for name in ORGANISER_GIVES}:
            return HttpResponseForbidden()
    return None
