#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format), the media folder and
# the online services' private files (application attachments and results), into one new
# directory  $BACKUP_DIR/portal-<UTC timestamp>/  holding
#
#   database.dump   pg_dump --format=custom (restore with deploy/restore.sh or pg_restore)
#   media.tar       the contents of MEDIA_ROOT (absent when media live in S3, see below)
#   private.tar     the contents of SERVICES_PRIVATE_ROOT (absent when another storage
#                   backend holds them, see below)
#   MANIFEST        when, from where, which code version, which tool versions
#   SHA256SUMS      checksums of the files above, verified by restore.sh
#
# The directory appears only when everything succeeded (it is assembled under a hidden
# ".partial" name first). Its path is printed on the last line of standard output.
#
# Configuration (environment; variables not set are read from PORTAL_ENV_FILE, default
# /etc/portal/portal.env, "" for none):
#   DATABASE_URL         postgres://user:password@host:port/name   (required)
#   MEDIA_ROOT           the uploads folder                        (required unless media are skipped)
#   BACKUP_DIR           where backups go                          (default /var/backups/portal)
#   BACKUP_MEDIA         yes | no | auto (default auto: no when AWS_STORAGE_BUCKET_NAME is set,
#                        because the bucket is then the media store: back it up with the
#                        storage provider's versioning/replication)
#   SERVICES_PRIVATE_ROOT  the private attachments folder (default: private/ in the checkout,
#                        as in the settings)
#   BACKUP_PRIVATE       yes | no | auto (default auto: no when SERVICES_PRIVATE_STORAGE is set,
#                        because that backend (a private bucket) then holds the attachments:
#                        back it up with the provider's versioning/replication)
#   BACKUP_KEEP_DAYS     delete this script's backups older than N days (default 14; 0 keeps all)
#
# Backups hold personal data (applicants, often children): they are written owner-only
# (umask 077). Copy them off the host, encrypted (deploy/README.md, "Backups").
set -euo pipefail
umask 077

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

load_env_file
DATABASE_URL=${DATABASE_URL:-}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}
BACKUP_MEDIA=${BACKUP_MEDIA:-auto}
BACKUP_PRIVATE=${BACKUP_PRIVATE:-auto}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
app_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES_PRIVATE_ROOT=${SERVICES_PRIVATE_ROOT:-$app_dir/private}

[[ -n $DATABASE_URL ]] || die "DATABASE_URL is not set"
[[ $DATABASE_URL =~ ^postgres(ql)?:// ]] ||
    die "DATABASE_URL must be a PostgreSQL URL (postgres://...), got $(redact "$DATABASE_URL")"
[[ $BACKUP_KEEP_DAYS =~ ^[0-9]+$ ]] || die "BACKUP_KEEP_DAYS must be a number of days"
case $BACKUP_MEDIA in
auto) [[ -n ${AWS_STORAGE_BUCKET_NAME:-} ]] && BACKUP_MEDIA=no || BACKUP_MEDIA=yes ;;
yes | no) ;;
*) die "BACKUP_MEDIA must be yes, no or auto" ;;
esac
if [[ $BACKUP_MEDIA == yes ]]; then
    [[ -n ${MEDIA_ROOT:-} ]] || die "MEDIA_ROOT is not set"
    [[ -d $MEDIA_ROOT ]] || die "MEDIA_ROOT=$MEDIA_ROOT is not a directory"
fi
case $BACKUP_PRIVATE in
auto) [[ -n ${SERVICES_PRIVATE_STORAGE:-} ]] && BACKUP_PRIVATE=no || BACKUP_PRIVATE=yes ;;
yes | no) ;;
*) die "BACKUP_PRIVATE must be yes, no or auto" ;;
esac
if [[ $BACKUP_PRIVATE == yes ]]; then
    # Refuse rather than skip: a backup without the attachments would lose applications.
    [[ -d $SERVICES_PRIVATE_ROOT ]] ||
        die "SERVICES_PRIVATE_ROOT=$SERVICES_PRIVATE_ROOT is not a directory (create it, see deploy/README.md, or set BACKUP_PRIVATE=no)"
fi
for tool in pg_dump pg_restore tar sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install postgresql-client tar coreutils)"
done

mkdir -p "$BACKUP_DIR"
name="portal-$(date -u +%Y%m%dT%H%M%SZ)"
final="$BACKUP_DIR/$name"
work="$BACKUP_DIR/.$name.partial"
[[ ! -e $final ]] || die "$final already exists"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

echo "Backing up $(redact "$DATABASE_URL") to $final" >&2

# The database first, then the files: every file the dump refers to is then in the archive.
pg_dump --dbname="$DATABASE_URL" --format=custom --compress=6 --file="$work/database.dump"
pg_restore --list "$work/database.dump" >/dev/null # the archive is readable

# archive_folder NAME FOLDER: FOLDER's contents into $work/NAME.tar.
archive_folder() {
    # Exit status 1 means a file changed while it was read (an upload in progress): the
    # archive is still usable, so that is a warning, not a failure.
    local status=0
    tar --create --file="$work/$1.tar" --directory="$2" --warning=no-file-changed . || status=$?
    ((status <= 1)) || die "tar of $2 failed with status $status"
    ((status == 0)) || echo "backup.sh: warning: some files in $2 changed while being archived" >&2
    files+=("$1.tar")
}

files=(database.dump)
if [[ $BACKUP_MEDIA == yes ]]; then
    archive_folder media "$MEDIA_ROOT"
else
    echo "Media not archived (BACKUP_MEDIA=no or media in S3)." >&2
fi
if [[ $BACKUP_PRIVATE == yes ]]; then
    archive_folder private "$SERVICES_PRIVATE_ROOT"
else
    echo "Private attachments not archived (BACKUP_PRIVATE=no or SERVICES_PRIVATE_STORAGE set)." >&2
fi

{
    echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(hostname)"
    echo "database: $(redact "$DATABASE_URL")"
    echo "media_root: $([[ $BACKUP_MEDIA == yes ]] && echo "$MEDIA_ROOT" || echo "(not archived)")"
    echo "private_root: $([[ $BACKUP_PRIVATE == yes ]] && echo "$SERVICES_PRIVATE_ROOT" || echo "(not archived)")"
    echo "code_version: $(git -C "$app_dir" rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "pg_dump: $(pg_dump --version)"
} >"$work/MANIFEST"
files+=(MANIFEST)
(cd "$work" && sha256sum -- "${files[@]}" >SHA256SUMS)

mv "$work" "$final"
trap - EXIT

if ((BACKUP_KEEP_DAYS > 0)); then
    find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'portal-*' \
        -mtime +"$BACKUP_KEEP_DAYS" -print -exec rm -rf {} + >&2
fi

echo "$final"
