# Customer information management for Odoo 19. See README.md.
.PHONY: demo test lint bench bootstrap i18n clean help
SHELL := /bin/bash
export RESET ADDON ODOO_SRC HTTP_PORT TEST_DB KEEP_DB BENCH_N BENCH_KEEP BENCH_FRESH_BASE

help:
	@echo "make demo   Odoo 19 with the addons and demo data at http://localhost:8069 (RESET=1 recreates it)"
	@echo "make test   every test on a throwaway database (ADDON=crm_credit for one addon)"
	@echo "make lint   ruff and pylint-odoo"
	@echo "make bench  benchmarks against a plain SQL baseline (BENCH_N=100000, BENCH_KEEP=1 keeps the databases)"
	@echo "make i18n   regenerate the .pot files and refresh zh_CN/zh_TW"

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

lint:
	@scripts/lint.sh

bench:
	@scripts/bench.sh

bootstrap:
	@scripts/bootstrap.sh

i18n:
	@scripts/i18n.sh

clean:
	rm -rf .venv .local
