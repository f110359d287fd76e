"""Wagtail's user admin with forms for our user model (mobile number, full name, district)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from lms.people.fields import MobileNumberField, PersonNameField
from lms.people.models import User

_FIELDS = ["phone", "full_name", "name_en", "email", "gender", "birth_year", "district", "language"]


class _PeopleFields(forms.ModelForm):
    first_name = None
    last_name = None
    phone = MobileNumberField()
    full_name = PersonNameField(label=_("Full name"))
    name_en = PersonNameField(label=_("Name in English (optional)"), required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Someone is already registered with this e-mail address."))
        return email or None


class PersonCreationForm(_PeopleFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = [*_FIELDS, "is_superuser", "groups"]


class PersonEditForm(_PeopleFields, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = [*_FIELDS, "is_active", "is_superuser", "groups"]


class UserViewSet(WagtailUserViewSet):
    create_template_name = "people/admin/user_create.html"
    edit_template_name = "people/admin/user_edit.html"

    def get_form_class(self, for_update: bool = False):
        return PersonEditForm if for_update else PersonCreationForm
