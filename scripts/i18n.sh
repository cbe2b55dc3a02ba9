#!/usr/bin/env bash
# make i18n: export each addon's .pot from a throwaway database with demo data
# (the tests compare the .pot with what the test database exports), merge it into
# zh_CN.po and derive zh_TW.po; lists the terms still to translate.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

"$REPO/scripts/bootstrap.sh"
DB="crm_i18n_$$"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
say "Installing $ADDONS in $DB"
step "Installing the addons" "Read the Odoo log above." \
    odoo_cmd -c "$CONF" -d "$DB" -i "$ADDONS" --with-demo --stop-after-init --http-port=0
say "Exporting the .pot files"
step "Exporting the .pot files" "Read the Odoo log above." \
    odoo_cmd i18n export -c "$CONF" -d "$DB" ${ADDONS//,/ }
"$PY" "$REPO/scripts/i18n_sync.py"
