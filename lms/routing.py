"""Websocket routes of every app, gathered in one list for lms.asgi."""

from django.urls import path

from events.room.routing import websocket_urlpatterns as room_urlpatterns
from lms.consumers import FloorConsumer, PingConsumer
from lms.notifications.routing import websocket_urlpatterns as notifications_urlpatterns

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    path("ws/floor/", FloorConsumer.as_asgi()),
    *notifications_urlpatterns,
    *room_urlpatterns,
]
