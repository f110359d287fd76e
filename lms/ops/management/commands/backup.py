from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.ops.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files to one .tar.gz archive (see ops/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the archive to write (default: var/backups/udyokta-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"udyokta-{stamp}.tar.gz"
        try:
            manifest = make_backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        figures = ", ".join(f"{label}: {n}" for label, n in manifest["counts"].items())
        self.stdout.write(f"Wrote {output} ({manifest['engine']}; {figures}; {manifest['media_files']} files)")
