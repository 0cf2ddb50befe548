"""Overload benchmark: the waiting room at 1×, 5× and 10× the site's capacity bound.

Builds a throw-away PostgreSQL database with the department's home page, serves it with
gunicorn under the production settings (threaded workers, persistent connections) with the
waiting room on and a capacity bound of `--bound-per-process` requests in flight per process,
and drives `bound × factor` concurrent clients for `--seconds` at each load factor. Half the
clients are browsers (text/html, cookies kept: let in, they stay in), half are scripts.
Prints, with the git revision: answers per second, p50/p95 latency of every answer and of the
pages served in full, and the share of waiting pages (people) and 429s (scripts) — and the
number of 5xx, which should be 0. Nothing here asserts a time.

    .venv/bin/python bench/overload.py [--workers 2] [--threads 4] [--bound-per-process 2]
        [--seconds 8] [--factors 1,5,10] [--database-url URL] [--redis-url URL]

See bench/README.md.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path

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
    stop_gunicorn,
    wait_healthy,
)

DEFAULT_DATABASE_URL = "postgres://portal_test:portal_test@127.0.0.1:5432/portal_bench_overload"
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
BUILD_HOME = (
    "from wagtail.models import Page, Site; from portal import factories;"
    "root = Page.get_first_root_node();"
    "[p.delete() for p in root.get_children().filter(content_type__model='page')];"
    "home = factories.HomePageFactory(parent=root);"
    "Site.objects.update_or_create(is_default_site=True, defaults={'hostname': 'localhost',"
    " 'port': 80, 'root_page': home, 'site_name': 'Sở GDĐT'})"
)


def revision():
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = "-dirty" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{git('rev-parse', '--short', 'HEAD')}{dirty}"


def start_gunicorn(env, port, workers, threads, log_path):
    command = [
        sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind",
        f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--timeout", "60", "--log-level", "warning", "--backlog", "2048",
    ]  # fmt: skip
    out = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log_file = out
    return process


class Client:
    def __init__(self, port, browser):
        self.port = port
        self.browser = browser
        self.cookies = {}

    def get(self, path="/"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "Accept": HTML if self.browser else "*/*",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            waiting = response.getheader("X-Waiting-Room") is not None
            return response.status, waiting, time.perf_counter() - started
        except OSError:
            return 0, False, time.perf_counter() - started
        finally:
            conn.close()


def run_level(port, clients, seconds):
    results, lock = [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def loop(browser):
        client = Client(port, browser)
        while time.monotonic() < stop_at:
            answer = client.get()
            with lock:
                results.append(answer)

    threads = [threading.Thread(target=loop, args=(i % 2 == 0,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return results, elapsed


def percentile(values, share):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def summarise(results, elapsed):
    latencies = [latency for _, _, latency in results]
    served = [latency for status, waiting, latency in results if status == 200 and not waiting]
    waiting = sum(1 for status, waited, _ in results if status == 200 and waited)
    limited = sum(1 for status, _, _ in results if status == 429)
    return {
        "answers": len(results),
        "per_second": len(results) / elapsed,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "served_full": len(served),
        "served_per_second": len(served) / elapsed,
        "served_p50_ms": percentile(served, 0.5) * 1000,
        "served_p95_ms": percentile(served, 0.95) * 1000,
        "waiting_share": waiting / len(results) if results else 0,
        "429_share": limited / len(results) if results else 0,
        "5xx": sum(1 for status, _, _ in results if status >= 500),
        "failed_connections": sum(1 for status, _, _ in results if status == 0),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--bound-per-process", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--factors", default="1,5,10")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default="", help="share the queue across processes")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="portal-bench-overload-"))
    env = bench_environment(args.database_url, work / "media", work / "static")
    env.update(
        DATABASE_CONN_MAX_AGE="600",
        WAITING_ROOM_ENABLED="true",
        WAITING_ROOM_MAX_IN_FLIGHT=str(args.bound_per_process),
        WAITING_ROOM_MAX_QUEUE_MS="0",
        WAITING_ROOM_REFRESH_SECONDS="3",
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
        env["CACHE_KEY_PREFIX"] = f"bench-overload-{os.getpid()}"
    database = prepare_database(args.database_url)
    manage_log = work / "manage.log"
    log("migrating a fresh database…")
    manage(env, manage_log, "migrate", "--noinput", "--verbosity", "0")
    manage(env, manage_log, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, manage_log, "shell", "-c", BUILD_HOME)

    port = free_port()
    gunicorn_log = work / "gunicorn.log"
    process = start_gunicorn(env, port, args.workers, args.threads, gunicorn_log)
    figures = {}
    try:
        wait_healthy(process, port, gunicorn_log)
        bound = args.workers * args.bound_per_process
        for factor in (int(f) for f in args.factors.split(",")):
            clients = bound * factor
            log(f"{factor}× the bound: {clients} clients for {args.seconds:.0f} s…")
            results, elapsed = run_level(port, clients, args.seconds)
            figures[f"{factor}x"] = {"clients": clients, **summarise(results, elapsed)}
            time.sleep(3)  # calm again between levels
    finally:
        stop_gunicorn(process)

    report = {
        "revision": revision(),
        "database": database,
        "redis": bool(args.redis_url),
        "workers": args.workers,
        "threads": args.threads,
        "bound": f"{args.bound_per_process} in flight per process ({bound} in all)",
        "machine": machine(),
        "levels": figures,
    }
    print(f"overload benchmark at {report['revision']} ({database}, gunicorn {args.workers}×"
          f"{args.threads} threads, bound {report['bound']}, Redis: {report['redis']})")  # fmt: skip
    header = (
        f"{'load':>5} {'clients':>7} {'ans/s':>7} {'p50':>7} {'p95':>7} {'full/s':>7} "
        f"{'full p50':>8} {'full p95':>8} {'waiting':>8} {'429':>6} {'5xx':>4}"
    )
    print(header)
    for name, row in figures.items():
        print(
            f"{name:>5} {row['clients']:>7} {row['per_second']:>7.1f} {row['p50_ms']:>5.0f}ms "
            f"{row['p95_ms']:>5.0f}ms {row['served_per_second']:>7.1f} "
            f"{row['served_p50_ms']:>6.0f}ms {row['served_p95_ms']:>6.0f}ms "
            f"{row['waiting_share']:>7.0%} {row['429_share']:>6.0%} {row['5xx']:>4}"
        )
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
