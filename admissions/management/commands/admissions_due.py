"""The admissions' scheduled work, run by a timer (deploy/systemd/portal-admissions.timer):
reminders to confirm, release of unconfirmed places after the deadline, and the wipe of
practice registrations once the practice window closes. Safe to run as often as wanted."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from admissions import services


class Command(BaseCommand):
    help = "Send confirmation reminders, release unconfirmed places, wipe practice registrations."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Run as at this moment (ISO 8601), for rehearsals.")

    def handle(self, *args, now=None, **options):
        moment = timezone.now()
        if now:
            moment = parse_datetime(now)
            if moment is None:
                raise CommandError("--now: write a date and time such as 2027-06-30T17:00+07:00")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        reminded = services.reminders_send(now=moment)
        released = services.places_release(now=moment)
        wiped = services.practice_wipe(now=moment)
        self.stdout.write(
            f"reminders: {reminded}; places released: {released}; practice registrations "
            f"wiped: {wiped} (at {moment:%Y-%m-%d %H:%M %Z})"
        )
