# Shared settings and helpers for the make targets. Sourced, not executed.
# shellcheck shell=bash
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CRM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crm-customer-info}"
LOCAL="$REPO/.local"
VENV="${VENV:-$REPO/.venv}"
PY="$VENV/bin/python"
CONF="$LOCAL/odoo.conf"
ADDONS="crm_customer_info,crm_credit,crm_campaigns"
# Chromium for Odoo's own tests (scripts/test_odoo.sh): Debian 12's 150 build.
# Debian 12's 156 security build crashes the page when a mailing leaves the
# editor (README.md, Troubleshooting); 150 does not.
TEST_CHROMIUM_VERSION="${TEST_CHROMIUM_VERSION:-150.0.7871.100-1~deb12u1}"
TEST_CHROMIUM_DIR="$CACHE/chromium/$TEST_CHROMIUM_VERSION"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Anything unexpected still ends with one line, not a bare error.
trap 'die "unexpected failure in ${BASH_SOURCE[0]##*/} line $LINENO: $BASH_COMMAND. Run the command again; if it fails the same way, report this line."' ERR

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# One clear line, then stop: what failed and what to do about it.
die() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

# Run a step quietly; on failure show the tail of its log and one clear line.
step() {
    local what="$1" hint="$2"
    shift 2
    local log
    log="$(mktemp "${TMPDIR:-/tmp}/crm-step.XXXXXX")"
    if ! "$@" >"$log" 2>&1; then
        tail -n 25 "$log" >&2
        rm -f "$log"
        die "$what failed. $hint"
    fi
    rm -f "$log"
}

# Root runs commands directly; anyone else goes through sudo when it exists.
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "'$*' needs root. Run the command again as root or install sudo."
    fi
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sudo -u postgres sh -c "$*"
    fi
}

odoo_cmd() {
    "$VENV/bin/odoo" "$@"
}

db_exists() {
    psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null | grep -q 1
}
