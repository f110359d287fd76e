"""Wagtail's user admin with forms for our user model (mobile number, full name, district),
kept within an organiser's powers.

Organisers hold Wagtail's add/change user permissions (they register trainers and judges),
and Wagtail's own forms would let whoever holds them tick "Administrator", give any group and
set anyone's password. Here only the administrator can; an organiser gives and takes only the
roles in ORGANISER_GIVES, sets nobody's password (the person logs in by SMS code or with a
password link) and cannot open the account of anyone with staff powers (changing its mobile
number would hand her the account through a login code).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import DeleteView as WagtailDeleteView
from wagtail.users.views.users import EditView as WagtailEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from lms.audit.models import Action
from lms.audit.services import record
from lms.people.fields import MobileNumberField, PersonNameField
from lms.people.models import User
from lms.people.roles import GROUP_NAMES, JUDGE, ORGANISER, TRAINER, user_has_role

_FIELDS = ["phone", "full_name", "name_en", "email", "gender", "birth_year", "district", "language"]

# The roles an organiser may give and take; every other power is the administrator's.
ORGANISER_GIVES = (TRAINER, JUDGE)


def has_staff_powers(person: User) -> bool:
    """Administrator, Django staff or organiser: accounts only the administrator manages."""
    return bool(person.is_superuser or person.is_staff or user_has_role(person, ORGANISER))


def may_manage(actor: User, person: User) -> bool:
    """May `actor` change `person`'s account (or make a password link for it)?"""
    return bool(actor.is_superuser or not has_staff_powers(person))


class _PeopleFields(forms.ModelForm):
    first_name = None
    last_name = None
    phone = MobileNumberField()
    full_name = PersonNameField(label=_("Full name"))
    name_en = PersonNameField(label=_("Name in English (optional)"), required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)

    def __init__(self, *args: Any, by: User | None = None, **kwargs: Any) -> None:
        self.by = by  # before Wagtail's __init__: it asks password_enabled
        super().__init__(*args, **kwargs)
        self._superuser_before = bool(self.instance.is_superuser)
        if by is not None and not by.is_superuser:
            self._limit_to_organiser()

    @property
    def password_enabled(self) -> bool:
        return bool(super().password_enabled and (self.by is None or self.by.is_superuser))

    def _limit_to_organiser(self) -> None:
        self.fields.pop("is_superuser", None)
        if "groups" in self.fields:
            self.fields["groups"].queryset = Group.objects.filter(
                name__in=[GROUP_NAMES[role] for role in ORGANISER_GIVES]
            )

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Someone is already registered with this e-mail address."))
        return email or None

    def clean_groups(self):
        chosen = list(self.cleaned_data.get("groups") or [])
        if self.by is None or self.by.is_superuser or self.instance.pk is None:
            return chosen
        # The roles an organiser cannot give are not on her form: they stay as they were.
        allowed = self.fields["groups"].queryset
        kept = list(self.instance.groups.exclude(pk__in=allowed.values("pk")))
        return kept + chosen

    def save(self, commit: bool = True) -> User:
        if self.instance.pk is None and not self.password_enabled:
            # Made by an organiser: no password anyone else knows; a login code or a link sets one.
            self.instance.set_unusable_password()
        user = super().save(commit=commit)
        if commit and bool(user.is_superuser) != self._superuser_before:
            # Groups are logged as they change (lms.audit); the administrator flag is a field.
            role = {"role": "administrator"}
            if user.is_superuser:
                record(Action.ROLE_GRANTED, user, actor=self.by, after=role)
            else:
                record(Action.ROLE_REMOVED, user, actor=self.by, before=role)
        return user


class PersonCreationForm(_PeopleFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = [*_FIELDS, "is_superuser", "groups"]


class PersonEditForm(_PeopleFields, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = [*_FIELDS, "is_active", "is_superuser", "groups"]


class _ByRequestUser:
    """The forms are told who fills them in."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["by"] = self.request.user  # type: ignore[attr-defined]
        return kwargs


class CreateView(_ByRequestUser, WagtailCreateView):
    pass


class EditView(_ByRequestUser, WagtailEditView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_manage(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeleteView(WagtailDeleteView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_manage(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(WagtailUserViewSet):
    create_template_name = "people/admin/user_create.html"
    edit_template_name = "people/admin/user_edit.html"
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update: bool = False):
        return PersonEditForm if for_update else PersonCreationForm
