"""Send the applicant notifications that are due again (run every minute by
deploy/systemd/portal-retry-notifications.timer)."""

from django.core.management.base import BaseCommand

from applications import notifications


class Command(BaseCommand):
    help = "Send failed applicant notifications whose back-off has passed, and lost pending ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=1000, help="At most this many notifications per run."
        )

    def handle(self, *args, limit, **options):
        counts = notifications.notifications_retry(limit=limit)
        if options["verbosity"] >= 1 and counts:
            summary = ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))
            self.stdout.write(f"Notifications tried: {summary}")
