"""Real servers a resilience test starts, stops and restarts itself: loopback, free ports.

`RedisServer` runs Debian's redis-server (scripts/test-servers.sh installs it) in a folder of
the test's own; `PostgresServer` a throw-away PostgreSQL 15 cluster made with initdb and driven
with pg_ctl (as the `postgres` user when the tests run as root, which initdb refuses to be);
`AppServer` gunicorn serving the portal with the environment it is given. Each waits until its
server answers, with a bound, and is stopped by the fixture that made it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class RedisServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is missing: run scripts/test-servers.sh"
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: port_answers(self.port), timeout=10, what="redis-server answering")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def pause(self) -> None:
        """SIGSTOP: connections are accepted by the kernel but nothing answers (lost packets)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
        self.kill()


class PostgresServer:
    """A PostgreSQL cluster of its own; durability off, loopback only, trust for local users."""

    def __init__(self) -> None:
        # initdb runs as `postgres` under root, and that user cannot enter pytest's tmp_path
        # (0700, root's): the cluster lives in a folder of its own under the temporary root.
        self.folder = Path(tempfile.mkdtemp(prefix="portal-test-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.run_as:
            shutil.chown(self.folder, "postgres")

    @property
    def user(self) -> str:
        return "postgres" if self.run_as else os.environ.get("USER", "postgres")

    def url(self, name: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.run_as, *command],
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def init(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off "
            f"-c unix_socket_directories={self.folder}"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def psql(self, database: str, sql: str = "", *, input_text: str | None = None) -> None:
        args = [
            str(PG_BIN / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            self.user,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
        ]
        if sql:
            args += ["-c", sql]
        subprocess.run(
            [*self.run_as, *args],
            input=input_text,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_database(source_url: str, target: PostgresServer, name: str) -> None:
    """The schema and rows of `source_url` (the test database) into `name` on `target`."""
    from urllib.parse import urlsplit

    parts = urlsplit(source_url)
    environment = {**os.environ, "PGPASSWORD": parts.password or ""}
    dump = subprocess.run(
        [
            str(PG_BIN / "pg_dump"),
            "--no-owner",
            "--no-privileges",
            "-h",
            parts.hostname,
            "-p",
            str(parts.port or 5432),
            "-U",
            parts.username,
            parts.path.lstrip("/"),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    ).stdout
    target.psql("postgres", f'CREATE DATABASE "{name}"')
    target.psql(name, input_text=dump)


class AppServer:
    """gunicorn serving the portal (gthread workers, so a process has requests in flight)."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, threads: int = 4) -> None:
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.log_path = Path(tempfile.mkstemp(prefix="portal-test-gunicorn-", suffix=".log")[1])
        self.log = self.log_path.open("w")

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(
            lambda: port_answers(self.port) or self.process.poll() is not None,
            timeout=30,
            what="gunicorn listening",
        )
        assert self.process.poll() is None, self.output()

    def output(self) -> str:
        """The log's tail, for an assertion's message."""
        return self.full_output()[-5000:]

    def full_output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()

    def remove_log(self) -> None:
        self.log_path.unlink(missing_ok=True)


def portal_environment(cluster: PostgresServer, folder: Path, **extra: str) -> dict[str, str]:
    """gunicorn's environment: the test settings on a copy of the test database in `cluster`.

    The copy is a pg_dump of the PostgreSQL test database, with what the test committed.
    """
    from django.db import connection

    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": cluster.url("portal_copy"),
        "DATABASE_CONN_MAX_AGE": "600",
        "MEDIA_ROOT": str(folder / "media"),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    if connection.vendor != "postgresql":
        import pytest

        pytest.fail(
            "These tests copy the PostgreSQL test database (with what the test committed) to a "
            "server they stop and start: run them with DATABASE_URL=postgres://..., as CI does."
        )
    source = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    copy_database(source, cluster, "portal_copy")
    return env
