"""Admissions load benchmark: grade-1 registrations through the whole journey, and the public
plan pages, against gunicorn on PostgreSQL with production settings.

Builds a throw-away PostgreSQL database with a grade-1 round open for registration, approved
plans at `--schools` primary schools (each with its ward as catchment), one pre-loaded pupil
per registration to come, the procedure catalogue (the shared tracking page) and the portal's
admissions page. Serves it with gunicorn (`--workers` sync workers, Redis cache, persistent
database connections, as deploy/portal.env.example sets them) and, from a separate process,
drives `--concurrency` clients. Each client registers one child after another, as a phone
browser does (cookies, CSRF, its own address in X-Real-IP as nginx sets it):

    GET  the round's start page          nop-truc-tuyen/
    GET  "start from the school's data"  tu-du-lieu-nganh/
    POST student code + date of birth    → step 1, filled in
    GET/POST step 1 the child            (the pre-filled values + the parent's phone)
    GET/POST step 2 residence            (the pre-filled ward + a street)
    GET/POST step 3 school               (the one radio the ward's catchment offers)
    GET/POST step 4 parent or guardian
    GET/POST step 5 priority             (none)
    GET  check answers; POST consent     → the receipt
    GET  the confirmation with the receipt code

Every form is read from the page's HTML and posted with the values a browser would send
(its hidden, pre-filled, checked and selected fields) plus what a parent types. Prints, with
the git revision: registrations/s, p50/p95 per journey and per request, answers that were not
the expected ones by status, and whether the database holds exactly one registration per
receipt code the clients were given. Then loads the public plan pages (the admissions page
and the round page), counts their SQL queries in-process with the round overview's cache
empty and filled, and profiles one journey in-process (where the time goes). Nothing here
asserts a time.

    .venv/bin/python bench/admissions.py [--registrations 600] [--concurrency 24]
        [--workers 3] [--schools 8] [--page-requests 600] [--redis-url URL | --no-redis]
        [--database-url postgres://portal_test:portal_test@127.0.0.1:5432/portal_bench_admissions]

See bench/README.md for what each figure means.
"""

import argparse
import concurrent.futures
import cProfile
import datetime
import io
import json
import multiprocessing
import os
import pstats
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pages import (  # noqa: E402 - the repository must be on the path first
    bench_environment,
    free_port,
    load_one,
    log,
    machine,
    manage,
    prepare_database,
    start_gunicorn,
    stop_gunicorn,
    tail,
    wait_healthy,
)
from bench.submissions import Browser, summary  # noqa: E402

RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://portal_test:portal_test@127.0.0.1:5432/portal_bench_admissions"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"
SCHOOL_YEAR = 2027
INDEX = "/tuyen-sinh/"
ROUND = f"{INDEX}lop-1-{SCHOOL_YEAR}/"
JOURNEY = f"{ROUND}nop-truc-tuyen/"
PREFILL = f"{ROUND}tu-du-lieu-nganh/"
PARENT_ID = "051085000123"
RECEIPT_RE = re.compile(r'id="receipt-code">\s*([A-Z0-9-]+)\s*<')

# Run by `manage.py shell -c` in the benchmark database. BENCH_SCHOOLS and BENCH_PUPILS come
# from the environment.
SETUP = """
import datetime, os
from wagtail.models import Page, Site
from admissions import factories, ids
from admissions.models import Gender, Grade, Pupil, Stage
from portal import factories as portal_factories
from procedures import factories as procedure_factories
from sites import factories as school_factories

root = Page.get_first_root_node()
for placeholder in root.get_children().filter(content_type__model="page"):
    placeholder.delete()
home = portal_factories.HomePageFactory(parent=root)
Site.objects.update_or_create(
    is_default_site=True,
    defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Sở GDĐT"},
)
procedure_factories.ProcedureIndexPageFactory(parent=home, slug="thu-tuc-hanh-chinh")
school_factories.SchoolIndexPageFactory(parent=home)
index = factories.AdmissionsIndexPageFactory(parent=home, slug="tuyen-sinh")
round_page = factories.round_in_phase(
    index, "open", grade=Grade.GRADE_1, school_year=%(year)d, slug="lop-1-%(year)d"
)
factories.add_priority_group(round_page, "Con liệt sĩ; con thương binh từ 81%% trở lên", 200)
factories.add_priority_group(round_page, "Trẻ khuyết tật, mồ côi", 0, allows_older=True)
level = school_factories.SchoolLevelFactory(code="C1", name="Tiểu học")
units = []
for n in range(int(os.environ["BENCH_SCHOOLS"])):
    unit = school_factories.AdministrativeUnitFactory(code=f"2%(year)d{n:03d}", name=f"Phường {n + 1}")
    school = school_factories.provision_school(
        f"Trường Tiểu học Số {n + 1}", f"5100{n:04d}", unit=unit, levels=[level]
    )
    factories.plan_publish(round_page, school, catchment=[unit], programmes=(("regular", "", 700),))
    units.append(unit)
pupils = []
for n in range(1, int(os.environ["BENCH_PUPILS"]) + 1):
    birth = datetime.date(round_page.birth_year, 1 + n %% 12, 1 + n %% 28)
    pupils.append(Pupil(
        school_year=%(year)d, stage=Stage.PRESCHOOL, student_code=f"MN{n:08d}",
        full_name=f"Nguyễn Minh Khang {n}", birth_date=birth,
        gender=Gender.FEMALE if n %% 2 else Gender.MALE,
        personal_id=ids.example_id(birth_date=birth, female=bool(n %% 2), serial=n),
        current_school_name="Trường Mầm non Hoa Sen", unit=units[n %% len(units)],
    ))
Pupil.objects.bulk_create(pupils, batch_size=1000)
print("round", round_page.pk, round_page.url, len(units), "schools", len(pupils), "pupils")
""".replace("%(year)d", str(SCHOOL_YEAR)).replace("%%", "%")

STEPS = (
    "GET start page",
    "GET prefill form",
    "POST code + birth date",
    "GET step 1 child",
    "POST step 1",
    "GET step 2 residence",
    "POST step 2",
    "GET step 3 school",
    "POST step 3",
    "GET step 4 parent",
    "POST step 4",
    "GET step 5 priority",
    "POST step 5",
    "GET check answers",
    "POST submit",
    "GET confirmation",
)


def pupil_login(number):
    """The student code and date of birth of pre-loaded pupil `number` (as SETUP makes them)."""
    birth = datetime.date(SCHOOL_YEAR - 6, 1 + number % 12, 1 + number % 28)
    return f"MN{number:08d}", birth


def revision():
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = "+dirty" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{git('rev-parse', '--short', 'HEAD')}{dirty}"


# --------------------------------------------------------------------------- forms


class PostForm(HTMLParser):
    """The values a browser would send with the page's POST form: text, hidden, date and
    similar inputs with their value, checked radios and checkboxes, selected options.
    Also every radio's values per name (the choices offered)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.select = None
        self.first_option = {}
        self.values = {}
        self.radios = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and not self.values:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                self.radios.setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            self.first_option.setdefault(self.select, attrs.get("value", ""))
            if "selected" in attrs:
                self.values[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.values.setdefault(self.select, self.first_option.get(self.select, ""))
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


def post_form(html):
    parser = PostForm()
    parser.feed(html.decode("utf-8", "replace"))
    return parser


class Failed(Exception):
    def __init__(self, step, status, detail=""):
        super().__init__(f"{step}: HTTP {status} {detail}".strip())
        self.step, self.status = step, status


def register_one(port, number):
    """One parent's whole journey; returns (receipt code, seconds, [(step, seconds)])."""
    browser = Browser(port)
    client_ip = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    timings = []
    step_names = iter(STEPS)

    def call(wanted, method, path, fields=None):
        name = next(step_names)
        t0 = time.perf_counter()
        if method == "GET":
            status, location, html = browser.request("GET", path, headers={"X-Real-IP": client_ip})
        else:
            status, location, html = browser.request(
                "POST", path, urlencode(fields).encode(), headers={"X-Real-IP": client_ip}
            )
        timings.append((name, time.perf_counter() - t0, status))
        if status != wanted:
            raise Failed(name, status, location)
        return location, html

    student_code, birth = pupil_login(number)
    started = time.perf_counter()
    try:
        call(200, "GET", JOURNEY)
        _, html = call(200, "GET", PREFILL)
        fields = post_form(html).values
        fields.update(student_code=student_code, birth_date=birth.isoformat())
        location, _ = call(302, "POST", PREFILL, fields)
        if not location.endswith("buoc-1/"):
            raise Failed("POST code + birth date", "not found", location)

        def page(number, fill):
            path = f"{JOURNEY}buoc-{number}/"
            _, html = call(200, "GET", path)
            form = post_form(html)
            fields = form.values
            fill(fields, form)
            location, _ = call(302, "POST", path, fields)
            return location

        def child(fields, form):
            if not fields.get("pupil") or fields.get("personal_id", "") == "":
                raise Failed("GET step 1 child", "not pre-filled")
            fields["phone"] = "0905123456"

        def residence(fields, form):
            fields["street"] = f"Số {number % 200 + 1}, tổ {number % 9 + 1}"

        def school(fields, form):
            offered = form.radios.get("programme", [])
            if len(offered) != 1:
                raise Failed("GET step 3 school", f"{len(offered)} schools offered")
            fields["programme"] = offered[0]

        def parent(fields, form):
            fields.update(
                parent_name="Nguyễn Văn Bình", relationship="father", parent_personal_id=PARENT_ID
            )

        def priority(fields, form):
            fields["priority"] = ""

        for step, fill in enumerate((child, residence, school, parent, priority), start=1):
            page(step, fill)
        _, html = call(200, "GET", f"{JOURNEY}kiem-tra/")
        fields = post_form(html).values
        fields["consent"] = "on"
        location, _ = call(302, "POST", f"{JOURNEY}kiem-tra/", fields)
        _, html = call(200, "GET", urlsplit(location).path)
        found = RECEIPT_RE.search(html.decode("utf-8", "replace"))
        if found is None:
            raise Failed("GET confirmation", "no receipt code")
        return found.group(1), time.perf_counter() - started, timings
    finally:
        browser.close()


def run_registrations(port, total, concurrency, first_number):
    """Runs in its own process: `total` journeys by `concurrency` threads, pupils numbered
    from `first_number`."""
    lock = threading.Lock()
    state = {"issued": 0}
    codes, journeys, errors = [], [], Counter()
    per_step = {name: [] for name in STEPS}
    statuses = Counter()
    error_samples = []

    def worker():
        while True:
            with lock:
                if state["issued"] >= total:
                    return
                number = first_number + state["issued"]
                state["issued"] += 1
            timings = []
            try:
                code, seconds, timings = register_one(port, number)
            except Failed as failure:
                with lock:
                    errors[f"{failure.step}: {failure.status}"] += 1
                    if len(error_samples) < 5:
                        error_samples.append(str(failure))
                continue
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    errors[f"{type(error).__name__}"] += 1
                    if len(error_samples) < 5:
                        error_samples.append(f"{type(error).__name__}: {error}")
                continue
            with lock:
                codes.append(code)
                journeys.append(seconds)
                for name, step_seconds, status in timings:
                    per_step[name].append(step_seconds)
                    statuses[str(status)] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "codes": codes,
        "journeys": journeys,
        "per_step": per_step,
        "errors": dict(errors),
        "error_samples": error_samples,
        "statuses": dict(statuses),
        "wall": wall,
    }


def run_pages(port, paths, total, concurrency, time_cap):
    return {path: load_one(port, path, total, concurrency, time_cap) for path in paths}


# --------------------------------------------------------------------------- in-process


def in_process(env, paths):
    """In this process, with the server's settings: the plan pages' SQL queries with the
    round overview's cache empty, then filled; and one journey under cProfile with its
    queries per request. Returns the figures."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from admissions.models import AdmissionRoundPage

    headers = {"x-forwarded-proto": "https", "x-real-ip": "10.250.0.1"}
    client = Client(HTTP_HOST="localhost")
    round_page = AdmissionRoundPage.objects.get(slug=f"lop-1-{SCHOOL_YEAR}")
    queries = {}
    for path in paths:
        client.get(path, secure=True, headers=headers)  # the process's own caches
        counts = []
        cache.delete_many(
            [f"admissions:overview:{round_page.pk}:{round_page.latest_revision_id or 0}"]
        )
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, secure=True, headers=headers)
            counts.append(len(captured.captured_queries))
        queries[path] = {
            "status": response.status_code,
            "overview_not_cached": counts[0],
            "overview_cached": counts[-1],
        }

    # One journey, in-process, profiled; the queries of each request.
    number = 900000 + os.getpid() % 90000  # a pupil of its own, run after run
    student_code, birth = pupil_login(1)  # copied from pupil 1
    from admissions.models import Pupil

    pupil = Pupil.objects.get(student_code=student_code)
    pupil.pk = None
    pupil.student_code = f"MN{number:08d}"
    pupil.personal_id = pupil.personal_id[:6] + f"{number:06d}"
    pupil.save()
    profiler = cProfile.Profile()
    per_request = []
    tables = Counter()

    def timed(name, method, path, data=None):
        with CaptureQueriesContext(connection) as captured:
            t0, cpu0 = time.perf_counter(), time.process_time()
            profiler.enable()
            if method == "GET":
                response = client.get(path, secure=True, headers=headers)
            else:
                response = client.post(path, data, secure=True, headers=headers)
            profiler.disable()
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        for query in captured.captured_queries:
            tables[query_shape(query["sql"])] += 1
        per_request.append(
            {
                "step": name,
                "status": response.status_code,
                "ms": round(elapsed * 1000, 1),
                "cpu_ms": round(cpu * 1000, 1),
                "queries": len(captured.captured_queries),
            }
        )
        return response

    fresh = Client(HTTP_HOST="localhost")
    client = fresh
    names = iter(STEPS)
    timed(next(names), "GET", JOURNEY)
    form = post_form(timed(next(names), "GET", PREFILL).content).values
    form.update(student_code=pupil.student_code, birth_date=pupil.birth_date.isoformat())
    timed(next(names), "POST", PREFILL, form)
    fills = {
        1: {"phone": "0905123456"},
        2: {"street": "Số 1"},
        4: {"parent_name": "Nguyễn Văn Bình", "relationship": "father"},
        5: {"priority": ""},
    }
    for step in range(1, 6):
        page = post_form(timed(next(names), "GET", f"{JOURNEY}buoc-{step}/").content)
        values = {**page.values, **fills.get(step, {})}
        if step == 3:
            values["programme"] = page.radios["programme"][0]
        if step == 4:
            values["parent_personal_id"] = PARENT_ID
        timed(next(names), "POST", f"{JOURNEY}buoc-{step}/", values)
    values = post_form(timed(next(names), "GET", f"{JOURNEY}kiem-tra/").content).values
    values["consent"] = "on"
    response = timed(next(names), "POST", f"{JOURNEY}kiem-tra/", values)
    timed(next(names), "GET", response["Location"])
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"(portal|admissions|applications|sites)/", 25)
    own = io.StringIO()
    pstats.Stats(profiler, stream=own).sort_stats("tottime").print_stats(15)
    return {
        "queries": queries,
        "journey": per_request,
        "journey_tables": tables.most_common(25),
        "profile_cumulative": out.getvalue(),
        "profile_tottime": own.getvalue(),
    }


def query_shape(sql):
    """A query's verb and first table: "SELECT sites_administrativeunit"."""
    verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?([a-z0-9_]+)"?', sql, re.IGNORECASE)
    return f"{verb} {table.group(1) if table else ''}".strip()


# --------------------------------------------------------------------------- figures


def database_check(database_url, codes):
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT a.code FROM admissions_registration r "
            "JOIN applications_application a ON a.id = r.application_id"
        ).fetchall()
        applications = conn.execute("SELECT count(*) FROM applications_application").fetchone()[0]
    in_database = [row[0] for row in rows]
    acknowledged = set(codes)
    return {
        "acknowledged": len(codes),
        "acknowledged_distinct": len(acknowledged),
        "registrations": len(in_database),
        "registrations_distinct": len(set(in_database)),
        "applications": applications,
        "ok": len(codes) == len(acknowledged) == len(in_database) == applications
        and acknowledged == set(in_database),
        "missing_in_database": sorted(acknowledged - set(in_database))[:10],
        "not_acknowledged": sorted(set(in_database) - acknowledged)[:10],
    }


def render_report(result):
    reg, check, config = result["registrations"], result["check"], result["config"]
    lines = [
        f"Admissions benchmark (bench/admissions.py), revision {result['revision']}, "
        f"{result['timestamp']}",
        f"  machine:  {result['machine']['cpus']} CPUs, {result['machine']['cpu_model']}; "
        f"load average {result['loadavg_before']} before the load, "
        f"{result['loadavg_after']} after",
        f"  database: {result['database']}, {config['schools']} schools, "
        f"{config['registrations'] + result['warm_up']} pre-loaded pupils",
        f"  server:   gunicorn, {config['workers']} sync workers, production settings, "
        f"cache {result['cache']}, DATABASE_CONN_MAX_AGE={result['conn_max_age']}",
        f"  clients:  {config['concurrency']} concurrent parents, one journey after another, "
        "no think time (threads in a separate process; each its own X-Real-IP)",
        "",
        "what                          count     per s   p50 ms   p95 ms",
        "---------------------------------------------------------------",
        f"{'registrations (16 requests)':<28}{reg['count']:>7}{reg['per_second']:>10.2f}"
        f"{reg['p50_ms']:>9}{reg['p95_ms']:>9}",
        f"{'requests':<28}{result['requests']['count']:>7}"
        f"{result['requests']['per_second']:>10.2f}{result['requests']['p50_ms']:>9}"
        f"{result['requests']['p95_ms']:>9}",
        *[
            f"{'  ' + name:<28}{'':>17}{step['p50_ms']:>9}{step['p95_ms']:>9}"
            for name, step in result["steps"].items()
        ],
        "",
        f"Answers of completed journeys by status: {result['statuses']}",
        f"Failed journeys: {sum(result['errors'].values())} {result['errors'] or ''}",
        *[f"  e.g. {sample}" for sample in result["error_samples"]],
        f"Check: {check['acknowledged']} receipt codes given to clients "
        f"({check['acknowledged_distinct']} distinct), {check['registrations']} registrations "
        f"in the database ({check['registrations_distinct']} distinct codes), "
        f"{check['applications']} applications: "
        f"{'OK, no loss, no duplicate' if check['ok'] else 'MISMATCH'}",
        "",
        "Public plan pages under load "
        f"({config['page_requests']} GETs each, {config['concurrency']} clients)",
        "URL                              req/s  median ms   p95 ms  non-200  SQL q (cold/cached)",
        "-------------------------------------------------------------------------------------",
    ]
    for path, figures in result["pages"].items():
        queries = result["in_process"]["queries"][path]
        lines.append(
            f"{path:<30}{figures['requests_per_second']:>8}{figures['median_ms']:>11}"
            f"{figures['p95_ms']:>9}{figures['non_200']:>9}"
            f"{queries['overview_not_cached']:>8} / {queries['overview_cached']}"
        )
    lines += [
        "SQL q: queries per request in-process, with the round overview's cache "
        "(admissions.selectors.round_overview, 60 s) emptied first, then filled.",
        "",
        "One journey in-process (django.test.Client, warm caches), per request:",
        "step                          status   wall ms  CPU ms  queries",
    ]
    journey = result["in_process"]["journey"]
    for row in journey:
        lines.append(
            f"{row['step']:<30}{row['status']:>6}{row['ms']:>10}{row['cpu_ms']:>8}"
            f"{row['queries']:>9}"
        )
    lines.append(
        f"{'total':<30}{'':>6}{sum(r['ms'] for r in journey):>10.1f}"
        f"{sum(r['cpu_ms'] for r in journey):>8.1f}{sum(r['queries'] for r in journey):>9}"
    )
    lines.append(
        "(CPU ms: this process's own CPU time, the profiler's overhead included; "
        "PostgreSQL's is not.)"
    )
    lines += ["", "The journey's queries by verb and first table (most frequent first):"]
    lines += [f"  {count:>4}  {shape}" for shape, count in result["in_process"]["journey_tables"]]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=24)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--schools", type=int, default=8)
    parser.add_argument("--page-requests", type=int, default=600)
    parser.add_argument("--time-cap", type=int, default=120)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--no-redis", action="store_true", help="local-memory cache per worker")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--profile", action="store_true", help="print the journey's profile")
    args = parser.parse_args()
    if min(args.registrations, args.concurrency, args.workers, args.schools) < 1:
        parser.error("every count must be positive")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("this benchmark runs on PostgreSQL (concurrent writers)")

    started = time.monotonic()
    measured_at = revision()
    warm_up = 2 * args.workers
    tmp = Path(tempfile.mkdtemp(prefix="bench-admissions-"))
    manage_log, server_log = tmp / "manage.log", tmp / "gunicorn.log"
    env = bench_environment(args.database_url, tmp / "media", tmp / "static")
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")  # as deploy/portal.env.example
    env.update(
        SERVICES_PRIVATE_ROOT=str(tmp / "private"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        BENCH_SCHOOLS=str(args.schools),
        BENCH_PUPILS=str(args.registrations + warm_up + 1000),
    )
    if not args.no_redis:
        env["REDIS_URL"] = args.redis_url
        env["CACHE_KEY_PREFIX"] = f"bench-admissions-{os.getpid()}"
    server, keep_tmp = None, False
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    try:
        log(f"revision {measured_at}; recreating the bench database {args.database_url}")
        database = prepare_database(args.database_url)
        log(f"migrate: {manage(env, manage_log, 'migrate', '--noinput'):.1f}s")
        log(f"setup: {manage(env, manage_log, 'shell', '-c', SETUP):.1f}s")
        manage(env, manage_log, "collectstatic", "--noinput", "--verbosity", "0")

        port = free_port()
        server = start_gunicorn(env, port, args.workers, server_log)
        wait_healthy(server, port, server_log)
        log(f"gunicorn up on 127.0.0.1:{port} with {args.workers} workers")
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            warm = pool.submit(run_registrations, port, warm_up, 1, 1).result()
            if warm["errors"]:
                raise RuntimeError(f"warm-up journey failed: {warm['error_samples']}")
            loadavg = "/".join(f"{value:.1f}" for value in os.getloadavg())
            log(
                f"load average {loadavg}; {args.registrations} registrations, "
                f"{args.concurrency} clients"
            )
            reg = pool.submit(
                run_registrations, port, args.registrations, args.concurrency, warm_up + 1
            ).result()
            log(f"{len(reg['codes'])} registrations in {reg['wall']:.1f}s")
            pages = pool.submit(
                run_pages,
                port,
                [INDEX, ROUND],
                args.page_requests,
                args.concurrency,
                args.time_cap,
            ).result()
            log("plan pages loaded")
        loadavg_after = "/".join(f"{value:.1f}" for value in os.getloadavg())
        stop_gunicorn(server)
        server = None
        codes = [*warm["codes"], *reg["codes"]]
        check = database_check(args.database_url, codes)
        inproc = in_process(env, [INDEX, ROUND])
        all_requests = [s for values in reg["per_step"].values() for s in values]
        result = {
            "benchmark": "admissions",
            "revision": measured_at,
            "timestamp": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": machine(),
            "loadavg_before": loadavg,
            "loadavg_after": loadavg_after,
            "database": database,
            "cache": "local memory per worker" if args.no_redis else f"Redis {args.redis_url}",
            "conn_max_age": env["DATABASE_CONN_MAX_AGE"],
            "config": vars(args),
            "warm_up": warm_up,
            "registrations": summary(reg["journeys"], reg["wall"]),
            "requests": summary(all_requests, reg["wall"]),
            "steps": {name: summary(v, reg["wall"]) for name, v in reg["per_step"].items()},
            "statuses": reg["statuses"],
            "errors": reg["errors"],
            "error_samples": reg["error_samples"],
            "check": check,
            "pages": pages,
            "in_process": inproc,
            "seconds_total": round(time.monotonic() - started, 1),
        }
        print(render_report(result))
        if args.profile:
            print("\nProfile of the journey, cumulative, the portal's own functions:")
            print(inproc["profile_cumulative"])
            print("Profile of the journey, own time:")
            print(inproc["profile_tottime"])
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"admissions-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"JSON: {out.relative_to(REPO)}   (total {result['seconds_total']}s)")
        if reg["errors"] or any(int(s) >= 500 for s in reg["statuses"] if s.isdigit()):
            keep_tmp = True
            print(f"gunicorn log kept: {server_log}")
        if not check["ok"]:
            sys.exit(f"FAILED: registrations in the database are not the codes given: {check}")
    except BaseException:
        keep_tmp = True
        print(f"\nFailed; logs kept in {tmp}", file=sys.stderr)
        if server is not None:
            print(tail(server_log), file=sys.stderr)
        raise
    finally:
        stop_gunicorn(server)
        if not keep_tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
