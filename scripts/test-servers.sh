#!/usr/bin/env bash
# What `make test` needs on the machine, installed and started only when missing.
#
#   Debian packages  chromium (browser tests), gettext (catalogue checks), nginx-light (`nginx -t`
#                    on the deploy configuration), clamav-daemon (real clamd for the upload scan),
#                    postgresql (15) and redis-server, npm and a Java runtime (the validators
#                    the browser tests run: axe-core and the Nu HTML Checker, from npm)
#   PostgreSQL       on 127.0.0.1:5432 only, with the test role TEST_PG_USER (password login over
#                    loopback; Debian's default pg_hba.conf allows nothing wider), started with
#                    durability off (fsync, synchronous_commit) since test data is thrown away
#   Redis            on 127.0.0.1:6379 only, without persistence (no RDB, no AOF)
#   OpenSearch       openjdk-17-jre-headless and unzip from Debian, then OpenSearch's test
#                    distribution from Maven Central into a cache outside the repository
#                    (scripts/opensearch.sh); the tests start their own nodes of it
#
# Idempotent: a second run installs and starts nothing, and a server that already answers on
# its port is left alone. Without root or a password-less sudo it prints exactly what to run and
# exits 1. Every action it takes is printed; a run with nothing to do prints one line.
set -euo pipefail

PG_PORT=5432
REDIS_PORT=6379
TEST_PG_USER=${TEST_PG_USER:-portal_test}
TEST_PG_PASSWORD=${TEST_PG_PASSWORD:-portal_test}
SERVER_OPTIONS="-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"

did=0
say() { printf 'test-servers: %s\n' "$*"; did=1; }
fail() { printf 'test-servers: %s\n' "$*" >&2; exit 1; }

# How to act as root: directly, through a password-less sudo, or not at all.
if [ "$(id -u)" = 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    as_root=(none)
fi
need_root() {  # need_root WHAT COMMAND...: run COMMAND as root, or explain and stop
    local what=$1
    shift
    if [ "${as_root[0]:-}" = none ]; then
        fail "$what needs root. Run this once, then 'make test' again:
    sudo $*"
    fi
    "${as_root[@]}" "$@"
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# --- Debian packages ------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/sbin/clamd ] || missing+=(clamav-daemon)
{ [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/postgres" ] && command -v pg_ctlcluster >/dev/null; } ||
    missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# OpenSearch (the search-cluster tests) and the Nu HTML Checker run on Java 17; npm installs
# the browser tests' validators (axe-core, vnu-jar: the Makefile's node_modules step).
command -v java >/dev/null 2>&1 || [ -n "${OPENSEARCH_JAVA_HOME:-}" ] || missing+=(openjdk-17-jre-headless)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    if [ "${as_root[0]:-}" = none ]; then
        fail "installing packages needs root. Run this once, then 'make test' again:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    fi
    "${as_root[@]}" apt-get update -qq
    # Installing a server must not start Debian's own instance of it (with its persistence and
    # its listening addresses): the servers are started below, the way the tests need them.
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- PostgreSQL -----------------------------------------------------------------------------
pg_answers() { pg_isready -h 127.0.0.1 -p "$PG_PORT" -q; }

if ! pg_answers; then
    version=$(basename "$(dirname "$(pg_bindir)")")
    cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v p="$PG_PORT" '$3 == p {print $1 " " $2; exit}')
    if [ -z "$cluster" ]; then
        say "creating PostgreSQL $version cluster 'main' on port $PG_PORT"
        need_root "creating a PostgreSQL cluster" pg_createcluster --port "$PG_PORT" \
            --start-conf=manual "$version" main -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
        cluster="$version main"
    fi
    say "starting PostgreSQL $cluster on 127.0.0.1:$PG_PORT"
    # shellcheck disable=SC2086  # the cluster is "VERSION NAME", two words
    need_root "starting PostgreSQL" pg_ctlcluster --skip-systemctl-redirect $cluster start \
        -- -o "$SERVER_OPTIONS" -w -t 60
    for _ in $(seq 60); do pg_answers && break; sleep 0.5; done
    pg_answers || fail "PostgreSQL did not start: see /var/log/postgresql/"
fi

# The test role: a password login for the suite (it creates one test database per worker).
if ! PGPASSWORD=$TEST_PG_PASSWORD PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$PG_PORT" \
    -U "$TEST_PG_USER" -d postgres --no-psqlrc -Atqc 'SELECT 1' >/dev/null 2>&1; then
    say "creating the PostgreSQL role $TEST_PG_USER (CREATEDB, password login over loopback)"
    sql="DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_PG_USER') THEN
            CREATE ROLE \"$TEST_PG_USER\" LOGIN CREATEDB;
        END IF;
        ALTER ROLE \"$TEST_PG_USER\" LOGIN CREATEDB PASSWORD '$TEST_PG_PASSWORD';
    END \$\$;"
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- psql -p "$PG_PORT" --no-psqlrc -q -v ON_ERROR_STOP=1 -c "$sql"
    else
        need_root "creating a PostgreSQL role" -u postgres psql -p "$PG_PORT" --no-psqlrc -q \
            -v ON_ERROR_STOP=1 -c "$sql"
    fi
    PGPASSWORD=$TEST_PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$TEST_PG_USER" -d postgres \
        --no-psqlrc -Atqc 'SELECT 1' >/dev/null ||
        fail "the role $TEST_PG_USER cannot log in over 127.0.0.1: check pg_hba.conf allows
    host all all 127.0.0.1/32 scram-sha-256"
fi

# --- Redis ----------------------------------------------------------------------------------
redis_answers() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

if ! redis_answers; then
    say "starting Redis on 127.0.0.1:$REDIS_PORT without persistence"
    run_as=()
    if [ "$(id -u)" = 0 ] && id redis >/dev/null 2>&1; then run_as=(runuser -u redis --); fi
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/portal-redis.XXXXXX")
    [ ${#run_as[@]} -eq 0 ] || chown redis "$workdir"
    "${run_as[@]}" redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
        --save "" --appendonly no --dir "$workdir" --logfile "$workdir/redis.log"
    for _ in $(seq 50); do redis_answers && break; sleep 0.1; done
    redis_answers || fail "Redis did not start: see $workdir/redis.log"
fi

# --- OpenSearch (fetched once; the tests start and stop their nodes) -------------------------
if [ -z "${OPENSEARCH_TEST_URL:-}" ]; then
    opensearch_home=$(bash "$(dirname "$0")/opensearch.sh") ||
        fail "OpenSearch could not be prepared (see above); the search tests need it."
    [ -x "$opensearch_home/bin/opensearch" ] || fail "no OpenSearch in $opensearch_home"
fi

[ "$did" = 1 ] || echo "test-servers: packages installed, PostgreSQL and Redis running, OpenSearch fetched (nothing to do)"
