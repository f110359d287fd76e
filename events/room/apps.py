"""The live class room: questions, announcements and presence pushed over websockets.

A separate app, not part of events, because its tables (questions, votes, announcements,
who is connected) are about the conversation around a class, not the class itself, and
events' models were closed to change when it was added. It reads and changes classes only
through events.services.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from events import signals
from lms.people.signals import collect_personal_data, erase_personal_data


class RoomConfig(AppConfig):
    name = "events.room"
    label = "room"
    verbose_name = _("Class rooms")

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which must wait for the app registry.
        from events.room import privacy, receivers

        # Live status from Zoom's webhooks reaches the open class pages.
        signals.class_live_status.connect(receivers.live_status, dispatch_uid="room.live_status")
        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="room.privacy.data")
        erase_personal_data.connect(privacy.erase, dispatch_uid="room.privacy.erase")
