# Shared by the deploy/*.sh scripts (sourced, not run).
# shellcheck shell=bash

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# Exports the KEY=VALUE lines of PORTAL_ENV_FILE (default /etc/portal/portal.env; "" for
# none) without evaluating them as shell, so values may hold spaces, $, & or quotes, as in
# systemd's EnvironmentFile. A variable already set in the environment wins over the file.
load_env_file() {
    local file=${PORTAL_ENV_FILE-/etc/portal/portal.env}
    [[ -n $file ]] || return 0
    if [[ ! -e $file ]]; then
        [[ -z ${PORTAL_ENV_FILE+set} ]] || die "PORTAL_ENV_FILE=$file does not exist"
        return 0
    fi
    [[ -r $file ]] || die "cannot read $file (run as root or as the portal user)"
    local line key value number=0
    while IFS= read -r line || [[ -n $line ]]; do
        number=$((number + 1))
        line=${line%$'\r'}
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] ||
            die "$file line $number is not KEY=VALUE"
        key=${BASH_REMATCH[2]}
        value=${BASH_REMATCH[3]}
        if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then
            value=${BASH_REMATCH[1]}
        fi
        [[ -n ${!key+set} ]] || export "$key=$value"
    done <"$file"
}

# postgres://user:secret@host/db -> postgres://user:***@host/db (for messages and manifests)
redact() { sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#' <<<"$1"; }

# The interpreter of the portal's virtualenv: PORTAL_PYTHON, else /srv/portal/venv, else the
# checkout's .venv, else python3 on PATH (the container image).
portal_python() {
    local app_dir=$1 candidate
    if [[ -n ${PORTAL_PYTHON:-} ]]; then
        echo "$PORTAL_PYTHON"
        return
    fi
    for candidate in /srv/portal/venv/bin/python "$app_dir/.venv/bin/python"; do
        if [[ -x $candidate ]]; then
            echo "$candidate"
            return
        fi
    done
    echo python3
}

# The common start of the scripts that run manage.py: read the env file, choose the
# production settings and the interpreter, and move to the checkout. Sets APP_DIR and
# PORTAL_PYTHON.
enter_app() {
    APP_DIR=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
    load_env_file
    export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-portal.settings.production}
    PORTAL_PYTHON=$(portal_python "$APP_DIR")
    cd "$APP_DIR" || die "cannot enter $APP_DIR"
}
