"""Run the fake Zoom (tests/fakes/zoom_server.py) so classes get meetings without a Zoom account.

    python manage.py fake_zoom --port 8790

It takes the credentials from the ZOOM_* settings when they are set, so the platform and the fake
agree; it prints the settings to give the platform when they are not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a fake Zoom API (OAuth, meetings, participants, webhooks) on 127.0.0.1."
    # The fake does not use the project's models, so a failing check elsewhere need not stop it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8790)

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        # The fake and its validator are development tools (requirements-dev.txt).
        from tests.fakes.zoom_server import FakeZoom, load_spec

        try:
            load_spec()
            validate = True
        except FileNotFoundError as exc:
            self.stderr.write(f"{exc}\nRequests will not be checked against Zoom's OpenAPI descriptions.")
            validate = False
        zoom = FakeZoom(
            host=host,
            port=port,
            account_id=getattr(settings, "ZOOM_ACCOUNT_ID", "") or "fake-account",
            client_id=getattr(settings, "ZOOM_CLIENT_ID", "") or "fake-client-id",
            client_secret=getattr(settings, "ZOOM_CLIENT_SECRET", "") or "fake-client-secret",
            webhook_secret=getattr(settings, "ZOOM_WEBHOOK_SECRET_TOKEN", "") or "fake-webhook-secret",
            validate=validate,
        )
        lines = [
            f"Fake Zoom on {zoom.url}. The platform reaches it with:",
            f"  ZOOM_BASE_URI={zoom.base_uri}",
            f"  ZOOM_OAUTH_URI={zoom.oauth_uri}",
            f"  ZOOM_ACCOUNT_ID={zoom.account_id}",
            f"  ZOOM_CLIENT_ID={zoom.client_id}",
            f"  ZOOM_CLIENT_SECRET={zoom.client_secret}",
            f"  ZOOM_WEBHOOK_SECRET_TOKEN={zoom.webhook_secret}",
            f"Faults and events: POST {zoom.url}/_fake/<fail_next|rate_limit_next|delay_next|expire_tokens|"
            "seed_participants|send_webhook|...> with JSON arguments; GET /_fake/requests.",
        ]
        self.stdout.write("\n".join(lines))
        try:
            zoom.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            zoom.stop()
