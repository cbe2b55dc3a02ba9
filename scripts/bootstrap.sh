#!/usr/bin/env bash
# Idempotent, cached set-up used by every make target:
# Debian packages, PostgreSQL, Odoo 19, the virtual environment, odoo.conf;
# with --test-browser, also the Chromium pinned for Odoo's own tests.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

# fonts-wqy-zenhei sets the Chinese of the PDF forms: with Noto CJK, the text
# layer wkhtmltopdf writes reads some characters as Kangxi radicals.
APT_PACKAGES=(
    postgresql libpq-dev build-essential python3-dev python3-venv libmagic1
    chromium wkhtmltopdf fonts-noto-cjk fonts-wqy-zenhei poppler-utils
    libjs-jquery libjs-jquery-form libjs-underscore
    fonts-font-awesome fonts-roboto-unhinted fonts-inconsolata fonts-ocr-b
)

apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "apt-get not found: this needs Debian 12 or a compatible system (missing: ${missing[*]})."
    say "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    step "apt-get update" "Check the network and /etc/apt/sources.list, then run the command again." \
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    step "Installing ${missing[*]}" "Run 'apt-get install ${missing[*]}' as root to see why, then run the command again." \
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

postgres() {
    command -v pg_lsclusters >/dev/null || die "PostgreSQL tools not found. Install them with 'apt-get install postgresql'."
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        local ver
        ver="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
        say "Creating PostgreSQL $ver cluster"
        step "Creating the PostgreSQL cluster" "Run 'pg_createcluster $ver main' as root to see why." \
            as_root pg_createcluster "$ver" main
    fi
    local ver name status
    while read -r ver name _ status _; do
        if [ "$status" != online ]; then
            say "Starting PostgreSQL $ver/$name"
            step "Starting PostgreSQL $ver/$name" "Start it with 'pg_ctlcluster $ver $name start' as root (see /var/log/postgresql/) and run the command again." \
                as_root pg_ctlcluster "$ver" "$name" start
        fi
    done < <(pg_lsclusters -h)
    local me
    me="$(id -un)"
    if ! psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        say "Creating PostgreSQL superuser role '$me'"
        step "Creating the PostgreSQL role '$me'" "Run \"su postgres -c 'createuser -s $me'\" as root and run the command again." \
            as_postgres "createuser -s '$me'"
    fi
    psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 \
        || die "Cannot connect to PostgreSQL as '$me'. Check that the server runs ('pg_lsclusters') and that the role exists."
}

# Odoo from Debian's odoo-19 package, fetched with a private apt state so the
# machine's own sources stay as they are; unpacked once per version.
odoo_from_debian() {
    local aptdir="$CACHE/apt" ver root
    ver="${ODOO_DEB_VERSION:-}"
    if [ -z "$ver" ]; then
        # Reuse the newest complete unpack: no network on a warm cache.
        ver="$(ls "$CACHE/odoo" 2>/dev/null | sort -V | while read -r v; do
            [ -f "$CACHE/odoo/$v/.complete" ] && echo "$v"; done | tail -n 1 || true)"
    fi
    if [ -z "$ver" ] || [ ! -f "$CACHE/odoo/$ver/.complete" ]; then
        mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
        echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
            >"$aptdir/sources.list"
        local opts=(-o "Dir::Etc::SourceList=$aptdir/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache"
            -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
        say "Fetching the odoo-19 package list from Debian sid"
        step "Reading Debian sid's package list" "Check that deb.debian.org is reachable, or set ODOO_SRC to an Odoo 19 source tree." \
            apt-get "${opts[@]}" update
        [ -n "$ver" ] || ver="$(apt-cache "${opts[@]}" policy odoo-19 | awk '/Candidate:/ {print $2}')"
        [ -n "$ver" ] && [ "$ver" != "(none)" ] \
            || die "Debian sid has no odoo-19 package now. Set ODOO_SRC to an Odoo 19 source tree."
        root="$CACHE/odoo/$ver"
        mkdir -p "$CACHE/odoo"
        local deb="$CACHE/odoo/odoo-19_${ver}_all.deb"
        if [ ! -s "$deb" ]; then
            say "Downloading odoo-19 $ver (about 120 MB)"
            local tmp
            tmp="$(mktemp -d)"
            step "Downloading odoo-19 $ver" "Check the network, or set ODOO_SRC to an Odoo 19 source tree." \
                sh -c "cd '$tmp' && apt-get $(printf "'%s' " "${opts[@]}") download 'odoo-19=$ver'"
            mv "$tmp"/odoo-19_*_all.deb "$deb"
            rm -rf "$tmp"
        fi
        say "Unpacking odoo-19 $ver"
        rm -rf "$root"
        step "Unpacking $deb" "Delete $deb and run the command again." dpkg -x "$deb" "$root"
        # The package links fonts and JS libraries into /usr/share.
        local d
        for d in fonts fonts-font-awesome javascript; do
            ln -sfn "/usr/share/$d" "$root/usr/share/$d"
        done
        # Debian's DFSG repack dropped this file; the backend bundle lists it.
        local selfie="$root/usr/lib/python3/dist-packages/odoo/addons/mail/static/lib/selfie_segmentation"
        mkdir -p "$selfie"
        [ -f "$selfie/selfie_segmentation.js" ] \
            || echo "/* removed from Debian's package: background blur is unavailable */" >"$selfie/selfie_segmentation.js"
        mkdir -p "$root/python"
        ln -sfn ../usr/lib/python3/dist-packages/odoo "$root/python/odoo"
        touch "$root/.complete"
    fi
    root="$CACHE/odoo/$ver"
    ODOO_PYTHONPATH="$root/python"
    ODOO_ADDONS="$root/python/odoo/addons"
}

odoo_from_source() {
    [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)."
    grep -q "version_info = (19," "$ODOO_SRC/odoo/release.py" \
        || die "ODOO_SRC=$ODOO_SRC is not Odoo 19 (see odoo/release.py)."
    ODOO_PYTHONPATH="$(cd "$ODOO_SRC" && pwd)"
    ODOO_ADDONS="$ODOO_PYTHONPATH/odoo/addons"
    [ -d "$ODOO_PYTHONPATH/addons" ] && ODOO_ADDONS="$ODOO_PYTHONPATH/addons,$ODOO_ADDONS"
    return 0
}

venv() {
    local python="${PYTHON:-python3}"
    command -v "$python" >/dev/null || die "$python not found. Install Python 3.11 (Debian 12: apt-get install python3) or set PYTHON."
    "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
        || die "$python is $("$python" -V 2>&1); the pinned requirements need Python 3.11. Set PYTHON=python3.11."
    local want
    want="$(cat "$REPO/requirements.txt" "$REPO/requirements-test.txt" | sha1sum | cut -c1-12)"
    if [ ! -x "$PY" ] || [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
        say "Preparing the virtual environment in $VENV"
        [ -x "$PY" ] || step "Creating the virtual environment" "Install python3-venv (apt-get install python3-venv) and run the command again." \
            "$python" -m venv "$VENV"
        step "Installing Python requirements" "See the pip output above; delete $VENV and run the command again." \
            "$PY" -m pip install --cache-dir "${XDG_CACHE_HOME:-$HOME/.cache}/pip" \
            -r "$REPO/requirements.txt" -r "$REPO/requirements-test.txt"
        echo "$want" >"$VENV/.requirements"
    fi
    # Odoo is imported from the unpacked package or ODOO_SRC.
    local site
    site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_PYTHONPATH" >"$site/odoo-19.pth"
    # A launcher like odoo-bin: prefork workers re-run sys.argv[0].
    printf '#!%s\nimport odoo.cli\n\nif __name__ == "__main__":\n    odoo.cli.main()\n' "$PY" >"$VENV/bin/odoo"
    chmod +x "$VENV/bin/odoo"
    "$PY" -c 'import odoo.release as r; assert r.version_info[0] == 19' 2>/dev/null \
        || die "Odoo 19 does not import from $ODOO_PYTHONPATH. Delete $CACHE/odoo (or fix ODOO_SRC) and run the command again."
}

config() {
    mkdir -p "$LOCAL/data"
    cat >"$CONF" <<CONF
; Written by scripts/bootstrap.sh: edit the script, not this file.
[options]
addons_path = $REPO,$ODOO_ADDONS
data_dir = $LOCAL/data
admin_passwd = ${ODOO_ADMIN_PASSWD:-admin}
http_interface = ${HTTP_INTERFACE:-127.0.0.1}
http_port = ${HTTP_PORT:-8069}
list_db = False
proxy_mode = False
CONF
    # Only when set: Odoo otherwise uses the local socket and default port.
    [ -z "${PGHOST:-}" ] || echo "db_host = $PGHOST" >>"$CONF"
    [ -z "${PGPORT:-}" ] || echo "db_port = $PGPORT" >>"$CONF"
}

# The Chromium build pinned for Odoo's own tests, from Debian 12's archive
# with a private apt state, unpacked beside the system one (which stays).
# Only warns when it cannot be had: the tests then use the system Chromium.
test_browser() {
    [ -f "$TEST_CHROMIUM_DIR/.complete" ] && return 0
    local aptdir="$CACHE/apt-bookworm" tmp
    mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
        >"$aptdir/sources.list"
    local opts=(-o "Dir::Etc::SourceList=$aptdir/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache"
        -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
    say "Fetching Chromium $TEST_CHROMIUM_VERSION for Odoo's own tests (about 100 MB)"
    tmp="$(mktemp -d)"
    if apt-get "${opts[@]}" update >"$tmp/log" 2>&1 \
        && (cd "$tmp" && apt-get "${opts[@]}" download "chromium=$TEST_CHROMIUM_VERSION" \
            "chromium-common=$TEST_CHROMIUM_VERSION") >>"$tmp/log" 2>&1; then
        rm -rf "$TEST_CHROMIUM_DIR"
        mkdir -p "$TEST_CHROMIUM_DIR"
        local deb
        for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$TEST_CHROMIUM_DIR"; done
        mkdir -p "$TEST_CHROMIUM_DIR/bin"
        ln -sfn ../usr/lib/chromium/chromium "$TEST_CHROMIUM_DIR/bin/chromium"
        touch "$TEST_CHROMIUM_DIR/.complete"
    else
        tail -n 3 "$tmp/log" >&2
        echo "WARNING: Chromium $TEST_CHROMIUM_VERSION is not available; Odoo's own tests use the system Chromium and skip the mailing editor tour it crashes on." >&2
    fi
    rm -rf "$tmp"
}

main() {
    mkdir -p "$CACHE" "$LOCAL"
    apt_packages
    postgres
    if [ -n "${ODOO_SRC:-}" ]; then odoo_from_source; else odoo_from_debian; fi
    venv
    config
    [ "${1:-}" != --test-browser ] || test_browser
}

main "$@"
