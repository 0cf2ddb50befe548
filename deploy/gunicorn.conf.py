"""Gunicorn configuration for the portal in production.

Used by deploy/systemd/portal.service and deploy/Dockerfile:

    gunicorn --config deploy/gunicorn.conf.py portal.wsgi

Every value can be changed through an environment variable (see deploy/portal.env.example).
"""

import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {value!r}.") from None


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))  # honours CPU pinning (containers, taskset)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers(cpus):
    """2 × CPUs + 1 (Gunicorn's rule of thumb), between 2 and 12.

    A Wagtail worker holds roughly 150–250 MB once warm, so the upper bound keeps a
    large host from running out of memory; raise GUNICORN_WORKERS deliberately.
    """
    return max(2, min(2 * cpus + 1, 12))


wsgi_app = "portal.wsgi:application"

# Where nginx reaches us: a TCP address ("127.0.0.1:8000", "10.0.0.5:8000") or a Unix
# socket ("unix:/run/portal/gunicorn.sock"). Never bind a public interface: the
# X-Forwarded-Proto header is trusted, so only the reverse proxy may talk to Gunicorn.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

workers = _int("GUNICORN_WORKERS", default_workers(_cpu_count()))
# More than one thread switches Gunicorn to the gthread worker (useful when requests
# wait on the database or S3 more than they compute).
threads = _int("GUNICORN_THREADS", 1)

# A request that takes longer than this is killed and logged (the worker restarts).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle each worker after this many requests (± jitter, so they do not all restart
# together): bounds the growth of any slow memory leak.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Uploads (images, documents, application attachments) are buffered by nginx first;
# these limits match nginx's defaults for the request line and headers.
limit_request_line = 8190
limit_request_fields = 100

# Heartbeat files in memory, not on a possibly slow disk (Docker's overlay, NFS). Gunicorn
# creates them with mkstemp, which is safe in a shared sticky directory.
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Only the reverse proxy's address may set X-Forwarded-* headers (Gunicorn's own check;
# Django additionally relies on SECURE_PROXY_SSL_HEADER). Comma-separated IPs/networks.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

proc_name = "portal"

# Gunicorn's control socket (for `gunicornc`) lives in systemd's RuntimeDirectory=portal;
# without one (containers, a shell) it is switched off rather than created in $HOME.
_runtime_dir = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]
if _runtime_dir:
    control_socket = os.path.join(_runtime_dir, "gunicorn.ctl")
else:
    control_socket_disable = True

# Logs go to stdout/stderr, i.e. the systemd journal or `docker compose logs`.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The access log records the path only. Never the query string (%(q)s), the request line
# (%(r)s, which contains it), the Referer (%(f)s, the previous page's full URL) or any
# request body: look-up forms carry receipt codes, ID numbers, dates of birth and phone
# numbers in GET parameters. The client's address is logged by nginx, not here.
#   time  method  path  status  bytes  duration-ms  worker-pid
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms %(p)s'
