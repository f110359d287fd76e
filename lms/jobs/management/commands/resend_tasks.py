from django.core.management.base import BaseCommand

from lms.jobs import outbox


class Command(BaseCommand):
    help = "Send the background tasks kept while the broker (Redis) was unreachable."

    def handle(self, *args, **options):
        sent, kept = outbox.resend()
        self.stdout.write(f"sent {sent}, still kept {kept}")
