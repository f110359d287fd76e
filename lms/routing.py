"""Websocket routes of every app, gathered in one list for lms.asgi."""

from django.urls import path

from lms.consumers import PingConsumer
from room.routing import websocket_urlpatterns as room_urlpatterns

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *room_urlpatterns,
]
