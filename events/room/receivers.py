"""The class room's answers to events.signals, connected in RoomConfig.ready()."""

from __future__ import annotations

import datetime as dt

from events.models import ClassSession
from events.room import services


def live_status(sender, session: ClassSession, now: dt.datetime, **kwargs) -> None:
    """Zoom says the class started or ended: everyone on the class page sees it at once."""
    services.broadcast_state(session, now)
