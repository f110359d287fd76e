from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.ops.backup import BackupError, counts, restore_backup


class Command(BaseCommand):
    help = "Bring back the database and the uploaded files from an archive made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--replace", action="store_true", help="overwrite a database that already holds data")

    def handle(self, *args, archive, replace=False, **options):
        try:
            manifest = restore_backup(Path(archive), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        now = counts()
        for label, expected in manifest["counts"].items():
            if now.get(label) != expected:
                raise CommandError(f"restored {label}: {now.get(label)} rows, the archive says {expected}")
        self.stdout.write(f"Restored {archive} (made {manifest['made_at']}): {now}")
