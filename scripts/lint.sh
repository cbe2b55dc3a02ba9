#!/usr/bin/env bash
# make lint: ruff and pylint-odoo's mandatory checks on the addons and tests.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

"$REPO/scripts/bootstrap.sh"
cd "$REPO"
status=0
say "ruff"
"$VENV/bin/ruff" check crm_customer_info crm_credit crm_campaigns tests scripts bench || status=1
say "pylint-odoo"
"$VENV/bin/pylint" --rcfile=.pylintrc crm_customer_info crm_credit crm_campaigns || status=1
[ "$status" = 0 ] || die "Lint found problems (listed above). Fix them and run 'make lint' again."
say "Lint clean"
