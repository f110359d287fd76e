"""The class room's websocket: authenticate, authorise, call room.services, report errors.

Each message from the page is {"type": <action>, ...}; the answer comes to everyone
through the room's groups (room.services pushes after commit), or as {"type": "error"}
to the sender alone.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone, translation

from events.models import ClassSession
from events.room import services
from lms.consumers import JsonConsumer

# action → (service, trainers only?). Each service takes (session, user, message, now).
ACTIONS = {
    "ask": (lambda s, u, m, now: services.ask(s, u, str(m.get("text", "")), now), False),
    "upvote": (lambda s, u, m, now: services.upvote(s, u, m.get("id")), False),
    "check_in": (lambda s, u, m, now: services.check_in(s, u, str(m.get("code", "")), now), False),
    "answered": (lambda s, u, m, now: services.mark_answered(s, u, m.get("id"), now), True),
    "hide": (lambda s, u, m, now: services.hide(s, u, m.get("id"), now), True),
    "announce": (lambda s, u, m, now: services.announce(s, u, str(m.get("text", "")), now), True),
    "checkin_open": (lambda s, u, m, now: services.set_checkin(s, u, open_=True, now=now), True),
    "checkin_close": (lambda s, u, m, now: services.set_checkin(s, u, open_=False, now=now), True),
}


class RoomConsumer(JsonConsumer):
    session: ClassSession
    role: str | None = None

    async def connect(self) -> None:
        user = self.scope["user"]
        self.role = await database_sync_to_async(self._authorise)(user, self.scope["url_route"]["kwargs"]["session_id"])
        if self.role is None:
            await self.close()  # refused before the handshake: the page sees a failed connection
            return
        self.groups_joined = [services.room_group(self.session.pk), services.person_group(self.session.pk, user.pk)]
        if self.role == services.TRAINER:
            self.groups_joined.append(services.trainers_group(self.session.pk))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        snapshot = await database_sync_to_async(self._enter)(user)
        await self.send_json(snapshot)

    def _authorise(self, user, session_id: int) -> str | None:
        if not user.is_authenticated:
            return None
        session = ClassSession.objects.select_related("batch").filter(pk=session_id).first()
        if session is None:
            return None
        self.session = session
        return services.role_in(user, session)

    def _enter(self, user) -> dict:
        now = timezone.now()
        services.enter(self.session, user, self.channel_name, now)
        return services.snapshot(self.session, user, self.role, now)

    async def disconnect(self, code) -> None:
        if self.role is None:
            return
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        await database_sync_to_async(services.leave)(self.session, self.channel_name, timezone.now())

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await database_sync_to_async(services.seen)(self.channel_name, timezone.now())
            await self.send_json({"type": "pong"})
            return
        if kind not in ACTIONS:
            return
        error = await database_sync_to_async(self._act)(kind, content)
        if error:
            await self.send_json({"type": "error", "action": kind, "message": error})

    def _act(self, kind: str, content: dict) -> str | None:
        service, trainers_only = ACTIONS[kind]
        user = self.scope["user"]
        with translation.override(self._language(user)):
            if trainers_only and self.role != services.TRAINER:
                return translation.gettext("Only the class's trainers can do that.")
            self.session.refresh_from_db()
            try:
                service(self.session, user, content, timezone.now())
            except services.RoomError as error:
                return str(error)
        return None

    def _language(self, user) -> str:
        """The page's language (it says so in the address), else the person's own."""
        asked = parse_qs(self.scope.get("query_string", b"").decode()).get("lang", [""])[0]
        if asked in dict(settings.LANGUAGES):
            return asked
        return getattr(user, "language", "") or settings.LANGUAGE_CODE

    # --- from the groups ------------------------------------------------------------------------

    async def room_push(self, event) -> None:
        await self.send_json(event["payload"])

    async def room_presence(self, event) -> None:
        presence = event["presence"]
        if self.role != services.TRAINER:
            presence = {**presence, "names": []}  # learners see how many, trainers also who
        await self.send_json(presence)
