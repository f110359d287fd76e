from __future__ import annotations

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from lms.audit.services import _request


class AuditActorMiddleware:
    """The signed-in person is the actor of whatever the request records in the audit log.

    Sync and async like Django's own middleware: under the ASGI server a sync-only one in the
    middle of the stack would hand every request between threads (and nested inside
    sync_to_async it deadlocked)."""

    # The contextvar holds the request, not request.user: asgiref compares contextvar values
    # when it hands work between threads, and comparing the lazy user would load it from the
    # database inside the event loop.
    sync_capable = True
    async_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)

    async def __acall__(self, request):
        token = _request.set(request)
        try:
            return await self.get_response(request)
        finally:
            _request.reset(token)
