#!/usr/bin/env bash
# make test: a throwaway database with the three addons and their demo data,
# pytest-odoo over each addon's tests/ (HTTP and browser tests included),
# then the black-box tests in tests/ against a real server, then Odoo's own
# tests of the apps we extend (scripts/test_odoo.sh). Drops the databases.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

"$REPO/scripts/bootstrap.sh"

DB="${TEST_DB:-crm_test_$$}"
[[ "$DB" =~ ^[a-z0-9_]+$ ]] || die "TEST_DB must be lower-case letters, digits and underscores."
REPORTS="$LOCAL/test-reports"
mkdir -p "$REPORTS"
rm -f "$REPORTS"/*.xml

cleanup() {
    [ "${KEEP_DB:-0}" = 1 ] && [ "${1:-}" = final ] && return 0
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$LOCAL/data/filestore/$DB"
}
trap 'cleanup final' EXIT

if [ -n "${ADDON:-}" ]; then
    [ -f "$REPO/$ADDON/__manifest__.py" ] || die "ADDON=$ADDON is not one of our addons ($ADDONS)."
    paths=("$ADDON/tests")
    install="$ADDON"
else
    paths=(crm_customer_info/tests crm_credit/tests crm_campaigns/tests)
    install="$ADDONS"
fi

cleanup
say "Creating test database $DB with $install and demo data"
step "Installing $install in $DB" "Read the Odoo log above; fix the addon and run 'make test' again." \
    odoo_cmd -c "$CONF" -d "$DB" -i "$install" --with-demo --stop-after-init \
    --log-level=warn --http-port=0

cd "$REPO"
status=0
say "Addon tests (pytest-odoo)"
"$VENV/bin/pytest" --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    --odoo-log-level=error --junitxml="$REPORTS/addons.xml" "${paths[@]}" || status=$?

if [ -z "${ADDON:-}" ]; then
    say "Black-box tests (external client and HTTP)"
    CRM_TEST_DB="$DB" CRM_ODOO_CONF="$CONF" "$VENV/bin/pytest" -p no:odoo \
        --junitxml="$REPORTS/blackbox.xml" tests || status=$?

    "$REPO/scripts/test_odoo.sh" || status=$?
fi

"$PY" "$REPO/scripts/summary.py" "$REPORTS"/*.xml || status=$?
exit "$status"
