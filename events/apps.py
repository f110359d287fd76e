"""Events: live class sessions (Zoom, Facebook live, in person), attendance, the class room,
hands-on workshops and exhibition fairs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Classes and events")
    default_auto_field = "django.db.models.BigAutoField"
