"""Page benchmark: throughput, latency, SQL queries and weight of the public pages.

Builds a throw-away benchmark database with the demo content plus N generated articles,
serves it with gunicorn under the production settings, loads four public URLs from a
separate process and prints the figures. Nothing here asserts a time: it only measures.

    .venv/bin/python bench/pages.py [--articles 500] [--requests 300] [--concurrency 8]
                                    [--workers 2] [--time-cap 60] [--database-url URL]

See bench/README.md for what each figure means.
"""

import argparse
import concurrent.futures
import gzip
import http.client
import json
import multiprocessing
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
CREDENTIALS_FILE = REPO / ".demo-credentials"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_portal"
HOST = "localhost"
# Behind the reverse proxy TLS is terminated and announced with this header; sending it
# keeps SECURE_SSL_REDIRECT from answering every request with a 301.
REQUEST_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "bench/pages.py"}
NEWS_INDEX = "/tin-tuc/"
STANDARD_PAGE = "/gioi-thieu/"
SEARCH = "/tim-kiem/?q=tuy%E1%BB%83n+sinh"
LOAD_SETTINGS = {"DJANGO_SETTINGS_MODULE": "bench.load_settings"}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------- database


def prepare_database(url):
    """Drop and recreate the benchmark database (PostgreSQL) or delete the SQLite file."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        if "bench" not in path.name:
            sys.exit(f"Refusing to delete {path}: a benchmark database name must contain 'bench'.")
        path.unlink(missing_ok=True)
        return f"SQLite {sqlite_version()}"
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit(f"Unsupported database URL scheme {parts.scheme!r} (postgres:// or sqlite://).")
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version}"


def database_version(url):
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return f"SQLite {sqlite_version()}"
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return f"PostgreSQL {conn.execute('SHOW server_version').fetchone()[0]}"


def cpu_report(env, args, measured_at):
    """--cpu-only: the in-process figures, the article found on the news index in-process."""
    queries = count_queries(env, [NEWS_INDEX])
    from django.test import Client

    html = Client(HTTP_HOST=HOST).get(NEWS_INDEX, secure=True).content
    article = urlsplit(parse(html).card_links[0]).path
    cpu_urls = {
        "home": "/",
        "news index": NEWS_INDEX,
        "article": article,
        "standard page": STANDARD_PAGE,
        "search": SEARCH,
    }
    queries.update(count_queries(env, list(cpu_urls.values())))
    cpu = cpu_per_request(list(cpu_urls.values()), args.cpu_requests)
    result = {"revision": measured_at, "cpu_urls": cpu_urls, "cpu": cpu, "queries": queries}
    print("\n".join(render_cpu(result)))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"pages-cpu-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"JSON: {out.relative_to(REPO)}")


def sqlite_version():
    import sqlite3

    return sqlite3.sqlite_version


def bench_environment(database_url, media_root, static_root):
    """The environment of every Django process of the benchmark: production settings."""
    env = dict(os.environ)
    # Local memory cache and filesystem media whatever the caller's shell says, so that
    # runs compare and image sizes can be read from MEDIA_ROOT.
    for name in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "DJANGO_CONFIGURATION"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, log_path, *args):
    """Run manage.py with the benchmark environment; its output goes to log_path."""
    started = time.monotonic()
    with open(log_path, "a", encoding="utf-8") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode != 0:
        tail = Path(log_path).read_text(encoding="utf-8").splitlines()[-30:]
        sys.exit(f"manage.py {' '.join(args)} failed:\n" + "\n".join(tail))
    return time.monotonic() - started


def load_demo(env, log_path, articles, index_while_loading):
    """Runs load_demo, then builds the search index in bulk (see bench/load_settings.py).

    load_demo writes the admin password to <repo>/.demo-credentials: the developer's own
    file is put back as it was."""
    saved = CREDENTIALS_FILE.read_bytes() if CREDENTIALS_FILE.exists() else None
    load_env = env if index_while_loading else {**env, **LOAD_SETTINGS}
    try:
        seconds = manage(load_env, log_path, "load_demo", "--articles", str(articles))
        if not index_while_loading:
            seconds += manage(env, log_path, "update_index")
        return seconds
    finally:
        if saved is None:
            CREDENTIALS_FILE.unlink(missing_ok=True)
        else:
            CREDENTIALS_FILE.write_bytes(saved)
            CREDENTIALS_FILE.chmod(0o600)


# --------------------------------------------------------------------------- gunicorn


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, log_path):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    out = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log_file = out
    return process


def stop_gunicorn(process):
    if process is None:
        return
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: the arbiter stops its workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    process.log_file.close()


def get(port, path, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={**REQUEST_HEADERS, **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_healthy(process, port, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited ({process.returncode}); see {log_path}:\n" + tail(log_path))
        try:
            status, _headers, _body = get(port, "/healthz", timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    sys.exit(f"gunicorn did not answer /healthz within {timeout}s:\n" + tail(log_path))


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(encoding="utf-8").splitlines()[-lines:])
    except OSError:
        return ""


# --------------------------------------------------------------------------- HTML parsing


class PageParser(HTMLParser):
    """Collects article links, stylesheets, scripts and images (grouped per <picture>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.card_links = []
        self.stylesheets = []
        self.scripts = []
        self.images = []  # one list of candidate URLs per displayed image
        self.cards = 0
        self._picture = None
        self._in_card_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "article" and "card" in classes:
            self.cards += 1
        elif tag in {"h2", "h3"} and "card__title" in classes:
            self._in_card_title = True
        elif tag == "a" and self._in_card_title and attrs.get("href"):
            self.card_links.append(attrs["href"])
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split():
            self.stylesheets.append(attrs.get("href"))
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "picture":
            self._picture = []
        elif tag in {"img", "source"}:
            candidates = srcset_urls(attrs.get("srcset"))
            if tag == "img" and attrs.get("src"):
                candidates.append(attrs["src"])
            if self._picture is not None:
                self._picture.extend(candidates)
            elif candidates:
                self.images.append(candidates)

    def handle_endtag(self, tag):
        if tag in {"h2", "h3"}:
            self._in_card_title = False
        elif tag == "picture" and self._picture is not None:
            if self._picture:
                self.images.append(self._picture)
            self._picture = None


def srcset_urls(srcset):
    if not srcset:
        return []
    return [item.strip().split()[0] for item in srcset.split(",") if item.strip()]


def parse(html):
    parser = PageParser()
    parser.feed(html.decode("utf-8", errors="replace"))
    parser.close()
    return parser


# --------------------------------------------------------------------------- load process


def run_load(port, paths, total, concurrency, time_cap):
    """Runs in its own process: `total` GETs per path with `concurrency` keep-alive
    threads, at most `time_cap` seconds per path. Returns figures per path."""
    return {path: load_one(port, path, total, concurrency, time_cap) for path in paths}


def load_one(port, path, total, concurrency, time_cap):
    lock = threading.Lock()
    state = {"issued": 0}
    latencies = []
    statuses = Counter()
    started = time.perf_counter()
    deadline = started + time_cap

    def worker():
        # Keep-alive when the server offers it; gunicorn's sync workers close every
        # connection, and http.client reconnects by itself.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while True:
                with lock:
                    if state["issued"] >= total or time.perf_counter() > deadline:
                        return
                    state["issued"] += 1
                t0 = time.perf_counter()
                try:
                    conn.request("GET", path, headers=REQUEST_HEADERS)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    if response.will_close:
                        conn.close()
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    status = type(error).__name__
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    statuses[status] += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    done = len(latencies)
    ms = sorted(value * 1000 for value in latencies)
    return {
        "requests": done,
        "wall_seconds": round(wall, 3),
        "time_capped": done < total,
        "requests_per_second": round(done / wall, 1) if wall else None,
        "median_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(statistics.quantiles(ms, n=20, method="inclusive")[18], 1)
        if len(ms) > 1
        else (round(ms[0], 1) if ms else None),
        "max_ms": round(ms[-1], 1) if ms else None,
        "non_200": sum(count for status, count in statuses.items() if status != 200),
        "statuses": {str(status): count for status, count in statuses.items()},
    }


# --------------------------------------------------------------------------- in-process


def cpu_per_request(paths, repeats):
    """CPU time (this process's user + system) and queries per warm request, in-process.

    Each path goes through the whole middleware stack with django.test.Client, after
    `count_queries` has warmed every cache. The bare view (bench/bare_urls.py) is the
    baseline: the ratio page/bare is what the page adds on top of Django's own stack."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.bare_urls import BARE_PATH

    client = Client(HTTP_HOST=HOST)
    headers = {"x-forwarded-proto": "https"}
    figures = {}
    for path in [BARE_PATH, *paths]:
        for _ in range(3):
            response = client.get(path, secure=True, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(path, secure=True, headers=headers)
        # Now: every request starts by emptying the query log (Django's request_started).
        query_count = len(captured.captured_queries)
        samples = []
        for _ in range(repeats):
            started = time.process_time()
            client.get(path, secure=True, headers=headers)
            samples.append((time.process_time() - started) * 1000)
        figures[path] = {
            "cpu_ms_median": round(statistics.median(samples), 2),
            "cpu_ms_mean": round(statistics.fmean(samples), 2),
            "queries": query_count,
        }
    bare = figures.pop(BARE_PATH)
    for figure in figures.values():
        figure["ratio_to_bare"] = round(figure["cpu_ms_median"] / bare["cpu_ms_median"], 1)
    loadavg = "/".join(f"{value:.1f}" for value in os.getloadavg())
    return {"bare": bare, "pages": figures, "repeats": repeats, "loadavg_after": loadavg}


def count_queries(env, paths, repeats=3):
    """SQL queries per request, measured in this process with django.test.Client.

    The first request of a fresh process fills caches (site root paths, settings);
    `cold` is that one, `warm` the last of `repeats`."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.cpu_settings"  # + the bare view
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    figures = {}
    for path in paths:
        counts, status, body = [], None, b""
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, secure=True, headers={"x-forwarded-proto": "https"})
            counts.append(len(captured.captured_queries))
            status, body = response.status_code, response.content
        figures[path] = {
            "status": status,
            "cold": counts[0],
            "warm": counts[-1],
            "listed_items": parse(body).cards,
        }
    return figures


# --------------------------------------------------------------------------- page weight


def page_weight(port, path, media_root):
    """Bytes of the page's HTML, CSS and JS (raw and gzip -6) and of its images."""
    status, _headers, html = get(port, path)
    page = parse(html)
    resources = [{"kind": "html", "url": path, "status": status, "body": html}]
    for kind, urls in (("css", page.stylesheets), ("js", page.scripts)):
        for url in urls:
            parts = urlsplit(url)
            if parts.netloc and parts.netloc not in {HOST, f"127.0.0.1:{port}"}:
                resources.append({"kind": kind, "url": url, "status": "external", "body": b""})
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            res_status, _h, body = get(port, target)
            resources.append({"kind": kind, "url": url, "status": res_status, "body": body})
    rows = [
        {
            "kind": item["kind"],
            "url": item["url"],
            "status": item["status"],
            "raw_bytes": len(item["body"]),
            "gzip_bytes": len(gzip.compress(item["body"], compresslevel=6)) if item["body"] else 0,
        }
        for item in resources
    ]
    images, missing = [], []
    for candidates in page.images:
        sizes = {}
        for url in candidates:
            size = media_size(url, media_root)
            if size is None:
                missing.append(url)
            else:
                sizes[url] = size
        if sizes:
            smallest = min(sizes, key=sizes.get)
            largest = max(sizes, key=sizes.get)
            images.append(
                {
                    "candidates": len(candidates),
                    "smallest_url": smallest,
                    "smallest_bytes": sizes[smallest],
                    "largest_bytes": sizes[largest],
                }
            )
    return {
        "url": path,
        "resources": rows,
        "total_raw_bytes": sum(row["raw_bytes"] for row in rows),
        "total_gzip_bytes": sum(row["gzip_bytes"] for row in rows),
        "images": {
            "count": len(images),
            "smallest_candidates_bytes": sum(image["smallest_bytes"] for image in images),
            "largest_candidates_bytes": sum(image["largest_bytes"] for image in images),
            "method": "per <picture>/<img>: the smallest file among all its srcset/src "
            "candidates (any format), read from MEDIA_ROOT",
            "detail": images,
            "missing": missing,
        },
    }


def media_size(url, media_root):
    """Production serves /media/ from nginx or S3, not gunicorn: read the file instead."""
    path = urlsplit(url).path
    if not path.startswith("/media/"):
        return None
    file = Path(media_root) / unquote(path.removeprefix("/media/"))
    return file.stat().st_size if file.is_file() else None


# --------------------------------------------------------------------------- report


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def revision():
    """The git revision measured, marked when the work tree differs from it."""

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


def render_cpu(result):
    cpu = result["cpu"]
    bare = cpu["bare"]
    lines = [
        "",
        f"CPU per request in-process (revision {result['revision']}; median of {cpu['repeats']} "
        "warm requests, django.test.Client through the whole middleware stack; load average "
        f"{cpu['loadavg_after']} after):",
        f"{'page':<44} {'CPU ms':>8} {'/bare':>6} {'SQL q':>6}",
        "-" * 67,
        f"{'bare Django view (baseline)':<44} {bare['cpu_ms_median']:>8} {1.0:>6} "
        f"{bare['queries']:>6}",
    ]
    for label, path in result["cpu_urls"].items():
        row = cpu["pages"][path]
        name = f"{label} {path}"
        if len(name) > 44:
            name = name[:41] + "..."
        lines.append(
            f"{name:<44} {row['cpu_ms_median']:>8} {row['ratio_to_bare']:>6} {row['queries']:>6}"
        )
    lines.append("Targets (issue 17): at most 8 ms of CPU and 12 queries per page.")
    return lines


def kib(value):
    return f"{value / 1024:,.1f} KiB"


def render_report(result):
    config, load, queries = result["config"], result["load"], result["queries"]
    lines = [
        "",
        "Page benchmark (bench/pages.py)",
        f"  machine:  {result['machine']['cpus']} CPUs, {result['machine']['cpu_model']}; "
        f"load average {result['machine']['loadavg_before_load']} before the load phase",
        f"  database: {result['database']}, {config['articles_total']} news articles "
        f"({config['articles']} generated)",
        f"  server:   gunicorn, {config['workers']} sync workers, production settings, "
        f"DATABASE_CONN_MAX_AGE={config['conn_max_age']}",
        f"  load:     {config['requests']} requests per URL, concurrency {config['concurrency']},"
        f" cap {config['time_cap']}s per URL, from a separate process",
        "",
        f"{'URL':<44} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'non-200':>8} {'SQL q':>6}",
        "-" * 88,
    ]
    for label, path in result["urls"].items():
        row, query = load[path], queries[path]
        name = f"{label} {path}"
        if len(name) > 44:
            name = name[:41] + "..."
        capped = " (time cap hit)" if row["time_capped"] else ""
        lines.append(
            f"{name:<44} {row['requests_per_second']:>7} {row['median_ms']:>10} "
            f"{row['p95_ms']:>8} {row['non_200']:>8} {query['warm']:>6}{capped}"
        )
    lines += render_cpu(result)
    lines += [
        "",
        "SQL q: queries per request in-process (django.test.Client, warm caches; "
        "first request of the process in the JSON as 'cold').",
        "",
        "Query count against items listed (looking for N+1):",
        f"{'URL':<52} {'items':>6} {'SQL q':>6}",
        "-" * 66,
    ]
    for group in result["listing_check"]:
        for path, query in group["pages"].items():
            lines.append(f"{path:<52} {query['listed_items']:>6} {query['warm']:>6}")
        lines.append(f"  -> {group['name']}: {group['verdict']}")

    weight = result["weight"]
    lines += [
        "",
        f"Article page weight: {weight['url']}",
        f"{'resource':<66} {'raw':>10} {'gzip -6':>10}",
        "-" * 88,
    ]
    for row in weight["resources"]:
        name = f"{row['kind']:<4} {row['url']}"
        if len(name) > 66:
            name = name[:63] + "..."
        status = "" if row["status"] == 200 else f"  [{row['status']}]"
        lines.append(f"{name:<66} {kib(row['raw_bytes']):>10} {kib(row['gzip_bytes']):>10}{status}")
    lines.append(
        f"{'total HTML + CSS + JS':<66} {kib(weight['total_raw_bytes']):>10} "
        f"{kib(weight['total_gzip_bytes']):>10}"
    )
    images = weight["images"]
    lines += [
        f"images: {images['count']} images, {kib(images['smallest_candidates_bytes'])} "
        f"(smallest srcset candidate of each), {kib(images['largest_candidates_bytes'])} "
        "(largest candidate of each); read from MEDIA_ROOT",
    ]
    if images["missing"]:
        lines.append(f"  {len(images['missing'])} image URLs not found under MEDIA_ROOT")
    lines += ["", f"Bench database left in place: {result['database_url']}"]
    return "\n".join(lines)


def listing_verdict(pages):
    """Compares the queries of one view listing different numbers of items."""
    by_items = {}
    for query in pages.values():
        by_items[query["listed_items"]] = max(by_items.get(query["listed_items"], 0), query["warm"])
    if len(by_items) < 2:
        return "not enough different item counts to tell"
    lo, hi = min(by_items), max(by_items)
    if by_items[hi] > by_items[lo]:
        per_item = (by_items[hi] - by_items[lo]) / (hi - lo)
        return (
            f"GROWS with items listed (~{per_item:.1f} queries per item: "
            f"{by_items[lo]} at {lo} items, {by_items[hi]} at {hi} items)"
        )
    return f"constant ({by_items[lo]} queries at {lo} items, {by_items[hi]} at {hi} items)"


# --------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="generated articles (500)")
    parser.add_argument("--requests", type=int, default=300, help="requests per URL (300)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (8)")
    parser.add_argument(
        "--workers", type=int, default=2, choices=range(2, 5), help="gunicorn workers (2-4)"
    )
    parser.add_argument(
        "--time-cap", type=float, default=60, help="seconds at most per URL under load (60)"
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="dropped and recreated; its name must contain 'bench' "
        "(or sqlite:////tmp/bench.sqlite3)",
    )
    parser.add_argument(
        "--cpu-requests", type=int, default=200, help="in-process requests per page for CPU (200)"
    )
    parser.add_argument(
        "--cpu-only",
        action="store_true",
        help="only the in-process CPU and query figures (no gunicorn, no load, no weight)",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the bench database of an earlier run (its data), instead of rebuilding it",
    )
    parser.add_argument(
        "--index-while-loading",
        action="store_true",
        help="load with search auto-update on, as production settings do "
        "(slower: see bench/load_settings.py)",
    )
    args = parser.parse_args()
    if args.requests < 1 or args.concurrency < 1 or args.articles < 0:
        parser.error("--requests and --concurrency must be positive, --articles not negative")

    started = time.monotonic()
    measured_at = revision()
    log(f"revision {measured_at}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    media_root, static_root = tmp / "media", tmp / "static"
    manage_log, server_log = tmp / "manage.log", tmp / "gunicorn.log"
    env = bench_environment(args.database_url, media_root, static_root)
    server = None
    keep_tmp = False
    timings = {}
    # A SIGTERM (e.g. from `timeout`) unwinds like Ctrl-C: subprocesses stopped, logs kept.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    try:
        if args.reuse_database:
            log(f"Reusing the bench database {args.database_url}")
        else:
            log(f"Recreating the bench database {args.database_url}")
            prepare_database(args.database_url)
        timings["migrate"] = manage(env, manage_log, "migrate", "--noinput")
        log(f"migrate: {timings['migrate']:.1f}s")
        if not args.reuse_database:
            timings["load_demo"] = load_demo(
                env, manage_log, args.articles, args.index_while_loading
            )
            how = "indexing on every save" if args.index_while_loading else "then update_index"
            log(f"load_demo --articles {args.articles} ({how}): {timings['load_demo']:.1f}s")
        timings["collectstatic"] = manage(
            env, manage_log, "collectstatic", "--noinput", "--verbosity", "0"
        )
        log(f"collectstatic: {timings['collectstatic']:.1f}s")
        database = database_version(args.database_url)
        if args.cpu_only:
            cpu_report(env, args, measured_at)
            return

        port = free_port()
        server = start_gunicorn(env, port, args.workers, server_log)
        wait_healthy(server, port, server_log)
        log(f"gunicorn up on 127.0.0.1:{port} with {args.workers} workers")

        status, _headers, index_html = get(port, NEWS_INDEX)
        if status != 200:
            raise RuntimeError(f"{NEWS_INDEX} answered {status}")
        index_page = parse(index_html)
        if not index_page.card_links:
            raise RuntimeError(f"no article link found on {NEWS_INDEX}")
        article = urlsplit(index_page.card_links[0]).path
        content = demo_content()
        articles_total = args.articles + len(content.ARTICLES)
        last_page = -(-articles_total // 10)  # NEWS_PER_PAGE
        list_page = min(5, last_page)  # page 5 unless a small --articles has fewer pages
        urls = {
            "home": "/",
            "news index": NEWS_INDEX,
            f"news p.{list_page}": f"{NEWS_INDEX}?page={list_page}",
            "article": article,
            "standard page": STANDARD_PAGE,
            "search": SEARCH,
        }

        # Warm-up: renditions are generated on first render; every worker fills its caches.
        for path in urls.values():
            for _ in range(2 * args.workers + 2):
                status, _headers, _body = get(port, path, timeout=60)
                if status != 200:
                    raise RuntimeError(f"warm-up: {path} answered {status}")
        log("warm-up done")

        loadavg = "/".join(f"{value:.1f}" for value in os.getloadavg())
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            future = pool.submit(
                run_load,
                port,
                list(urls.values()),
                args.requests,
                args.concurrency,
                args.time_cap,
            )
            load = future.result(timeout=len(urls) * (args.time_cap + 60))
        log("load done")

        weight = page_weight(port, article, media_root)
        stop_gunicorn(server)

        # The last page and the small categories list fewer items than a full page.
        index_pages = [NEWS_INDEX, f"{NEWS_INDEX}?page={list_page}"]
        index_pages.append(f"{NEWS_INDEX}?page={last_page}")
        category_pages = [f"{NEWS_INDEX}chuyen-muc/{slug}/" for _name, slug in content.CATEGORIES]
        paths = dict.fromkeys([*urls.values(), *index_pages, *category_pages])
        queries = count_queries(env, list(paths))
        cpu_urls = {
            "home": "/",
            "news index": NEWS_INDEX,
            "article": article,
            "standard page": STANDARD_PAGE,
            "search": SEARCH,
        }
        cpu = cpu_per_request(list(cpu_urls.values()), args.cpu_requests)
        listing = []
        for name, group in (("news index", index_pages), ("category pages", category_pages)):
            pages = {path: queries[path] for path in dict.fromkeys(group)}
            listing.append({"name": name, "pages": pages, "verdict": listing_verdict(pages)})

        result = {
            "benchmark": "pages",
            "revision": measured_at,
            "cpu_urls": cpu_urls,
            "cpu": cpu,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {**machine(), "loadavg_before_load": loadavg},
            "database": database,
            "database_url": args.database_url,
            "config": {
                "articles": args.articles,
                "articles_total": articles_total,
                "requests": args.requests,
                "concurrency": args.concurrency,
                "workers": args.workers,
                "time_cap": args.time_cap,
                "settings": "portal.settings.production",
                "conn_max_age": env.get("DATABASE_CONN_MAX_AGE", "0 (default)"),
                "search_index": "auto-update while loading"
                if args.index_while_loading
                else "built by update_index after loading",
            },
            "setup_seconds": {name: round(value, 1) for name, value in timings.items()},
            "urls": urls,
            "load": load,
            "queries": queries,
            "listing_check": listing,
            "weight": weight,
            "seconds_total": round(time.monotonic() - started, 1),
        }
        print(render_report(result))
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"JSON: {out.relative_to(REPO)}   (total {result['seconds_total']}s)")
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


def demo_content():
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from portal.demo import content

    return content


if __name__ == "__main__":
    main()
