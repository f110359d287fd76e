from __future__ import annotations

from django.conf import settings

from lms.people.roles import JUDGE, ORGANISER, TRAINER, user_has_role


def site(request) -> dict:
    """The signed-in person's roles, for the navigation."""
    user = getattr(request, "user", None)
    return {
        "ws_url": settings.WS_URL,
        "roles": {
            "trainer": user_has_role(user, TRAINER),
            "organiser": user_has_role(user, ORGANISER),
            "judge": user_has_role(user, JUDGE),
        },
    }
