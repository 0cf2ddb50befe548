#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a database, a media folder and a private
# attachments folder.
#
#   DATABASE_URL=postgres://portal@127.0.0.1/portal_drill MEDIA_ROOT=/srv/drill/media \
#       SERVICES_PRIVATE_ROOT=/srv/drill/private \
#       deploy/restore.sh /var/backups/portal/portal-20250101T010000Z
#
# Configuration (environment; variables not set are read from PORTAL_ENV_FILE, default
# /etc/portal/portal.env, "" for none):
#   DATABASE_URL    the database to restore into; it must exist (createdb) and, unless
#                   RESTORE_FORCE=1, be empty
#   MEDIA_ROOT      the folder to restore the media into; unless RESTORE_FORCE=1 it must be
#                   missing or empty
#   SERVICES_PRIVATE_ROOT  the folder to restore the application attachments into (when the
#                   backup holds private.tar); default private/ in the checkout, as in the
#                   settings. Unless RESTORE_FORCE=1 it must be missing or empty
#   RESTORE_FORCE   1 to replace a non-empty database and folders. The database's "public"
#                   schema is dropped and rebuilt from the backup in the same transaction
#                   (all or nothing); each previous folder is kept beside the new one as
#                   <folder>.before-restore-<timestamp>.
#
# Order: verify checksums; check every target (nothing is changed if one is refused); unpack
# the archives beside their folders; restore the database in one transaction; swap the
# folders into place. Afterwards run deploy/release.sh if the code is newer than the backup.
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
has_private=no
[[ -f $backup/private.tar ]] && has_private=yes

# 2. The targets: refuse to overwrite anything unless told to.
tables=$(psql "$DATABASE_URL" --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 \
    --command="SELECT count(*) FROM pg_catalog.pg_tables
               WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") ||
    die "cannot connect to $(redact "$DATABASE_URL") (does the database exist? createdb it first)"
if ((tables > 0)) && [[ $RESTORE_FORCE != 1 ]]; then
    die "$(redact "$DATABASE_URL") already holds $tables tables; restore into an empty database or set RESTORE_FORCE=1"
fi
# check_folder VARIABLE FOLDER: FOLDER may receive an archive (missing, or empty, or forced).
check_folder() {
    if [[ -e $2 ]]; then
        [[ -d $2 ]] || die "$1=$2 is not a directory"
        if [[ -n $(ls -A "$2") && $RESTORE_FORCE != 1 ]]; then
            die "$1=$2 is not empty; restore into an empty folder or set RESTORE_FORCE=1"
        fi
    fi
}
if [[ $has_media == yes ]]; then
    [[ -n ${MEDIA_ROOT:-} ]] || die "MEDIA_ROOT is not set"
    MEDIA_ROOT=${MEDIA_ROOT%/}
    check_folder MEDIA_ROOT "$MEDIA_ROOT"
else
    echo "restore.sh: the backup holds no media (they were in S3); the media are not restored" >&2
fi
if [[ $has_private == yes ]]; then
    app_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    SERVICES_PRIVATE_ROOT=${SERVICES_PRIVATE_ROOT:-$app_dir/private}
    SERVICES_PRIVATE_ROOT=${SERVICES_PRIVATE_ROOT%/}
    check_folder SERVICES_PRIVATE_ROOT "$SERVICES_PRIVATE_ROOT"
else
    echo "restore.sh: the backup holds no private attachments (another storage backend held them); they are not restored" >&2
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
stagings=()
cleanup() { ((${#stagings[@]} == 0)) || rm -rf "${stagings[@]}"; }
trap cleanup EXIT

# 3. Unpack the archives next to their destinations (same file system: the swap is a rename).
#    unpack NAME FOLDER MODE: $backup/NAME.tar into FOLDER.restoring-<stamp> (mode MODE).
unpack() {
    local staging="$2.restoring-$stamp"
    mkdir -p "$(dirname "$2")"
    mkdir -m "$3" "$staging"
    stagings+=("$staging")
    tar --extract --file="$backup/$1.tar" --directory="$staging" --no-same-owner
}
if [[ $has_media == yes ]]; then
    unpack media "$MEDIA_ROOT" 0755
fi
# Applicants' files: readable by the portal user only, whatever the archive says.
if [[ $has_private == yes ]]; then
    unpack private "$SERVICES_PRIVATE_ROOT" 0700
    chmod 0700 "$SERVICES_PRIVATE_ROOT.restoring-$stamp"
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

# 5. Swap the folders into place. swap FOLDER: FOLDER.restoring-<stamp> becomes FOLDER.
swap() {
    if [[ -e $1 ]]; then
        if [[ -z $(ls -A "$1") ]]; then
            rmdir "$1"
        else
            mv "$1" "$1.before-restore-$stamp"
            echo "restore.sh: the previous contents of $1 are kept in $1.before-restore-$stamp" >&2
        fi
    fi
    mv "$1.restoring-$stamp" "$1"
}
if [[ $has_media == yes ]]; then
    swap "$MEDIA_ROOT"
fi
if [[ $has_private == yes ]]; then
    swap "$SERVICES_PRIVATE_ROOT"
fi
stagings=()

echo "Restored $backup"
