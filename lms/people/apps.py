"""People: the user model, roles, and the places they live (divisions, districts, upazilas).

One home for "who": every other app points here for users and places.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    # Two configs live in this module: this one is what "people" in INSTALLED_APPS means.
    default = True
    name = "lms.people"
    label = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import permissions  # noqa: F401 (registers the object permissions before any check)
        from lms.people import consent

        consent.connect()


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know our user model's fields."""

    user_viewset = "lms.people.admin_views.UserViewSet"
