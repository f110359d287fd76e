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

# The close code a page is dropped with when its person lost the right (4000–4999: the app's own).
ACCESS_LOST = 4403

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


class _Lost(Exception):
    """The person no longer has the right she connected with."""


class RoomConsumer(JsonConsumer):
    """The right is checked at connect and again on every message from the page (its ping
    every 25 seconds included) and before anything meant for trainers only is passed on: a
    learner who left the batch, or a trainer taken off it, is told and dropped."""

    session: ClassSession
    role: str | None = None
    lost = False

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
        snapshot = await database_sync_to_async(services.snapshot)(self.session, user, self.role, timezone.now())
        await self.send_json(snapshot)

    def _authorise(self, user, session_id: int) -> str | None:
        if not user.is_authenticated:
            return None
        session = ClassSession.objects.select_related("batch").filter(pk=session_id).first()
        if session is None:
            return None
        self.session = session
        role = services.role_in(user, session)
        if role is None:
            return None
        limit = settings.ROOM_SOCKETS_PER_PERSON
        return role if services.enter(session, user, self.channel_name, timezone.now(), limit=limit) else None

    async def disconnect(self, code) -> None:
        if self.role is None:
            return
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        await database_sync_to_async(services.leave)(self.session, self.channel_name, timezone.now())

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if self.lost or (kind != "ping" and kind not in ACTIONS):
            return
        try:
            error = await database_sync_to_async(self._act)(kind, content)
        except _Lost:
            await self._drop()
            return
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif error:
            await self.send_json({"type": "error", "action": kind, "message": error})

    def _check(self):
        """The person as she is now, if she still has the role she came in with."""
        user = self.scope["user"]
        if services.current_role(user.pk, self.session) != self.role:
            raise _Lost
        return user

    def _act(self, kind: str, content: dict) -> str | None:
        self.session.refresh_from_db()
        user = self._check()
        if kind == "ping":
            services.seen(self.channel_name, timezone.now())
            return None
        service, trainers_only = ACTIONS[kind]
        with translation.override(self._language(user)):
            if trainers_only and self.role != services.TRAINER:
                return translation.gettext("Only the class's trainers can do that.")
            try:
                service(self.session, user, content, timezone.now())
            except services.RoomError as error:
                return str(error)
        return None

    async def _drop(self) -> None:
        """Say why, then close; the page's reconnection is refused at connect from now on."""
        self.lost = True
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        with translation.override(self._language(self.scope["user"])):
            message = translation.gettext("You no longer have access to this class.")
        await self.send_json({"type": "error", "action": "access", "message": message})
        await self.close(code=ACCESS_LOST)

    async def _still_trainer(self) -> bool:
        if self.lost:
            return False
        try:
            await database_sync_to_async(self._check)()
        except _Lost:
            await self._drop()
            return False
        return True

    def _language(self, user) -> str:
        """The page's language (it says so in the address), else the person's own."""
        asked = parse_qs(self.scope.get("query_string", b"").decode()).get("lang", [""])[0]
        if asked in dict(settings.LANGUAGES):
            return asked
        return getattr(user, "language", "") or settings.LANGUAGE_CODE

    # --- from the groups ------------------------------------------------------------------------

    async def room_push(self, event) -> None:
        if not self.lost:
            await self.send_json(event["payload"])

    async def room_trainers(self, event) -> None:
        """The check-in code and the roster: only to someone who still teaches the class."""
        if await self._still_trainer():
            await self.send_json(event["payload"])

    async def room_presence(self, event) -> None:
        presence = event["presence"]
        if self.role != services.TRAINER:
            presence = {**presence, "names": []}  # learners see how many, trainers also who
        elif not await self._still_trainer():
            return
        if not self.lost:
            await self.send_json(presence)
