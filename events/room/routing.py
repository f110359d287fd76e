from django.urls import path

from events.room.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/class/<int:session_id>/", RoomConsumer.as_asgi()),
]
