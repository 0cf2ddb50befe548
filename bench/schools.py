"""School-fleet benchmark: admin and public latency with ~900 provisioned school sites.

Builds (once, then reuses) a PostgreSQL database with N schools provisioned through the real
provisioning service (pages, Site, collection, two permission groups and a workflow each),
then requests, in-process through django.test.Client, the admin dashboard, page explorer and
fleet dashboard as a superuser, the admin dashboard and explorer as ONE school's editor, and
the public school home and /truong-hoc/ pages. Prints median and p95 latency and SQL queries
per request. Nothing here asserts a time: it only measures.

    .venv/bin/python bench/schools.py [--schools 900] [--requests 30] [--database-url URL]
                                      [--rebuild] [--build-only] [--slowest 3]

See bench/README.md ("bench/schools.py") for what each figure means.
"""

import argparse
import json
import logging
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_schools"
SUPERUSER = "bench-admin"
EDITOR = "bench-editor"
PASSWORD = "bench-password"  # noqa: S105  (a throw-away benchmark database)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------- database


def ensure_database(url, *, rebuild):
    """Create the PostgreSQL database if missing (drop it first with --rebuild)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("bench/schools.py measures PostgreSQL only (postgres://…).")
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        sys.exit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        if rebuild:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return conn.execute("SHOW server_version").fetchone()[0]


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per page created


def build(n_schools):
    """Department home, school directory, reference data and n provisioned schools."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings
    from wagtail.models import Page, Site

    from portal import factories as portal_factories
    from sites import factories
    from sites.models import AdministrativeUnit, School, SchoolLevel, SchoolType
    from sites.provisioning import SchoolData, school_provision
    from sites.reference import load_json, reference_data_load

    call_command("migrate", verbosity=0, interactive=False)
    existing = School.objects.count()
    if existing == n_schools:
        log(f"Reusing the database: it already has {existing} schools.")
        return False
    if existing:
        sys.exit(f"The database has {existing} schools, not {n_schools}: run again with --rebuild.")

    # Indexing every page on save makes loading slow (see bench/README.md, "Loading and the
    # search index"); the benchmark does not search, so the index is left empty.
    no_index = {
        name: {**backend, "AUTO_UPDATE": False}
        for name, backend in __import__("django.conf").conf.settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=no_index):
        reference_data_load(data=load_json(REPO / "sites" / "data" / "reference.json"))
        with transaction.atomic():
            root = Page.get_first_root_node()
            for placeholder in root.get_children().filter(content_type__model="page"):
                placeholder.delete()
            home = portal_factories.HomePageFactory(parent=root)
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={
                    "hostname": "localhost",
                    "port": 80,
                    "root_page": home,
                    "site_name": "Sở GDĐT",
                },
            )
            portal_factories.NewsIndexPageFactory(parent=home)
            factories.SchoolIndexPageFactory(parent=home)

        units = list(AdministrativeUnit.objects.exclude(parent=None))
        levels = list(SchoolLevel.objects.all())
        types = list(SchoolType.objects.all())
        started = time.perf_counter()
        for i in range(n_schools):
            level = levels[i % len(levels)]
            school = school_provision(
                data=SchoolData(
                    name=f"Trường {level.name} số {i + 1}",
                    code=f"519{i + 1:05d}",
                    slug=f"truong-{i + 1:04d}",
                    school_type=types[i % len(types)],
                    administrative_unit=units[i % len(units)],
                    levels=[level],
                    email=f"truong{i + 1}@example.edu.vn",
                )
            )
            if i % 10 == 0:  # some schools have news, most do not
                news = school.home_page.get_children().get(slug="tin-tuc")
                portal_factories.NewsArticlePageFactory(parent=news)
            if (i + 1) % 50 == 0:
                elapsed = time.perf_counter() - started
                log(f"  {i + 1}/{n_schools} schools ({elapsed / (i + 1) * 1000:.0f} ms each)")
    log(f"Provisioned {n_schools} schools in {time.perf_counter() - started:.0f} s.")
    return True


def ensure_users():
    from django.contrib.auth import get_user_model

    from sites.models import School

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username=SUPERUSER, defaults={"is_superuser": True, "is_staff": True}
    )
    school = School.objects.order_by("code").first()
    editor, _ = User.objects.get_or_create(username=EDITOR)
    editor.groups.set([school.editors_group])
    return admin, editor, school


# --------------------------------------------------------------------------- measuring


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


class QueryRecorder:
    """Every SQL statement of a request with its duration (an execute wrapper: unlike
    CaptureQueriesContext it has no 9000-query cap)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, (time.perf_counter() - started) * 1000))


def measure(client, url, *, requests, host, slowest):
    from django.db import connection

    headers = {"HTTP_HOST": host}
    for _ in range(2):  # warm-up: the process's caches, Wagtail's and ours
        response = client.get(url, **headers)
    recorder = QueryRecorder()
    with connection.execute_wrapper(recorder):
        response = client.get(url, **headers)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, **headers)
        timings.append((time.perf_counter() - started) * 1000)
    queries = recorder.queries
    repeated = Counter(_shape(sql) for sql, _ in queries).most_common(1)
    top = sorted(queries, key=lambda q: q[1], reverse=True)[:slowest]
    return {
        "url": url,
        "host": host,
        "status": response.status_code,
        "bytes": len(response.content),
        "median_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
        "max_ms": max(timings),
        "queries": len(queries),
        "sql_ms": sum(ms for _, ms in queries),
        "most_repeated": {"count": repeated[0][1], "sql": repeated[0][0][:300]}
        if repeated
        else None,
        "slowest_queries": [{"ms": ms, "sql": sql[:400]} for sql, ms in top],
    }


def _shape(sql):
    """The statement with its literal numbers blanked, to spot N+1 repetitions."""
    return re.sub(r"\b\d+\b", "N", sql)


def run(args):
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from sites.models import School, SchoolIndexPage

    admin, editor, school = ensure_users()
    if args.wagtail_reviewable_by:
        from wagtail.models.workflows import BaseTaskStateManager

        BaseTaskStateManager.reviewable_by = BaseTaskStateManager.wagtail_reviewable_by
    directory = SchoolIndexPage.objects.get()
    n_schools = School.objects.count()

    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Page

    counts = {
        "schools": n_schools,
        "pages": Page.objects.count(),
        "groups": Group.objects.count(),
        "group_page_permissions": GroupPagePermission.objects.count(),
    }
    fleet_url = reverse("school_sites_fleet")
    explorer = reverse("wagtailadmin_explore", args=[directory.pk])
    school_explorer = reverse("wagtailadmin_explore", args=[school.home_page_id])
    portal_host = "localhost"
    # url_path is /<portal home slug>/truong-hoc/<school slug>/; the portal home is "/".
    by_path = "/" + school.home_page.url_path.split("/", 2)[2]
    cases = [
        ("superuser", admin, "admin dashboard", "/admin/", portal_host),
        ("superuser", admin, "explorer: school directory", explorer, portal_host),
        ("superuser", admin, "fleet dashboard", fleet_url, portal_host),
        ("superuser", admin, "fleet dashboard, page 18", f"{fleet_url}?p=18", portal_host),
        (
            "superuser",
            admin,
            "fleet, sorted by last published",
            f"{fleet_url}?sort=-last_published",
            portal_host,
        ),
        ("superuser", admin, "fleet CSV export (all rows)", f"{fleet_url}?export=csv", portal_host),
        ("editor", editor, "admin dashboard", "/admin/", portal_host),
        ("editor", editor, "explorer: own school home", school_explorer, portal_host),
        ("editor", editor, "explorer: root (/admin/pages/)", "/admin/pages/", portal_host),
        ("public", None, "school home", "/", school.hostname),
        (
            "public",
            None,
            "school home by path",
            by_path,
            portal_host,
        ),
        ("public", None, "school directory /truong-hoc/", "/truong-hoc/", portal_host),
    ]
    results = []
    for role, user, label, url, host in cases:
        client = Client()
        if user is not None:
            client.force_login(user)
        result = measure(client, url, requests=args.requests, host=host, slowest=args.slowest)
        result.update(role=role, label=label)
        results.append(result)
        log(f"  {role:9} {label:34} {result['median_ms']:8.1f} ms  {result['queries']} q")

    print()
    print("School fleet benchmark (bench/schools.py)")
    print(
        f"  machine:  {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}; "
        f"load average {'/'.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        f"  database: PostgreSQL {args.server_version}, {counts['schools']} schools, "
        f"{counts['pages']} pages, {counts['groups']} groups, "
        f"{counts['group_page_permissions']} group page permissions"
    )
    print(
        f"  client:   django.test.Client in-process, settings {settings.SETTINGS_MODULE}, "
        f"{args.requests} timed requests per URL after 3 warm-up requests"
    )
    fix = "Wagtail's own" if args.wagtail_reviewable_by else "sites.fleet (fixed)"
    print(f"  reviewable_by: {fix}")
    print(f"  editor:   {EDITOR}, member of one group ({school.editors_group.name})")
    print()
    header = f"{'who':9} {'what':34} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'SQL q':>6} {'SQL ms':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['role']:9} {r['label']:34} {r['status']:>6} {r['median_ms']:>10.1f} "
            f"{r['p95_ms']:>8.1f} {r['queries']:>6} {r['sql_ms']:>7.1f}"
        )
    print()
    print("SQL q / SQL ms: queries of one warm request and their total database time.")
    if args.slowest:
        print()
        for r in results:
            print(f"{r['role']} – {r['label']}: slowest queries")
            for q in r["slowest_queries"]:
                print(f"   {q['ms']:7.1f} ms  {q['sql'][:160]}")
            if r["most_repeated"] and r["most_repeated"]["count"] > 1:
                print(
                    f"   most repeated ({r['most_repeated']['count']}×): "
                    f"{r['most_repeated']['sql'][:140]}"
                )
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"schools-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "counts": counts,
                "wagtail_reviewable_by": args.wagtail_reviewable_by,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nJSON: {out.relative_to(REPO)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=900)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--rebuild", action="store_true", help="Drop and rebuild the database.")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--wagtail-reviewable-by",
        action="store_true",
        help="Measure with Wagtail's own TaskState.objects.reviewable_by (before the fix in "
        "sites/hooks/fleet.py).",
    )
    parser.add_argument("--slowest", type=int, default=3, help="Slowest queries shown per URL.")
    args = parser.parse_args()
    args.server_version = ensure_database(args.database_url, rebuild=args.rebuild)
    setup_django(args.database_url)
    log(f"Database {urlsplit(args.database_url).path.lstrip('/')}: building if needed…")
    build(args.schools)
    if not args.build_only:
        run(args)


if __name__ == "__main__":
    main()
