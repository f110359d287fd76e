"""Build realistic demo content in Bangla and English. Safe to run again: nothing is
duplicated (every object is looked up by a stable key before it is created)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each app that has demo data exposes demo.seed(stdout) -> list of lines to print.
SEEDERS = [
    "lms.people.demo.seed",
    "cms.demo.seed",
    "courses.demo.seed",
    "events.demo.seed",
    "events.trainers.demo.seed",
    "events.workshops.demo.seed",
    "certificates.demo.seed",
    "lms.forums.demo.seed",
    "lms.impact.demo.seed",
    "events.fairs.demo.seed",
]


class Command(BaseCommand):
    help = "Create demo people, pages and settings (idempotent)."

    def handle(self, *args, **options):
        lines: list[str] = []
        for path in SEEDERS:
            with transaction.atomic():
                lines += import_string(path)() or []
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for line in lines:
            self.stdout.write(line)
