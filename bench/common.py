"""Shared helpers of the benchmarks: databases, Odoo environments, timing.

The benchmark databases are ``crm_bench_<N>``, cloned from ``crm_bench_base``
(the three addons installed, no demo data); nothing else is ever touched.
"""

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parent.parent
CONF = Path(os.environ.get("CRM_ODOO_CONF", REPO / ".local" / "odoo.conf"))
VENV_BIN = Path(sys.executable).parent
ADDONS = "crm_customer_info,crm_credit,crm_campaigns"
BASE_DB = "crm_bench_base"
DB_PREFIX = "crm_bench_"
STAMP_KEY = "crm_bench.addons_mtime"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def bench_db_name(n):
    return f"{DB_PREFIX}{n}"


def _check_name(db):
    if not db.startswith(DB_PREFIX):
        raise ValueError(f"{db} is not a benchmark database")


def pg_connect(db="postgres"):
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    return conn


def db_exists(db):
    with contextlib.closing(pg_connect()) as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        return bool(cr.fetchone())


def _data_dir():
    for line in CONF.read_text().splitlines():
        key, _sep, value = line.partition("=")
        if key.strip() == "data_dir":
            return Path(value.strip())
    return Path.home() / ".local" / "share" / "Odoo"


def filestore(db):
    return _data_dir() / "filestore" / db


def drop_db(db):
    _check_name(db)
    with contextlib.closing(pg_connect()) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [db]
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
    shutil.rmtree(filestore(db), ignore_errors=True)


def ensure_base_db():
    """The addons installed once without demo data; the template of every size.
    BENCH_FRESH_BASE=1 reinstalls it (after a change of the addons' schema)."""
    if os.environ.get("BENCH_FRESH_BASE", "") not in ("", "0"):
        os.environ["BENCH_FRESH_BASE"] = ""  # once per run
        drop_db(BASE_DB)
    stamp = str(_addons_mtime())
    option = "-i"
    if db_exists(BASE_DB):
        with contextlib.closing(pg_connect(BASE_DB)) as conn, conn.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM ir_module_module WHERE name IN %s AND state = 'installed'",
                [tuple(ADDONS.split(","))],
            )
            installed = cr.fetchone()[0] == len(ADDONS.split(","))
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [STAMP_KEY])
            row = cr.fetchone()
        if installed and row and row[0] == stamp:
            return
        if not installed:
            drop_db(BASE_DB)
        else:
            option = "-u"  # the addons changed since: bring the schema up to date
    log(f"{'installing' if option == '-i' else 'updating'} {ADDONS} in {BASE_DB}")
    subprocess.run(
        [
            str(VENV_BIN / "odoo"),
            "-c",
            str(CONF),
            "-d",
            BASE_DB,
            option,
            ADDONS,
            "--stop-after-init",
            "--log-level=warn",
            "--max-cron-threads=0",
        ],
        check=True,
    )
    with contextlib.closing(pg_connect(BASE_DB)) as conn, conn.cursor() as cr:
        cr.execute("DELETE FROM ir_config_parameter WHERE key = %s", [STAMP_KEY])
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)", [STAMP_KEY, stamp]
        )


def _addons_mtime():
    """Latest change of the addons' Python and XML files."""
    return max(
        (
            path.stat().st_mtime_ns
            for addon in ADDONS.split(",")
            for path in (REPO / addon).rglob("*")
            if path.suffix in (".py", ".xml", ".csv")
        ),
        default=0,
    )


def clone_base(db):
    _check_name(db)
    drop_db(db)
    ensure_base_db()
    with contextlib.closing(pg_connect()) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [BASE_DB],
        )
        cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{BASE_DB}"')
    if filestore(BASE_DB).exists():
        shutil.copytree(filestore(BASE_DB), filestore(db))


_odoo_ready = False


def odoo_registry(db):
    """The registry of ``db``, Odoo configured from the project's odoo.conf."""
    global _odoo_ready
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    if not _odoo_ready:
        config.parse_config(["-c", str(CONF), "--log-level=warn"], setup_logging=True)
        _odoo_ready = True
    del odoo
    return Registry(db)


@contextlib.contextmanager
def odoo_env(db, uid=None, context=None):
    """An environment on a cursor that is always rolled back."""
    from odoo import SUPERUSER_ID, api

    registry = odoo_registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, uid or SUPERUSER_ID, context or {})
        try:
            yield env
        finally:
            cr.rollback()


def timed(func, repeat=3):
    """Best wall time in seconds of ``repeat`` runs and the last result."""
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def percentile(values, pct):
    values = sorted(values)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]
