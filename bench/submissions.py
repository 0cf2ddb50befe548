"""Submission benchmark: online applications through the real journey, then tracking lookups.

Builds a throw-away PostgreSQL database with one procedure handled online (a short text
field and a PDF upload), serves it with gunicorn under the production settings, and from a
separate process drives `--concurrency` clients, each going through the whole applicant
journey over HTTP (cookies, CSRF tokens, multipart upload) as a browser does. Prints
submissions per second and latency, then checks that the database holds exactly the
applications whose receipt codes the clients saw (exits with status 1 if not). Then times
tracking lookups (receipt code + phone) the same way. Nothing here asserts a time.

    .venv/bin/python bench/submissions.py [--submissions 200] [--concurrency 4] [--workers 2]
                                          [--lookups 400] [--database-url URL]

See bench/README.md for what each figure means.
"""

import argparse
import concurrent.futures
import http.client
import json
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pages import (  # noqa: E402 - the repository must be on the path first
    bench_environment,
    free_port,
    log,
    machine,
    manage,
    prepare_database,
    start_gunicorn,
    stop_gunicorn,
    tail,
    wait_healthy,
)

RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_services"
HOST = "localhost"
ORIGIN = f"https://{HOST}"
CATALOGUE = "/thu-tuc-hanh-chinh/"
PROCEDURE = f"{CATALOGUE}cap-ban-sao-van-bang/"
JOURNEY = f"{PROCEDURE}nop-truc-tuyen/"
TRACK = f"{CATALOGUE}tra-cuu/"
PHONE = "0905123456"

# Run by `manage.py shell -c` in the benchmark database: the department home as the default
# site, the catalogue and one procedure handled here with a two-field form page.
SETUP = """
from wagtail.models import Page, Site
from portal import factories as portal_factories
from procedures import factories
from applications.fields import FieldType

root = Page.get_first_root_node()
for placeholder in root.get_children().filter(content_type__model="page"):
    placeholder.delete()
home = portal_factories.HomePageFactory(parent=root)
Site.objects.update_or_create(
    is_default_site=True,
    defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Sở GDĐT"},
)
catalogue = factories.ProcedureIndexPageFactory(parent=home, slug="thu-tuc-hanh-chinh")
page = factories.ProcedurePageFactory(
    parent=catalogue,
    title="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    slug="cap-ban-sao-van-bang",
    handling="here",
    time_limit_days=3,
)
factories.add_form_field(
    page, sort_order=0, step=1, label="Năm tốt nghiệp", field_type=FieldType.TEXT
)
factories.add_form_field(
    page, sort_order=1, step=1, label="Bản chụp văn bằng", field_type=FieldType.FILE,
    file_kinds="pdf", max_size_mb=1,
)
print("procedure", page.pk, page.url)
"""


def run_concurrently(worker, concurrency):
    """Run ``worker`` in ``concurrency`` threads at once; the wall time in seconds."""
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def minimal_pdf(text):
    """A small one-page PDF (~550 bytes; the portal checks uploads by their content)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        start,
    )
    return bytes(pdf)


# --------------------------------------------------------------------------- HTTP client


class Browser:
    """One applicant: a connection to gunicorn, a cookie jar, the headers a browser sends
    behind the TLS-terminating proxy (Host, X-Forwarded-Proto, Origin/Referer for CSRF)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, content_type=None, headers=None):
        extra = headers or {}
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "User-Agent": "bench/submissions.py",
            "Referer": ORIGIN + path,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = ORIGIN
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        headers.update(extra)
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn's sync workers close each connection: reconnect once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, response.getheader("Location", ""), data

    def form(self, path, fields):
        return self.request("POST", path, urlencode(fields).encode())

    def multipart(self, path, fields, files):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, kind) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}"
        )

    def close(self):
        if self.conn is not None:
            self.conn.close()


CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(rb'name="token" value="([0-9a-f-]{36})"')
RECEIPT_RE = re.compile(rb'id="receipt-code">([A-Z0-9-]+)<')


def expect(status, wanted, what):
    if status != wanted:
        raise RuntimeError(f"{what}: HTTP {status}, expected {wanted}")


STEPS = (
    "GET step 1",
    "POST applicant",
    "POST form + PDF",
    "GET check answers",
    "POST submit",
    "GET confirmation",
)


def submit_one(port, number, pdf):
    """One applicant's whole journey; returns (receipt code, seconds, seconds per step)."""
    browser = Browser(port)
    steps = []

    def timed(call, *args):
        t0 = time.perf_counter()
        answer = call(*args)
        steps.append(time.perf_counter() - t0)
        return answer

    started = time.perf_counter()
    try:
        status, _location, html = timed(browser.request, "GET", f"{JOURNEY}buoc-1/")
        expect(status, 200, "step 1 form")
        csrf = CSRF_RE.search(html).group(1).decode()
        applicant = {
            "csrfmiddlewaretoken": csrf,
            "name": f"Nguyễn Văn Bench {number}",
            "birth_date": "2001-04-15",
            "personal_id": f"{51200000000 + number:012d}",
            "phone": PHONE,
            "email": f"bench{number}@example.vn",
        }
        status, _location, _html = timed(browser.form, f"{JOURNEY}buoc-1/", applicant)
        expect(status, 302, "step 1 post")
        status, _location, _html = timed(
            browser.multipart,
            f"{JOURNEY}buoc-2/",
            {"csrfmiddlewaretoken": csrf, "nam_tot_nghiep": "2019"},
            {"ban_chup_van_bang": (f"van-bang-{number}.pdf", pdf, "application/pdf")},
        )
        expect(status, 302, "step 2 post (with the PDF)")
        status, _location, html = timed(browser.request, "GET", f"{JOURNEY}kiem-tra/")
        expect(status, 200, "check answers")
        token = TOKEN_RE.search(html).group(1).decode()
        status, location, _html = timed(
            browser.form,
            f"{JOURNEY}kiem-tra/",
            {"csrfmiddlewaretoken": csrf, "token": token, "consent": "on"},
        )
        expect(status, 302, "submit")
        status, _location, html = timed(browser.request, "GET", urlsplit(location).path)
        expect(status, 200, "confirmation")
        code = RECEIPT_RE.search(html).group(1).decode()
        return code, time.perf_counter() - started, steps
    finally:
        browser.close()


def run_submissions(port, total, concurrency):
    """Runs in its own process: `total` journeys by `concurrency` threads."""
    pdf = minimal_pdf("Ban sao van bang")
    lock = threading.Lock()
    state = {"issued": 0}
    codes, latencies, errors = [], [], []
    per_step = {name: [] for name in STEPS}

    def worker():
        while True:
            with lock:
                if state["issued"] >= total:
                    return
                state["issued"] += 1
                number = state["issued"]
            try:
                code, seconds, steps = submit_one(port, number, pdf)
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{type(error).__name__}: {error}")
                continue
            with lock:
                codes.append(code)
                latencies.append(seconds)
                for name, step_seconds in zip(STEPS, steps, strict=True):
                    per_step[name].append(step_seconds)

    wall = run_concurrently(worker, concurrency)
    return {
        "codes": codes,
        "latencies": latencies,
        "per_step": per_step,
        "errors": errors,
        "wall": wall,
    }


def run_lookups(port, codes, total, concurrency):
    """Runs in its own process: `total` tracking lookups (POST code + phone), each thread a
    browser with its CSRF cookie; a found application answers 302 to its tracking page."""
    lock = threading.Lock()
    state = {"issued": 0}
    latencies, statuses = [], {}

    def worker():
        browser = Browser(port)
        status, _location, html = browser.request("GET", TRACK)
        expect(status, 200, "tracking form")
        csrf = CSRF_RE.search(html).group(1).decode()
        try:
            while True:
                with lock:
                    if state["issued"] >= total:
                        return
                    code = codes[state["issued"] % len(codes)]
                    state["issued"] += 1
                t0 = time.perf_counter()
                try:
                    status, _location, _html = browser.form(
                        TRACK, {"csrfmiddlewaretoken": csrf, "code": code, "phone": PHONE}
                    )
                except (OSError, http.client.HTTPException) as error:
                    status = type(error).__name__
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
        finally:
            browser.close()

    return {
        "latencies": latencies,
        "statuses": statuses,
        "wall": run_concurrently(worker, concurrency),
    }


# --------------------------------------------------------------------------- figures


def percentile(values, fraction):
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def summary(latencies, wall):
    if not latencies:
        return {"count": 0, "per_second": 0.0, "p50_ms": None, "p95_ms": None}
    return {
        "count": len(latencies),
        "per_second": round(len(latencies) / wall, 2),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
    }


def database_codes(database_url):
    import psycopg

    with psycopg.connect(database_url) as conn:
        codes = {row[0] for row in conn.execute("SELECT code FROM applications_application")}
        files = conn.execute(
            "SELECT count(*) FROM applications_attachment WHERE application_id IS NOT NULL"
        ).fetchone()[0]
    return codes, files


def render_report(result):
    sub, look, check = result["submissions"], result["lookups"], result["check"]
    lines = [
        "Submission benchmark (bench/submissions.py)",
        f"  machine:  {result['machine']['cpus']} CPUs, {result['machine']['cpu_model']}; "
        f"load average {result['loadavg_before']} before the load",
        f"  database: {result['database']}, {result['database_url']}",
        f"  server:   gunicorn, {result['config']['workers']} sync workers, production "
        "settings, local-memory cache, e-mail to the dummy backend",
        f"  clients:  {result['config']['concurrency']} concurrent browsers "
        "(threads in a separate process, http.client, cookies + CSRF)",
        "",
        "what                        count     per s   p50 ms   p95 ms  errors",
        "-----------------------------------------------------------------------",
        f"{'submissions (6 requests)':<26}{sub['count']:>7}{sub['per_second']:>10.2f}"
        f"{sub['p50_ms']:>9}{sub['p95_ms']:>9}{len(result['submission_errors']):>8}",
        *[
            f"{'  ' + name:<26}{'':>17}{step['p50_ms']:>9}{step['p95_ms']:>9}"
            for name, step in result["steps"].items()
        ],
        f"{'tracking lookups':<26}{look['count']:>7}{look['per_second']:>10.2f}"
        f"{look['p50_ms']:>9}{look['p95_ms']:>9}{result['lookup_not_302']:>8}",
        "",
        "A submission is the whole journey: GET step 1, POST applicant, POST form page with "
        "the PDF (multipart), GET check answers, POST submit, GET confirmation.",
        f"Tracking answers: {result['lookup_statuses']} (302 = found, redirected to the "
        "application).",
        "",
        f"Check: {check['acknowledged']} receipt codes acknowledged to clients, "
        f"{check['in_database']} applications in the database, {check['attachments']} "
        f"attachments linked: {'OK' if check['ok'] else 'MISMATCH'}",
    ]
    for error in result["submission_errors"][:5]:
        lines.append(f"  error: {error}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lookups", type=int, default=400)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    if min(args.submissions, args.concurrency, args.workers, args.lookups) < 1:
        parser.error("every count must be positive")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("this benchmark runs on PostgreSQL (concurrent writers)")

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="bench-submissions-"))
    manage_log, server_log = tmp / "manage.log", tmp / "gunicorn.log"
    env = bench_environment(args.database_url, tmp / "media", tmp / "static")
    env.update(
        SERVICES_PRIVATE_ROOT=str(tmp / "private"),
        # The tracking view allows 10 lookups per 10 minutes per address: the benchmark's
        # clients all come from 127.0.0.1, so the limit is lifted for the run.
        SERVICES_TRACKING_LIMIT=str(10 * args.lookups),
        # Notifications are built (ImmediateBackend) but not sent over SMTP.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    server, keep_tmp = None, False
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    try:
        log(f"Recreating the bench database {args.database_url}")
        database = prepare_database(args.database_url)
        log(f"migrate: {manage(env, manage_log, 'migrate', '--noinput'):.1f}s")
        manage(env, manage_log, "shell", "-c", SETUP)
        manage(env, manage_log, "collectstatic", "--noinput", "--verbosity", "0")
        log("procedure and static files ready")

        port = free_port()
        server = start_gunicorn(env, port, args.workers, server_log)
        wait_healthy(server, port, server_log)
        log(f"gunicorn up on 127.0.0.1:{port} with {args.workers} workers")
        warm = run_submissions(port, 2 * args.workers, 1)  # fill each worker's caches
        if warm["errors"]:
            raise RuntimeError(f"warm-up journey failed: {warm['errors'][0]}")

        loadavg = "/".join(f"{value:.1f}" for value in os.getloadavg())
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            sub = pool.submit(run_submissions, port, args.submissions, args.concurrency).result()
            log(f"{len(sub['codes'])} submissions in {sub['wall']:.1f}s")
            codes = [*warm["codes"], *sub["codes"]]
            look = pool.submit(run_lookups, port, codes, args.lookups, args.concurrency).result()
            log(f"{len(look['latencies'])} lookups in {look['wall']:.1f}s")
        stop_gunicorn(server)
        server = None

        in_database, attachments = database_codes(args.database_url)
        acknowledged = set(codes)
        check = {
            "acknowledged": len(acknowledged),
            "in_database": len(in_database),
            "attachments": attachments,
            "ok": acknowledged == in_database
            and len(acknowledged) == len(codes)
            and attachments == len(codes),
            "missing_in_database": sorted(acknowledged - in_database)[:10],
            "not_acknowledged": sorted(in_database - acknowledged)[:10],
        }
        result = {
            "benchmark": "submissions",
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": machine(),
            "loadavg_before": loadavg,
            "database": database,
            "database_url": args.database_url,
            "config": vars(args),
            "submissions": summary(sub["latencies"], sub["wall"]),
            "steps": {
                name: summary(values, sub["wall"]) for name, values in sub["per_step"].items()
            },
            "submission_errors": sub["errors"],
            "lookups": summary(look["latencies"], look["wall"]),
            "lookup_statuses": look["statuses"],
            "lookup_not_302": sum(n for s, n in look["statuses"].items() if s != "302"),
            "check": check,
            "seconds_total": round(time.monotonic() - started, 1),
        }
        print(render_report(result))
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"submissions-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"JSON: {out.relative_to(REPO)}   (total {result['seconds_total']}s)")
        if not check["ok"]:
            sys.exit(
                "FAILED: the applications in the database are not the ones acknowledged "
                f"(missing: {check['missing_in_database']}, "
                f"unacknowledged: {check['not_acknowledged']}, "
                f"attachments: {attachments} for {len(codes)} applications)"
            )
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
