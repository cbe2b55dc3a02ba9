#!/usr/bin/env bash
# make demo: database crm_demo with the three addons and demo data, then the
# server in the foreground on port 8069. RESET=1 recreates the database.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

"$REPO/scripts/bootstrap.sh"

DB="${DEMO_DB:-crm_demo}"
PORT="${HTTP_PORT:-8069}"
STAMP="$LOCAL/$DB.addons"

# Language of the demo users: DEMO_LANG, else the shell's LANG (zh_CN.UTF-8
# gives Chinese), else English. Applied to a new or an existing database.
case "${DEMO_LANG:-${LANG:-}}" in
    zh_CN*) DEMO_LANG=zh_CN ;;
    zh_TW*) DEMO_LANG=zh_TW ;;
    *) DEMO_LANG=en_US ;;
esac

if [ "${RESET:-0}" = 1 ] && db_exists "$DB"; then
    say "Dropping $DB (RESET=1)"
    step "Dropping $DB" "Stop any server using it (is 'make demo' running elsewhere?) and run again." \
        dropdb "$DB"
    rm -rf "$LOCAL/data/filestore/$DB" "$STAMP"
fi

# Port check before any long work: a second server would fail late.
if "$PY" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
    die "Port $PORT is already in use (another 'make demo'?). Stop it or run 'make demo HTTP_PORT=8070'."
fi

# The addons' code as of now; a change upgrades them in the reused database.
checksum="$(cd "$REPO" && find crm_customer_info crm_credit crm_campaigns -type f \
    ! -path '*/__pycache__/*' ! -path '*/tests/*' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-12)"

if ! db_exists "$DB"; then
    say "Creating $DB with $ADDONS and demo data (about 2 minutes)"
    step "Installing the addons in $DB" "Read the Odoo log above; 'make demo RESET=1' starts over." \
        odoo_cmd -c "$CONF" -d "$DB" -i "$ADDONS" --with-demo --stop-after-init \
        --load-language="$DEMO_LANG" --http-port=0
    echo "$checksum" >"$STAMP"
elif [ "$(cat "$STAMP" 2>/dev/null)" != "$checksum" ]; then
    say "Updating $ADDONS in $DB (the code changed)"
    step "Updating the addons in $DB" "Read the Odoo log above; 'make demo RESET=1' starts over." \
        odoo_cmd -c "$CONF" -d "$DB" -u "$ADDONS" --stop-after-init --http-port=0
    echo "$checksum" >"$STAMP"
fi

# The admin and the demo users speak DEMO_LANG; its translations are loaded
# the first time. Nothing to do when they already do.
users_lang="$(psql -d "$DB" -tAc "SELECT string_agg(DISTINCT COALESCE(p.lang, ''), ',')
    FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.active")"
lang_active="$(psql -d "$DB" -tAc "SELECT active FROM res_lang WHERE code = '$DEMO_LANG'")"
if [ "$users_lang" != "$DEMO_LANG" ] || [ "$lang_active" != t ]; then
    say "Switching the demo users of $DB to $DEMO_LANG"
    step "Setting the language $DEMO_LANG" "Read the Odoo log above; 'make demo RESET=1' starts over." \
        odoo_cmd shell -c "$CONF" -d "$DB" --http-port=0 --log-level=warn <<PY
lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "$DEMO_LANG")])
if not lang:
    raise SystemExit("Unknown language $DEMO_LANG")
if not lang.active:
    lang.active = True
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations([lang.code])
env["res.users"].search([]).write({"lang": "$DEMO_LANG"})
# Text the system writes on records without a responsible user reads in the
# company's language.
env["res.company"].search([]).partner_id.write({"lang": "$DEMO_LANG"})
# The customers in China speak Chinese once it is installed, whoever reads them.
env["res.partner"]._crm_demo_set_customer_lang()
env.cr.commit()
PY
fi

cat <<MSG

  Odoo 19 with the customer information addons: http://localhost:$PORT
  Database $DB, users in $DEMO_LANG (DEMO_LANG=zh_CN or en_US to switch). Logins (password = login):
    admin       administrator
    sales       salesperson              service    customer service
    archivist   archive administrator    manager    customer information manager
    credit      credit manager           marketing  campaign user
    portal      portal customer (Shanghai Hengyuan Trading)
  Stop with Ctrl-C.

MSG
exec "$VENV/bin/odoo" -c "$CONF" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT"
