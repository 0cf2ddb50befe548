"""Provisioning benchmark: import N schools from CSV into a fresh database.

Recreates the database (its name must contain "bench"), runs `migrate` and
`load_reference_data`, builds a department home with a school directory, generates a CSV of
N schools with realistic names spread over the administrative units, and imports it in this
process with the same function the `import_schools` command uses. Prints the total time, the
time per school (overall and per slice of the file, to show whether it grows), the SQL
queries per school and the peak memory; then re-imports the same file (every row
"unchanged") to time an idempotent re-run. Nothing here asserts anything.

    .venv/bin/python bench/provision.py [--schools 900] [--tracemalloc]
                                        [--database-url postgres://postgres@127.0.0.1:5432/bench_provision]

See bench/README.md for the figures of a run.
"""

import argparse
import json
import os
import platform
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_provision"
SLICES = 9  # the file is reported in this many equal slices

PREFIXES = [
    ("Trường Mầm non", "C0", 0.30),
    ("Trường Tiểu học", "C1", 0.33),
    ("Trường THCS", "C2", 0.22),
    ("Trường TH và THCS", "C1;C2", 0.05),
    ("Trường THPT", "C3", 0.08),
    ("Trung tâm GDNN-GDTX", "GDTX", 0.02),
]
PRESCHOOL_NAMES = [
    "Hoa Sen",
    "Hoa Hồng",
    "Họa Mi",
    "Sơn Ca",
    "Vành Khuyên",
    "Tuổi Thơ",
    "Bình Minh",
    "Hướng Dương",
    "Sao Mai",
    "Hoa Mai",
    "Ánh Dương",
    "Măng Non",
    "Thỏ Ngọc",
    "Hoa Phượng",
]
PEOPLE = [
    "Lê Lợi",
    "Nguyễn Trãi",
    "Trần Hưng Đạo",
    "Quang Trung",
    "Lý Thường Kiệt",
    "Võ Thị Sáu",
    "Kim Đồng",
    "Nguyễn Du",
    "Chu Văn An",
    "Lê Quý Đôn",
    "Phan Bội Châu",
    "Huỳnh Thúc Kháng",
    "Trần Quốc Toản",
    "Nguyễn Nghiêm",
    "Lê Trung Đình",
    "Phạm Văn Đồng",
    "Trương Định",
    "Nguyễn Văn Trỗi",
    "Bùi Thị Xuân",
    "Lê Văn Tám",
    "Võ Nguyên Giáp",
    "Trần Phú",
    "Nguyễn Công Phương",
    "Lê Khiết",
    "Tôn Đức Thắng",
    "Nguyễn Thị Minh Khai",
    "Hai Bà Trưng",
    "Ngô Quyền",
    "Lý Tự Trọng",
    "Phan Đình Phùng",
    "Trần Cao Vân",
    "Nguyễn Chánh",
]
STREETS = [
    "Hùng Vương",
    "Quang Trung",
    "Lê Lợi",
    "Phan Đình Phùng",
    "Nguyễn Nghiêm",
    "Trần Hưng Đạo",
]
HEADER = "code,name,slug,levels,type,unit,address,phone,email,principal,latitude,longitude"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đinh", "Trương"]
GIVEN = ["Văn An", "Thị Lan", "Minh Tuấn", "Thị Hồng", "Quốc Việt", "Thị Mai", "Công Hiếu"]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def prepare_database(url):
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if parts.scheme not in {"postgres", "postgresql"} or "bench" not in name:
        sys.exit(f"Refusing {url}: a PostgreSQL database whose name contains 'bench' is needed.")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return conn.execute("SHOW server_version").fetchone()[0]


def environment(database_url, media_root):
    env = dict(os.environ)
    for name in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(media_root / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return time.monotonic() - started


def generate_csv(count, units, seed=20261130):
    """``count`` schools with realistic, unique names, spread over ``units`` (codes, names)."""
    import csv
    import io

    from portal.text import slugify_vi

    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    used = set()
    weights = [weight for _, _, weight in PREFIXES]
    for number in range(1, count + 1):
        unit_code, unit_name = units[(number - 1) % len(units)]
        prefix, levels, _ = rng.choices(PREFIXES, weights)[0]
        pool = PRESCHOOL_NAMES if levels == "C0" else PEOPLE
        name = f"{prefix} {rng.choice(pool)}"
        for candidate in (
            name,
            f"{name} {unit_name}",
            *(f"{prefix} số {n} {unit_name}" for n in range(1, count + 1)),
        ):
            if slugify_vi(candidate) not in used:
                name = candidate
                break
        used.add(slugify_vi(name))
        code = f"51{number:06d}"
        writer.writerow(
            [
                code,
                name,
                "",
                levels,
                "tu-thuc" if rng.random() < 0.06 else "cong-lap",
                unit_code,
                f"{rng.randint(1, 300)} {rng.choice(STREETS)}, {unit_name}",
                f"0255 3{rng.randint(100, 999)} {rng.randint(100, 999)}",
                f"{code}@quangngai.edu.vn",
                f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                f"{rng.uniform(14.3, 15.4):.6f}",
                f"{rng.uniform(108.0, 109.1):.6f}",
            ]
        )
    return out.getvalue()


def build_department():
    """A department home (the default Site) with the school directory, as the demo has."""
    from wagtail.models import Page, Site

    from portal import factories
    from sites.factories import SchoolIndexPageFactory

    root = Page.get_first_root_node()
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    home = factories.HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Sở GDĐT"},
    )
    SchoolIndexPageFactory(parent=home)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def maxrss_mib():
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(text, use_tracemalloc, label):
    from django.db import connection

    from sites.importing import read_schools_csv, schools_import

    marks = []
    started = time.monotonic()

    def progress(done, total):
        if done % max(1, total // SLICES) == 0 or done == total:
            marks.append((done, time.monotonic() - started))
            log(f"  {label}: {done}/{total} rows, {marks[-1][1]:.1f} s")

    counter = QueryCounter()
    if use_tracemalloc:
        tracemalloc.start()
    with connection.execute_wrapper(counter):
        report = schools_import(rows=read_schools_csv(data=text.encode()), progress=progress)
    elapsed = time.monotonic() - started
    peak = None
    if use_tracemalloc:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return report, elapsed, marks, counter.count, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=900)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="Also trace Python allocations (peak); slows the import down noticeably.",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-provision-") as tmp:
        env = environment(args.database_url, Path(tmp))
        log(f"Recreating {args.database_url}")
        server = prepare_database(args.database_url)
        migrate_s = manage(env, "migrate", "--noinput")
        manage(env, "load_reference_data")
        log(f"migrate + load_reference_data: {migrate_s:.1f} s")

        os.environ.update(env)
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from sites.models import AdministrativeUnit, School

        build_department()
        units = list(
            AdministrativeUnit.objects.filter(parent__isnull=False)
            .order_by("code")
            .values_list("code", "name")
        )
        text = generate_csv(args.schools, units)
        csv_path = Path(tmp) / "schools.csv"
        csv_path.write_text(text, encoding="utf-8")
        rss_before = maxrss_mib()
        log(f"Importing {args.schools} schools over {len(units)} units")
        report, elapsed, marks, queries, peak = timed_import(text, args.tracemalloc, "import")
        rss_after = maxrss_mib()
        if not report.ok:
            for row in report.failures[:10]:
                log(f"  line {row.line}: {row.errors}")
            sys.exit(f"{report.failed} rows failed")
        log("Re-importing the same file (idempotent run)")
        again, again_s, _, again_queries, _ = timed_import(text, False, "re-run")
        schools = School.objects.count()

    slices = []
    previous_done, previous_t = 0, 0.0
    for done, at in marks:
        if done > previous_done:
            slices.append((previous_done + 1, done, (at - previous_t) / (done - previous_done)))
        previous_done, previous_t = done, at
    result = {
        "schools": args.schools,
        "database": f"PostgreSQL {server}",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "total_s": round(elapsed, 2),
        "per_school_ms": round(elapsed / args.schools * 1000, 1),
        "queries_per_school": round(queries / args.schools, 1),
        "slices_ms_per_school": [(a, b, round(ms * 1000, 1)) for a, b, ms in slices],
        "maxrss_before_mib": round(rss_before, 1),
        "maxrss_after_mib": round(rss_after, 1),
        "tracemalloc_peak_mib": round(peak, 1) if peak is not None else None,
        "rerun_s": round(again_s, 2),
        "rerun_unchanged": again.unchanged,
        "rerun_queries_per_row": round(again_queries / args.schools, 1),
        "schools_in_database": schools,
    }
    print()
    print("Provisioning benchmark (bench/provision.py)")
    print(f"  machine:  {os.cpu_count()} CPUs, Python {result['python']}")
    print(f"  database: {result['database']}, {args.database_url}")
    print(f"  import:   {args.schools} schools from CSV, one transaction per row")
    print()
    print(f"total time               {elapsed:8.1f} s")
    print(f"per school               {result['per_school_ms']:8.1f} ms")
    print(f"SQL queries per school   {result['queries_per_school']:8.1f}")
    print(
        f"peak RSS (ru_maxrss)     {rss_after:8.1f} MiB  (before the import: {rss_before:.1f} MiB)"
    )
    if peak is not None:
        print(f"tracemalloc peak         {peak:8.1f} MiB  (Python allocations during the import)")
    print(
        f"re-run (all unchanged)   {again_s:8.1f} s  ({again.unchanged} unchanged, "
        f"{result['rerun_queries_per_row']} queries per row)"
    )
    print()
    print("rows              ms per school")
    for first, last, ms in slices:
        print(f"{first:5d}–{last:<5d}       {ms * 1000:8.1f}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"provision-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nJSON: {out.relative_to(REPO)}; database left in place: {args.database_url}")


if __name__ == "__main__":
    main()
