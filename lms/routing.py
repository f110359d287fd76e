"""Websocket routes of every app, gathered in one list for lms.asgi."""

from django.urls import path

from lms.consumers import PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
]
