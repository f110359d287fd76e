from __future__ import annotations

from allauth.account.forms import default_token_generator
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
from lms.people.forms import DeleteAccountForm, ProfileForm, ResetLinkForm
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
