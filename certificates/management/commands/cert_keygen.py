"""Print a new certificate signing key as an entry for CERT_SIGNING_KEYS.

    $ manage.py cert_keygen --kid 2027a
    2027a:3q2-7w...

Rotation: append the entry to CERT_SIGNING_KEYS and set CERT_ACTIVE_KEY_ID to its id. Keep the old
entries, or move an old key's public half to CERT_RETIRED_KEYS, so certificates it signed still verify.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from certificates.signing import new_key_line


class Command(BaseCommand):
    help = "Print a new Ed25519 certificate signing key as a CERT_SIGNING_KEYS entry (key-id:base64)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--kid",
            default=None,
            help="The key id, printed in every QR code, so short (default: this year and month, as 2611).",
        )

    def handle(self, *args, kid: str | None, **options) -> None:
        kid = kid or dt.date.today().strftime("%y%m")
        try:
            line = new_key_line(kid)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        # The entry alone on stdout, so it can go straight into a secret store; advice on stderr.
        self.stdout.write(line)
        self.stderr.write(
            f"Keep this secret. Append it to CERT_SIGNING_KEYS (comma-separated) and set "
            f"CERT_ACTIVE_KEY_ID={kid} to sign new certificates with it."
        )
