"""Search benchmark: 200,000 generated pages over 900 school sites, on PostgreSQL and on
OpenSearch, in the same run.

Rows are generated in bulk (Page, Site and SearchEntry rows with bulk_create and computed
tree paths), NOT through page.save() one by one: saving 200,000 Wagtail pages through the
ORM would take hours and measure Wagtail's page machinery, not search. The figures are for
the search query itself (selectors.search_run: count, ranked first page with snippets,
facets), in-process, warm cache. Nothing here asserts a time.

The same queries then run on the cluster engine: an OpenSearch node (the test distribution,
tests/opensearch.py; 1 GB heap, on this machine) loaded with the same rows by
``cluster.rebuild`` (timed), and the mirror check (``search_mirror_repair``) is timed over
the 200,000 entries. ``--engines database`` skips the cluster. The figures are printed with
the git revision they were measured at.

    DATABASE_URL is set by the script:
    .venv/bin/python bench/search.py [--pages 200000] [--schools 900] [--queries 8]
        [--engines database,cluster]
        [--database-url postgres://portal_test:portal_test@127.0.0.1:5432/bench_search]
"""

import argparse
import logging
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "tuyển",
    "sinh",
    "lớp",
    "học",
    "sinh",
    "giáo",
    "viên",
    "trường",
    "thông",
    "báo",
    "kế",
    "hoạch",
    "năm",
    "học",
    "kết",
    "quả",
    "thi",
    "đăng",
    "ký",
    "hồ",
    "sơ",
    "tuyển",
    "dụng",
    "công",
    "khai",
    "tài",
    "chính",
    "học",
    "phí",
    "lịch",
    "công",
    "tác",
    "hội",
    "nghị",
    "tổng",
    "kết",
    "khen",
    "thưởng",
    "văn",
    "bản",
    "quyết",
    "định",
    "hướng",
    "dẫn",
    "chương",
    "trình",
    "ngoại",
    "khoá",
    "thể",
    "thao",
    "văn",
    "nghệ",
    "phụ",
    "huynh",
    "bán",
    "trú",
    "thời",
    "khoá",
    "biểu",
    "kiểm",
    "tra",
    "đánh",
    "giá",
    "chất",
    "lượng",
    "giáo",
    "dục",
    "cơ",
    "sở",
    "vật",
    "chất",
    "an",
    "toàn",
    "giao",
    "thông",
    "phòng",
    "chống",
    "dịch",
    "bệnh",
    "chuyển",
    "đổi",
    "số",
    "sách",
    "giáo",
    "khoa",
    "thư",
    "viện",
]
LABELS = ["Bài tin", "Chuyên mục của trường", "Văn bản", "Công khai", "Hỏi đáp"]
ONE_WORD = ["tuyen", "hoc", "phi", "khen", "dich"]
THREE_WORDS = ["tuyen sinh lop", "ke hoach nam", "lich cong tac", "hoc phi cong", "ket qua thi"]


def log(message):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def build(pages, schools):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Locale, Page, Site

    from sites.models import AdministrativeUnit

    rng = random.Random(42)
    root = Page.get_first_root_node()
    locale = Locale.objects.first() or Locale.objects.create(language_code="vi")
    page_type = ContentType.objects.get_for_model(Page)
    units = [
        AdministrativeUnit.objects.get_or_create(
            code=f"B{n:03d}", defaults={"name": f"Xã {n}", "unit_type": "Xã"}
        )[0]
        for n in range(96)
    ]
    started = time.perf_counter()
    with transaction.atomic():
        base_path = root.path
        homes = []
        for n in range(schools):
            homes.append(
                Page(
                    title=f"Trường {n}",
                    slug=f"truong-{n}",
                    path=f"{base_path}{n + 1 + 100:04d}",
                    depth=2,
                    numchild=0,
                    live=True,
                    content_type=page_type,
                    locale=locale,
                    url_path=f"/truong-{n}/",
                    draft_title=f"Trường {n}",
                )
            )
        Page.objects.bulk_create(homes, batch_size=1000)
        homes = list(Page.objects.filter(depth=2, slug__startswith="truong-").order_by("path"))
        Site.objects.bulk_create(
            [
                Site(hostname=f"truong-{n}.bench", port=80, root_page=home, site_name=home.title)
                for n, home in enumerate(homes)
            ]
        )
        sites = list(Site.objects.filter(hostname__endswith=".bench").order_by("hostname"))
        site_for_home = {site.root_page_id: site for site in sites}
        log(f"{schools} school sites created ({time.perf_counter() - started:.1f} s)")
        per_school = pages // schools
        page_rows = []
        for index, home in enumerate(homes):
            for k in range(per_school + (1 if index < pages % schools else 0)):
                title = sentence(rng, rng.randint(4, 9))
                page_rows.append(
                    Page(
                        title=title,
                        slug=f"p{k}",
                        path=f"{home.path}{k + 1:04d}",
                        depth=3,
                        numchild=0,
                        live=True,
                        content_type=page_type,
                        locale=locale,
                        url_path=f"{home.url_path}p{k}/",
                        draft_title=title,
                    )
                )
        Page.objects.bulk_create(page_rows, batch_size=5000)
        log(f"{len(page_rows)} pages created ({time.perf_counter() - started:.1f} s)")
    return build_index(rng, units, site_for_home)


def build_index(rng=None, units=None, site_for_home=None):
    """Insert one SearchEntry per generated page (what rebuild_search_index writes)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page, Site

    from search.models import SearchEntry
    from search.text import folded_document
    from sites.models import AdministrativeUnit

    rng = rng or random.Random(43)
    units = units or list(AdministrativeUnit.objects.filter(code__startswith="B"))
    if site_for_home is None:
        site_for_home = {
            site.root_page_id: site for site in Site.objects.filter(hostname__endswith=".bench")
        }
    homes = {
        page.path: (page.pk, index)
        for index, page in enumerate(
            Page.objects.filter(depth=2, slug__startswith="truong-").order_by("path")
        )
    }
    rows = Page.objects.filter(depth=3, path__gt="0001").order_by("path")
    specs = [
        (page_id, *homes[path[:8]], title)
        for page_id, path, title in rows.values_list("pk", "path", "title")
        if path[:8] in homes
    ]
    SearchEntry.objects.all().delete()
    now = timezone.now()
    index_started = time.perf_counter()
    batch = []
    page_ids = [spec[0] for spec in specs]
    with transaction.atomic():
        for page_id, home_id, index, title in specs:
            text = ". ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 12)))
            date = now - timezone.timedelta(days=rng.randint(0, 365 * 6))
            site = site_for_home[home_id]
            batch.append(
                SearchEntry(
                    kind="page",
                    page_id=page_id,
                    site=site,
                    unit=units[index % len(units)],
                    content_label=rng.choice(LABELS),
                    date=date,
                    year=timezone.localtime(date).year,
                    title=title,
                    url=f"/p{page_id}/",
                    text=text,
                    folded_title=folded_document(title),
                    folded_text=folded_document(text),
                )
            )
            if len(batch) == 5000:
                SearchEntry.objects.bulk_create(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        # What autovacuum does in production after a bulk load (and rebuild_search_index does):
        # statistics, and the GIN indexes' pending lists merged into the indexes.
        cursor.execute("VACUUM ANALYZE portal_search_searchentry")
        cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - index_started
    log(f"index built: {len(page_ids)} entries in {build_seconds:.1f} s")
    return build_seconds


def measure(repeat, label="database"):
    from wagtail.models import Site

    from search import selectors
    from search.selectors import Scope

    sites = list(Site.objects.filter(hostname__endswith=".bench").values_list("pk", flat=True))
    cases = {
        "portal, 1 word": [(q, Scope(site_ids=None), True) for q in ONE_WORD],
        "portal, 3 words": [(q, Scope(site_ids=None), True) for q in THREE_WORDS],
        "portal, 1 word, no facets": [(q, Scope(site_ids=None), False) for q in ONE_WORD],
        "portal, 3 words, no facets": [(q, Scope(site_ids=None), False) for q in THREE_WORDS],
        "portal, 1 word, year facet chosen": [
            (q, Scope(site_ids=None, filters={"year": 2024}), True) for q in ONE_WORD
        ],
        "portal, 1 word, unit facet chosen": [
            (q, Scope(site_ids=None, filters={"unit_id": _unit_ids()[i]}), True)
            for i, q in enumerate(ONE_WORD)
        ],
        "portal, 1 word, type facet chosen": [
            (q, Scope(site_ids=None, filters={"content_label": LABELS[i]}), True)
            for i, q in enumerate(ONE_WORD)
        ],
        "school scope, 1 word": [
            (q, Scope(site_ids=[sites[i * 37 % len(sites)]], is_portal=False), True)
            for i, q in enumerate(ONE_WORD)
        ],
        "school scope, 3 words": [
            (q, Scope(site_ids=[sites[i * 53 % len(sites)]], is_portal=False), True)
            for i, q in enumerate(THREE_WORDS)
        ],
    }
    figures = {}
    for name, runs in cases.items():
        timings, totals = [], []
        for _ in range(repeat):
            for query, scope, facets in runs:
                started = time.perf_counter()
                outcome = selectors.search_run(query_text=query, scope=scope, with_facets=facets)
                timings.append((time.perf_counter() - started) * 1000)
                totals.append(outcome.total)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        figures[name] = (p50, p95, int(statistics.median(totals)))
        log(
            f"{label:8} {name:36} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   "
            f"median matches {figures[name][2]}"
        )
    return figures


def revision():
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = (
        " (with uncommitted changes)"
        if git("status", "--porcelain", "--untracked-files=no")
        else ""
    )
    return f"{git('rev-parse', '--short', 'HEAD')}{dirty}"


class _Count(logging.Handler):
    count = 0

    def emit(self, record):
        self.count += 1


def on_cluster(repeat):
    """Load the rows into a fresh OpenSearch node and run the same queries there."""
    from django.test import override_settings

    from portal.settings.env import Env
    from search import services
    from search.config import search_settings
    from search.engines import cluster
    from tests.opensearch import start_single

    logging.getLogger("opensearch").setLevel(logging.WARNING)  # one line per request
    started = time.perf_counter()
    node = start_single(heap="1g")
    log(f"OpenSearch node up at {node.url} ({time.perf_counter() - started:.1f} s)")
    try:
        backends, engine, options = search_settings(
            Env({"SEARCH_BACKEND": "opensearch", "SEARCH_URL": node.url})
        )
        with override_settings(PORTAL_SEARCH_ENGINE=engine, PORTAL_SEARCH_ELASTIC=options):
            started = time.perf_counter()
            cluster.rebuild(chunk=2000)
            load_seconds = time.perf_counter() - started
            node.request(
                "POST", f"/{cluster.index_name()}/_forcemerge?max_num_segments=1", timeout=600
            )
            stats = node.request("GET", f"/{cluster.index_name()}/_stats/docs,store")
            total = stats["_all"]["primaries"]
            log(
                f"cluster loaded: {total['docs']['count']} documents in {load_seconds:.1f} s, "
                f"{total['store']['size_in_bytes'] / 2**20:.0f} MB on disk"
            )
            started = time.perf_counter()
            report = services.search_mirror_repair(repair=False)
            check_seconds = time.perf_counter() - started
            log(
                f"mirror check over {sum(site.database for site in report.sites)} entries "
                f"({len(report.sites)} sites): {check_seconds:.1f} s, in step: {report.in_step}"
            )
            fallbacks = _Count()
            logging.getLogger("search.engines").addHandler(fallbacks)
            figures = measure(repeat, label="cluster")
            if fallbacks.count:  # the database answered some: these are not cluster figures
                sys.exit(f"the cluster failed {fallbacks.count} queries: figures discarded")
    finally:
        node.remove()
    return figures, load_seconds, check_seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200_000)
    parser.add_argument("--schools", type=int, default=900)
    parser.add_argument("--queries", type=int, default=8, help="repetitions of each query")
    parser.add_argument(
        "--database-url",
        default="postgres://portal_test:portal_test@127.0.0.1:5432/bench_search",
    )
    parser.add_argument("--engines", default="database,cluster")
    parser.add_argument("--reuse", action="store_true", help="measure an existing database")
    parser.add_argument(
        "--reindex", action="store_true", help="with --reuse: rebuild the index rows (timed)"
    )
    args = parser.parse_args()
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    if "bench" not in args.database_url:
        sys.exit("The benchmark database's name must contain 'bench' (it is dropped).")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(REPO))
    measured_at = revision()
    log(f"revision {measured_at}, {args.pages} pages, {args.schools} schools, engines {engines}")
    url = urlsplit(args.database_url)
    name = url.path.lstrip("/")
    pg = [
        "-h",
        url.hostname or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
    ]
    pg_env = {**os.environ, "PGPASSWORD": url.password or ""}
    if not args.reuse:
        subprocess.run(["dropdb", *pg, "--if-exists", name], check=True, env=pg_env)
        subprocess.run(["createdb", *pg, name], check=True, env=pg_env)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, check=True)
    import django

    django.setup()
    if not args.reuse:
        build(args.pages, args.schools)
    elif args.reindex:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, check=True)
        build_index()
    _explain_match_rates()
    results = {}
    if "database" in engines:
        results["database"] = measure(args.queries)
    if "cluster" in engines:
        results["cluster"], load_seconds, check_seconds = on_cluster(args.queries)
    print(
        f"\nrevision {measured_at}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {_count_all()} entries"
    )
    names = list(next(iter(results.values())))
    header = "".join(f" | {engine} p50 / p95 ms" for engine in results)
    print(f"| query{header} |")
    print("|---" * (len(results) + 1) + "|")
    for case in names:
        cells = "".join(
            f" | {results[engine][case][0]:.1f} / {results[engine][case][1]:.1f}"
            for engine in results
        )
        print(f"| {case}{cells} |")
    if "cluster" in results:
        print(f"cluster load {load_seconds:.1f} s, mirror check {check_seconds:.1f} s")


def _unit_ids():
    from search.models import SearchEntry

    return list(SearchEntry.objects.values_list("unit_id", flat=True).distinct()[:10])


def _explain_match_rates():
    from search.engines.database import _matching
    from search.selectors import Scope
    from search.text import parse_query

    total = _count_all()
    for query in ONE_WORD + THREE_WORDS:
        matches = _matching(parse_query(query), Scope(site_ids=None)).count()
        log(f"{query!r:18} matches {matches:7} of {total} entries ({matches / total:.0%})")


def _count_all():
    from search.models import SearchEntry

    return SearchEntry.objects.count()


if __name__ == "__main__":
    main()
