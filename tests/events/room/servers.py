"""Real ASGI servers for the room's cross-process tests and browser journey.

A temporary SQLite database is migrated and filled by a separate Python process (the test
process keeps its own test database), and uvicorn serves lms.asgi against it the way
`make run` does. Logins are session cookies written into that database.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.servers import ROOT, environment, free_port, migrate, redis_reachable, uvicorn  # noqa: F401


def seed(env: dict[str, str], *, link: str = "") -> dict:
    """A class on now: a trainer and two learners, with a login cookie for each."""
    code = f"import django; django.setup(); from tests.events.room.servers import _seed; _seed({link!r})"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _seed(link: str) -> None:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lms.people.roles import TRAINER
    from tests.events.room.conftest import running_session
    from tests.factories import UserFactory

    trainer = UserFactory(full_name="শাহানা পারভীন", roles=[TRAINER])
    learner = UserFactory(full_name="মোছাঃ রাবেয়া খাতুন")
    other = UserFactory(full_name="নাসরিন আক্তার")
    session = running_session(trainer, learner, other)
    if link:
        session.link = link
        session.save(update_fields=["link"])

    def cookie(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    people = {"trainer": trainer, "learner": learner, "other_learner": other}
    print(
        json.dumps(
            {
                "session": session.pk,
                "cookies": {name: cookie(user) for name, user in people.items()},
                "names": {name: user.full_name for name, user in people.items()},
            }
        )
    )
