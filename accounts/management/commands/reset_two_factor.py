"""Reset a staff member's two-factor sign-in from the shell (for instance the last administrator,
who has lost their phone and recovery codes): they set it up again at their next sign-in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import two_factor_reset


class Command(BaseCommand):
    help = "Remove a user's two-factor devices and recovery codes (logged in the audit)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        users = get_user_model()
        try:
            user = users.objects.get(**{users.USERNAME_FIELD: username})
        except users.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        removed = two_factor_reset(user=user)
        self.stdout.write(
            f"Two-factor sign-in of {user.get_username()} reset ({removed} device(s) removed); "
            "they set it up again at their next sign-in."
        )
