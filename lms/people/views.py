from __future__ import annotations

import time

from allauth.account.forms import default_token_generator
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.password_change import finalize_password_set
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.audit.models import Action
from lms.audit.services import record
from lms.people import privacy
from lms.people.decorators import role_required
from lms.people.forms import DeleteAccountForm, ProfileForm, ResetLinkForm, SetPasswordForm
from lms.people.roles import ORGANISER


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "people/profile.html", {"person": request.user})


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("people:profile")
    return render(request, "people/profile_edit.html", {"form": form})


@role_required(ORGANISER)
def reset_link(request: HttpRequest) -> HttpResponse:
    """An organiser makes a one-time password link for someone who has no e-mail.

    The link is Django's password-reset token: it stops working once used (the password
    hash changes) or after PASSWORD_RESET_TIMEOUT.
    """
    form = ResetLinkForm(request.POST or None, by=request.user)
    link = None
    person = None
    if request.method == "POST" and form.is_valid():
        person = form.user
        key = default_token_generator.make_token(person)
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(person), "key": key})
        link = request.build_absolute_uri(path)
        record(Action.PASSWORD_LINK, person, actor=request.user)
    return render(request, "people/reset_link.html", {"form": form, "link": link, "person": person})


# How long a code login stands in for the old password ("reset by SMS code").
CODE_PROVES_FOR = 10 * 60


def _proved_by_code_just_now(request: HttpRequest) -> bool:
    now = time.time()
    return any(
        record.get("method") == "code" and now - record.get("at", 0) <= CODE_PROVES_FOR
        for record in get_authentication_records(request, request.user)
    )


@login_required
def new_password(request: HttpRequest) -> HttpResponse:
    """Reset by SMS code: she has just logged in with a code sent to her number, which proves
    as much as the old password would, so a new password is set without it."""
    if not _proved_by_code_just_now(request):
        messages.info(request, _("To set a new password without the old one, log in with a code first."))
        return redirect("account_change_password")
    form = SetPasswordForm(user=request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        finalize_password_set(request, request.user)
        return redirect("people:profile")
    return render(request, "people/new_password.html", {"form": form})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What we hold about you: download it, or delete your account."""
    consents = request.user.consents.all()[:50]
    return render(request, "people/my_data.html", {"form": DeleteAccountForm(user=request.user), "consents": consents})


@login_required
def download_data(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(privacy.export(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-udyokta-data.zip"'
    return response


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "people/my_data.html", {"form": form}, status=400)
    user = request.user
    privacy.erase(user, revoke_certificates=form.cleaned_data["revoke_certificates"])
    logout(request)
    messages.success(request, _("Your account has been deleted. Thank you for learning with us."))
    return redirect("/" if translation.get_language() == settings.LANGUAGE_CODE else f"/{translation.get_language()}/")
