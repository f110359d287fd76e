"""Websocket pieces every app's consumers share, and the project's own small consumers."""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

FLOOR_GROUP = "floor"


class JsonConsumer(AsyncJsonWebsocketConsumer):
    """The base of the project's consumers: a message to a tab that has just gone is dropped.

    uvicorn raises ClientDisconnected (an OSError) from a send to a closed connection. Left to
    propagate it ends the consumer silently, before disconnect() runs: the person stays
    "in the room" and in its groups. Dropped here, the consumer reads the disconnect next and
    cleans up as usual."""

    async def send(self, text_data=None, bytes_data=None, close=False) -> None:
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except OSError:
            pass

    async def send_json(self, content, close=False) -> None:
        # channels' own send_json calls the send above this class, past the one here.
        await self.send(text_data=await self.encode_json(content), close=close)


class PingConsumer(JsonConsumer):
    """Answers "ping" with "pong": lets a page (and a probe) tell that websockets get through."""

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})


class FloorConsumer(JsonConsumer):
    """The benchmark's floor for a fan-out (tests/bench/fanout.py): no login, no database.

    Everyone connected is in one group; {"type": "broadcast", "id": <number>} from anyone
    reaches all of them, so the measure is the server and channel layer alone. Only a number
    is relayed: nobody can use it to hand text to strangers."""

    groups = [FLOOR_GROUP]

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "broadcast" and isinstance(content.get("id"), int):
            payload = {"type": "broadcast", "id": content["id"]}
            await self.channel_layer.group_send(FLOOR_GROUP, {"type": "floor.relay", "payload": payload})

    async def floor_relay(self, event) -> None:
        await self.send_json(event["payload"])
