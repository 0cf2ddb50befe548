#!/usr/bin/env bash
# Runs a Django management command with the production settings of /etc/portal/portal.env,
# exactly as the service sees them. Run it as the portal user:
#
#   sudo -u portal /srv/portal/app/deploy/manage.sh createsuperuser
#   sudo -u portal /srv/portal/app/deploy/manage.sh showmigrations
#
# PORTAL_ENV_FILE and PORTAL_PYTHON work as in release.sh.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

enter_app
exec "$PORTAL_PYTHON" manage.py "$@"
