"""Test backend: keeps messages in a list, like Django's locmem e-mail backend."""

from lms.people.sms import BaseBackend, Sms

outbox: list[Sms] = []


class MemoryBackend(BaseBackend):
    def send(self, message: Sms) -> None:
        outbox.append(message)
