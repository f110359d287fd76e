from __future__ import annotations

from audit.services import _actor


class AuditActorMiddleware:
    """The signed-in person is the actor of whatever the request records in the audit log."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)
