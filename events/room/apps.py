"""The live class room: questions, announcements and presence pushed over websockets.

A separate app, not part of events, because its tables (questions, votes, announcements,
who is connected) are about the conversation around a class, not the class itself, and
events' models were closed to change when it was added. It reads and changes classes only
through events.services.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomConfig(AppConfig):
    name = "events.room"
    label = "room"
    verbose_name = _("Class rooms")

    def ready(self) -> None:
        from events import webhooks
        from events.room import services

        # Live status from Zoom's webhooks reaches the open class pages.
        if services.broadcast_state not in webhooks.status_listeners:
            webhooks.status_listeners.append(services.broadcast_state)

        from events.room import privacy
        from lms.people.signals import collect_personal_data, erase_personal_data

        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="room.privacy.data")
        erase_personal_data.connect(privacy.erase, dispatch_uid="room.privacy.erase")
