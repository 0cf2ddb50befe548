"""Purge the personal data of applications whose retention period has run out.

First closes applications whose fee was never paid (SERVICES_UNPAID_DAYS after submission).
Also deletes the files of journeys never submitted, once their session has expired. Run
daily (deploy/systemd/portal-purge-applications.timer). Prints counts only: never a
receipt code, a name or any other personal data.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from applications.payments import unpaid_applications, unpaid_applications_close
from applications.retention import purge_abandoned_uploads, purge_expired_applications


class Command(BaseCommand):
    help = (
        "Purge the personal data of closed applications whose retention period "
        "has run out (the rows stay for the statistics)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be purged and change nothing.",
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            unpaid = _("Dry run: %(count)d unpaid applications would be closed.")
            self.stdout.write(unpaid % {"count": unpaid_applications().count()})
        else:
            unpaid = _("Closed %(count)d applications whose fee was not paid.")
            self.stdout.write(unpaid % {"count": unpaid_applications_close()})
        result = purge_expired_applications(dry_run=dry_run)
        counts = {"applications": result.applications, "files": result.attachments}
        abandoned = {"files": purge_abandoned_uploads(dry_run=dry_run)}
        if dry_run:
            message = _("Dry run: %(applications)d applications (%(files)d files) would be purged.")
            drafts = _("Dry run: %(files)d files of abandoned applications would be deleted.")
        else:
            message = _("Purged %(applications)d applications (%(files)d files).")
            drafts = _("Deleted %(files)d files of abandoned applications.")
        self.stdout.write(message % counts)
        self.stdout.write(drafts % abandoned)
