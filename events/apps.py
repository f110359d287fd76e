"""Events: live class sessions (Zoom, Facebook live, in person), attendance, the class room,
hands-on workshops and exhibition fairs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from courses import signals as courses
from events import signals


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Classes and events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which must wait for the app registry.
        from events import receivers, tasks

        # courses asks how much of a batch someone attended and when each batch meets.
        courses.attendance_share.connect(receivers.attendance_share, dispatch_uid="events.attendance_share")
        courses.next_classes.connect(receivers.next_classes, dispatch_uid="events.next_classes")
        courses.batch_classes.connect(receivers.batch_classes, dispatch_uid="events.batch_classes")
        # A class that changed has its Zoom meeting brought up to date after commit.
        signals.class_changed.connect(tasks.queue_zoom_sync, dispatch_uid="events.queue_zoom_sync")
