#!/usr/bin/env bash
# The release step: run once per deployment, before (re)starting the application servers.
#
#   sudo -u portal /srv/portal/app/deploy/release.sh && sudo systemctl reload portal
#
# 1. check --deploy --fail-level WARNING: refuse to touch the database with an insecure or
#    broken configuration (any warning fails the release);
# 2. migrate --noinput;
# 3. collectstatic --noinput (into STATIC_ROOT, hashed and pre-compressed).
# Translations need no step: the compiled .mo files are committed.
#
# Settings come from the environment; variables not already set are read from
# PORTAL_ENV_FILE (default /etc/portal/portal.env, same format as systemd's EnvironmentFile;
# set it to "" to read no file). PORTAL_PYTHON selects the interpreter (default: the
# virtualenv at /srv/portal/venv, else .venv in the checkout, else python3).
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

enter_app
manage() {
    echo "+ manage.py $*"
    "$PORTAL_PYTHON" manage.py "$@"
}

echo "Release of $(git -C "$APP_DIR" describe --always --dirty 2>/dev/null || echo "unknown version")" \
    "with $DJANGO_SETTINGS_MODULE"
manage check --deploy --fail-level WARNING
manage migrate --noinput
manage collectstatic --noinput --verbosity 1
echo "Release step done. Now: systemctl reload portal (or restart after a requirements change)."
