"""Compare the search cluster's index with the SearchEntry rows and heal it (a systemd timer
runs this; deploy/systemd/portal-search-mirror.timer)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from search import services
from search.engines import cluster, engine_name


class Command(BaseCommand):
    help = (
        "Compare the search cluster with the database's search entries, site by site, and "
        "re-send drifted entries and delete stray documents."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report the differences; change nothing."
        )
        parser.add_argument(
            "--site", type=int, action="append", dest="site_ids", help="Only this site id."
        )

    def handle(self, *args, dry_run=False, site_ids=None, **options):
        if engine_name() != "cluster":
            self.stdout.write(
                _("The public search runs on the database: there is no cluster to check.")
            )
            return
        try:
            report = services.search_mirror_repair(site_ids=site_ids, repair=not dry_run)
        except cluster.unavailable_errors() as error:
            raise CommandError(
                _("The search cluster does not answer (%(error)s); nothing was changed.")
                % {"error": type(error).__name__}
            ) from error
        names = dict(Site.objects.values_list("pk", "site_name"))
        for site in report.out_of_step:
            self.stdout.write(
                _(
                    "%(site)s: %(database)s entries, %(cluster)s in the cluster; "
                    "%(missing)s missing, %(drifted)s changed, %(stray)s stray."
                )
                % {
                    "site": names.get(site.site_id) or _("site %(id)s") % {"id": site.site_id},
                    "database": site.database,
                    "cluster": site.cluster,
                    "missing": len(site.missing),
                    "drifted": len(site.drifted),
                    "stray": len(site.stray),
                }
            )
        summary = {
            "sites": len(report.sites),
            "missing": report.total("missing"),
            "drifted": report.total("drifted"),
            "stray": report.total("stray"),
        }
        if report.in_step:
            self.stdout.write(_("Search mirror in step: %(sites)s sites checked.") % summary)
        elif dry_run:
            self.stdout.write(
                _(
                    "Search mirror out of step (%(sites)s sites checked): %(missing)s missing, "
                    "%(drifted)s changed, %(stray)s stray; nothing changed (dry run)."
                )
                % summary
            )
        else:
            self.stdout.write(
                _(
                    "Search mirror repaired (%(sites)s sites checked): %(missing)s re-sent, "
                    "%(drifted)s updated, %(stray)s stray documents deleted."
                )
                % summary
            )
