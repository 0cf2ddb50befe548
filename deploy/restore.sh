#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a database and a media folder.
#
#   DATABASE_URL=postgres://portal@127.0.0.1/portal_drill MEDIA_ROOT=/srv/drill/media \
#       deploy/restore.sh /var/backups/portal/portal-20250101T010000Z
#
# Configuration (environment; variables not set are read from PORTAL_ENV_FILE, default
# /etc/portal/portal.env, "" for none):
#   DATABASE_URL    the database to restore into; it must exist (createdb) and, unless
#                   RESTORE_FORCE=1, be empty
#   MEDIA_ROOT      the folder to restore the media into; unless RESTORE_FORCE=1 it must be
#                   missing or empty
#   RESTORE_FORCE   1 to replace a non-empty database and media folder. The database's
#                   "public" schema is dropped and rebuilt from the backup in the same
#                   transaction (all or nothing); the previous media folder is kept beside
#                   the new one as <MEDIA_ROOT>.before-restore-<timestamp>.
#
# Order: verify checksums; check both targets (nothing is changed if either is refused);
# unpack the media beside MEDIA_ROOT; restore the database in one transaction; swap the media
# folder into place. Afterwards run deploy/release.sh if the code is newer than the backup.
set -euo pipefail
umask 022

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 ]] || die "usage: restore.sh BACKUP_DIRECTORY (made by backup.sh)"
backup=$(cd "$1" 2>/dev/null && pwd) || die "$1 is not a directory"

load_env_file
DATABASE_URL=${DATABASE_URL:-}
RESTORE_FORCE=${RESTORE_FORCE:-0}
[[ -n $DATABASE_URL ]] || die "DATABASE_URL is not set"
[[ $DATABASE_URL =~ ^postgres(ql)?:// ]] ||
    die "DATABASE_URL must be a PostgreSQL URL (postgres://...), got $(redact "$DATABASE_URL")"
for tool in psql pg_restore tar sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install postgresql-client tar coreutils)"
done

# 1. The backup is complete and unchanged.
[[ -f $backup/SHA256SUMS && -f $backup/database.dump ]] || die "$backup is not a backup made by backup.sh"
(cd "$backup" && sha256sum --check --quiet --strict SHA256SUMS) || die "checksums of $backup do not match"
has_media=no
[[ -f $backup/media.tar ]] && has_media=yes

# 2. The targets: refuse to overwrite anything unless told to.
tables=$(psql "$DATABASE_URL" --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 \
    --command="SELECT count(*) FROM pg_catalog.pg_tables
               WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") ||
    die "cannot connect to $(redact "$DATABASE_URL") (does the database exist? createdb it first)"
if ((tables > 0)) && [[ $RESTORE_FORCE != 1 ]]; then
    die "$(redact "$DATABASE_URL") already holds $tables tables; restore into an empty database or set RESTORE_FORCE=1"
fi
if [[ $has_media == yes ]]; then
    [[ -n ${MEDIA_ROOT:-} ]] || die "MEDIA_ROOT is not set"
    MEDIA_ROOT=${MEDIA_ROOT%/}
    if [[ -e $MEDIA_ROOT ]]; then
        [[ -d $MEDIA_ROOT ]] || die "MEDIA_ROOT=$MEDIA_ROOT is not a directory"
        if [[ -n $(ls -A "$MEDIA_ROOT") && $RESTORE_FORCE != 1 ]]; then
            die "MEDIA_ROOT=$MEDIA_ROOT is not empty; restore into an empty folder or set RESTORE_FORCE=1"
        fi
    fi
else
    echo "restore.sh: the backup holds no media (they were in S3); only the database is restored" >&2
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
staging=""
cleanup() { [[ -z $staging ]] || rm -rf "$staging"; }
trap cleanup EXIT

# 3. Unpack the media next to their destination (same file system: the swap is a rename).
if [[ $has_media == yes ]]; then
    mkdir -p "$(dirname "$MEDIA_ROOT")"
    staging="$MEDIA_ROOT.restoring-$stamp"
    mkdir "$staging"
    tar --extract --file="$backup/media.tar" --directory="$staging" --no-same-owner
fi

# 4. The database, in one transaction: it is either fully restored or left as it was.
#    COMMIT is sent only after pg_restore has written the whole script; if pg_restore or any
#    statement fails, psql's connection closes inside the transaction and nothing is kept.
restore_sql() {
    echo "BEGIN;"
    echo "SET LOCAL client_min_messages = warning;"
    if ((tables > 0)); then
        echo "DROP SCHEMA public CASCADE;"
        echo "CREATE SCHEMA public;"
    fi
    pg_restore --no-owner --no-privileges --file=- "$backup/database.dump" || exit 1
    echo "COMMIT;"
}
echo "Restoring the database into $(redact "$DATABASE_URL")" >&2
restore_sql | psql "$DATABASE_URL" --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --output=/dev/null ||
    die "database restore failed; the database was left unchanged"

# 5. Swap the media folder into place.
if [[ $has_media == yes ]]; then
    if [[ -e $MEDIA_ROOT ]]; then
        if [[ -z $(ls -A "$MEDIA_ROOT") ]]; then
            rmdir "$MEDIA_ROOT"
        else
            mv "$MEDIA_ROOT" "$MEDIA_ROOT.before-restore-$stamp"
            echo "restore.sh: the previous media are kept in $MEDIA_ROOT.before-restore-$stamp" >&2
        fi
    fi
    mv "$staging" "$MEDIA_ROOT"
    staging=""
fi

echo "Restored $backup"
