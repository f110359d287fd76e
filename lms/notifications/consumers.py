"""The websocket every page of a logged-in person opens (ws/me/): their notifications, live."""

from __future__ import annotations

from channels.db import database_sync_to_async

from lms.consumers import JsonConsumer
from lms.notifications import services


class NotificationConsumer(JsonConsumer):
    group: str | None = None

    async def connect(self) -> None:
        user = self.scope["user"]
        if not user.is_authenticated:
            await self.close()  # refused before the handshake
            return
        self.group = services.user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        # On every (re)connection: whatever arrived while the page was away is counted.
        unread = await database_sync_to_async(services.unread_count)(user)
        await self.send_json({"type": "unread", "unread": unread})

    async def disconnect(self, code) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notification_push(self, event) -> None:
        await self.send_json(event["payload"])
