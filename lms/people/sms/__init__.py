"""Sending SMS: one small interface, one module per backend (console, memory, HTTP gateway).

The backend is chosen by the SMS_BACKEND setting (a dotted path to a class). Nothing else
in the code knows which one is in use.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The message could not be handed to the gateway; safe to retry."""


@dataclass(frozen=True)
class Sms:
    to: str  # E.164, +8801XXXXXXXXX
    text: str


class BaseBackend(ABC):
    @abstractmethod
    def send(self, message: Sms) -> None:
        """Hand the message to the gateway; raise SmsError when it could not."""


@lru_cache(maxsize=4)
def _backend(path: str) -> BaseBackend:
    return import_string(path)()


def get_backend() -> BaseBackend:
    return _backend(settings.SMS_BACKEND)


def send_sms(to: str, text: str) -> None:
    get_backend().send(Sms(to=to, text=text))
