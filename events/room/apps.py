"""The live class room: questions, announcements and presence pushed over websockets.

A separate app, not part of events, because its tables (questions, votes, announcements,
who is connected) are about the conversation around a class, not the class itself, and
events' models were closed to change when it was added. It reads and changes classes only
through events.services.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from events import signals


class RoomConfig(AppConfig):
    name = "events.room"
    label = "room"
    verbose_name = _("Class rooms")

    def ready(self) -> None:
        # Imported here, not at the top: it imports models, which must wait for the app registry.
        from events.room import receivers

        # Live status from Zoom's webhooks reaches the open class pages.
        signals.class_live_status.connect(receivers.live_status, dispatch_uid="room.live_status")
