"""Events: live class sessions (Zoom, Facebook live, in person), attendance, the class room,
hands-on workshops and exhibition fairs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from courses import signals as courses
from events import signals
from lms.people.signals import collect_personal_data, erase_personal_data


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Classes and events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which must wait for the app registry.
        from events import privacy, receivers, tasks

        # courses asks how much of a batch someone attended and when each batch meets.
        courses.attendance_share.connect(receivers.attendance_share, dispatch_uid="events.attendance_share")
        courses.next_classes.connect(receivers.next_classes, dispatch_uid="events.next_classes")
        courses.batch_classes.connect(receivers.batch_classes, dispatch_uid="events.batch_classes")
        # A class that changed has its Zoom meeting brought up to date after commit.
        signals.class_changed.connect(tasks.queue_zoom_sync, dispatch_uid="events.queue_zoom_sync")
        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="events.privacy.data")
        erase_personal_data.connect(privacy.erase, dispatch_uid="events.privacy.erase")
