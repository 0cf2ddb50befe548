"""Delete sign-in audit rows past their retention (SIGN_IN_AUDIT_RETENTION_DAYS); run daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import sign_in_events_purge


class Command(BaseCommand):
    help = "Delete sign-in audit rows older than SIGN_IN_AUDIT_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        days = settings.SIGN_IN_AUDIT_RETENTION_DAYS if days is None else days
        deleted = sign_in_events_purge(days=days)
        self.stdout.write(f"{deleted} sign-in audit row(s) older than {days} days deleted.")
