"""make bench: the addons' batch computations and screens at N and N/10
customers, each next to a plain SQL baseline measured in the same run.

Environment:
    BENCH_N      customers of the large database (default 100000)
    BENCH_KEEP   1 keeps the generated databases and reuses them next time
    BENCH_OUT    JSON output (default bench/results.json)

Every measured operation runs in a transaction that is rolled back, so a kept
database gives the same figures run after run.
"""

import contextlib
import json
import os
import random
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from unittest.mock import patch

from common import (
    CONF,
    VENV_BIN,
    bench_db_name,
    db_exists,
    drop_db,
    log,
    odoo_env,
    percentile,
    pg_connect,
    timed,
)
from generate import PORTAL_PASSWORD, PORTAL_USERS, SEGMENTS, generate

REPEAT = 3
PORTAL_CLIENTS = 20
PORTAL_REQUESTS = 10  # per client


# ----------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------
@contextlib.contextmanager
def savepoint(cr):
    """Run, then undo: every measured operation leaves the data as it was."""
    cr.execute("SAVEPOINT bench")
    try:
        yield
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench")


def measure(env, func, repeat=REPEAT):
    """Best time of ``repeat`` runs, each rolled back, caches cleared before."""

    def run():
        env.invalidate_all()
        with savepoint(env.cr):
            return func()

    return timed(run, repeat)


def sql(env, query, params=None):
    def run():
        env.cr.execute(query, params or {})
        return env.cr.fetchall() if env.cr.description else env.cr.rowcount

    return run


# ----------------------------------------------------------------------
# 1. RFM
# ----------------------------------------------------------------------
RFM_BASELINE = """
    WITH base AS (
        SELECT commercial_partner_id AS partner_id,
               %(today)s::date - MAX(invoice_date) FILTER (WHERE move_type = 'out_invoice')
                   AS recency,
               COUNT(*) FILTER (WHERE move_type = 'out_invoice') AS frequency,
               SUM(amount_untaxed_signed) AS monetary
          FROM account_move
         WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
           AND company_id = %(company)s
           AND invoice_date > %(date_from)s AND invoice_date <= %(today)s
      GROUP BY commercial_partner_id
        HAVING COUNT(*) FILTER (WHERE move_type = 'out_invoice') > 0
    ), scored AS (
        SELECT base.*,
               CEIL(5 * CUME_DIST() OVER (ORDER BY recency DESC))::int AS r,
               CEIL(5 * CUME_DIST() OVER (ORDER BY frequency))::int AS f,
               CEIL(5 * CUME_DIST() OVER (ORDER BY monetary))::int AS m
          FROM base
    )
    UPDATE res_partner partner
       SET rfm_recency_days = scored.recency, rfm_frequency = scored.frequency,
           rfm_monetary = scored.monetary, rfm_r_score = scored.r, rfm_f_score = scored.f,
           rfm_m_score = scored.m, rfm_code = scored.r::text || scored.f::text || scored.m::text
      FROM scored
     WHERE partner.id = scored.partner_id
"""


def bench_rfm(env):
    Partner = env["res.partner"]
    days, today = Partner._crm_rfm_window()
    from odoo import fields

    params = {
        "today": today,
        "date_from": fields.Date.subtract(today, days=days),
        "company": env.company.id,
    }
    ours, _ = measure(env, Partner._crm_compute_rfm)
    base, _ = measure(env, sql(env, RFM_BASELINE, params))
    full, _ = measure(env, Partner._crm_compute_segmentation, repeat=1)
    return [
        row("1. RFM recompute (all customers)", ours, base),
        row("1b. full segmentation (RFM + value + churn)", full, None),
    ]


# ----------------------------------------------------------------------
# 2. Exposure and aging
# ----------------------------------------------------------------------
AGING_BASELINE = """
    SELECT partner.commercial_partner_id,
           SUM(aml.amount_residual) FILTER (WHERE d <= 0),
           SUM(aml.amount_residual) FILTER (WHERE d BETWEEN 1 AND 30),
           SUM(aml.amount_residual) FILTER (WHERE d BETWEEN 31 AND 60),
           SUM(aml.amount_residual) FILTER (WHERE d BETWEEN 61 AND 90),
           SUM(aml.amount_residual) FILTER (WHERE d > 90),
           SUM(aml.amount_residual) FILTER (WHERE d > 0),
           SUM(aml.amount_residual),
           MAX(d) FILTER (WHERE aml.amount_residual > 0)
      FROM (SELECT aml.*, CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) AS d
              FROM account_move_line aml) aml
      JOIN account_account account ON account.id = aml.account_id
      JOIN res_partner partner ON partner.id = aml.partner_id
     WHERE account.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
       AND NOT aml.reconciled AND aml.company_id = %(company)s
  GROUP BY partner.commercial_partner_id
"""
EXPOSURE_FIELDS = [
    "credit_amount_not_due",
    "credit_amount_1_30",
    "credit_amount_31_60",
    "credit_amount_61_90",
    "credit_amount_over_90",
    "credit_exposure",
    "credit_amount_overdue",
    "credit_max_days_overdue",
]


def bench_exposure(env):
    partners = env["res.partner"].search(
        [("customer_rank", ">", 0), ("parent_id", "=", False)], order="id"
    )

    def exposure():
        partners.invalidate_recordset(EXPOSURE_FIELDS)
        return partners._get_credit_exposure_data()

    def aging_report():
        return env["crm.credit.aging.report"].search_read(
            [], ["partner_id", "amount_total", "amount_overdue", "max_days_overdue"]
        )

    params = {"company": env.company.id}
    ours, _ = measure(env, exposure)
    report, _ = measure(env, aging_report)
    base, _ = measure(env, sql(env, AGING_BASELINE, params))
    return [
        row(f"2. exposure + aging of {len(partners)} customers", ours, base),
        row("2b. aging report (search_read, all rows)", report, base),
    ]


# ----------------------------------------------------------------------
# 3. Segments
# ----------------------------------------------------------------------
def _segment_baselines(env):
    grade = env["crm.customer.grade"].search([], order="id", limit=1).id
    champions = env["crm.rfm.segment"].search([("name", "=", "Champions")], limit=1).id
    region = env["res.country.state"].search([("country_id.code", "=", "CN")], limit=1).id
    customer = "p.active AND (p.customer_state IS NOT NULL OR p.customer_rank > 0)"
    return [
        f"{customer} AND p.customer_state = 'current' AND p.grade_id = {int(grade)}",
        f"{customer} AND p.rfm_segment_id = {int(champions)}",
        f"{customer} AND p.is_company AND p.org_category = 'agent'",
        f"{customer} AND p.consent_email AND p.state_id = {int(region)}",
        f"{customer} AND p.birthday_month = 3",
    ]


def bench_segments(env):
    rows = []
    names = [name for name, _spec in SEGMENTS]
    segments = env["crm.customer.segment"].search([("name", "in", names)])
    by_name = {s.name: s for s in segments}
    for name, where in zip(names, _segment_baselines(env), strict=True):
        segment_id = by_name[name].id

        def count(segment_id=segment_id):
            # A fresh record, as a form shows it: the prefetch of a recordset
            # would count every segment of the batch at once.
            return env["crm.customer.segment"].browse(segment_id).member_count

        ours, members = measure(env, count)
        base, result = measure(env, sql(env, f"SELECT count(*) FROM res_partner p WHERE {where}"))
        note = f"{members} members" + ("" if members == result[0][0] else f" (SQL {result[0][0]})")
        rows.append(row(f"3. segment '{name.removeprefix('Bench: ')}'", ours, base, note=note))
    return rows


# ----------------------------------------------------------------------
# 4. Full profile
# ----------------------------------------------------------------------
def _form_spec(env):
    views = env["res.partner"].get_views([(False, "form")])
    models = views["models"]
    spec = {}
    for fname in models["res.partner"]["fields"]:
        field = env["res.partner"]._fields.get(fname)
        if field is None:
            continue
        if field.type in ("one2many", "many2many"):
            sub = models.get(field.comodel_name, {}).get("fields", {})
            comodel = env[field.comodel_name]
            spec[fname] = {
                "fields": {
                    f: {"fields": {"display_name": {}}}
                    if comodel._fields[f].type == "many2one"
                    else {}
                    for f in sub
                    if f in comodel._fields
                    and comodel._fields[f].type not in ("one2many", "many2many")
                }
                or {"display_name": {}}
            }
        elif field.type == "many2one":
            spec[fname] = {"fields": {"display_name": {}}}
        else:
            spec[fname] = {}
    return spec


def bench_profile(env):
    admin = env.ref("base.user_admin")
    uenv = env(user=admin, context=dict(admin.context_get(), bin_size=True))
    spec = _form_spec(uenv)
    partners = uenv["res.partner"].search(
        [("ref", "=like", "B%"), ("customer_rank", ">", 0)], order="id", limit=200
    )
    heavy = max(partners, key=lambda p: p.rfm_frequency or 0)
    company = partners.filtered("is_company")[:1] or partners[:1]
    rows = []
    for label, record in (
        ("first customer", partners[0]),
        ("busiest of 200", heavy),
        ("organisation", company),
    ):
        # A fresh record, as the web client reads it: no prefetch of the others.
        partner = uenv["res.partner"].browse(record.id)
        counts = []

        def read(partner=partner, counts=counts):
            start = env.cr.sql_log_count
            partner.web_read(spec)
            counts.append(env.cr.sql_log_count - start)

        elapsed, _ = measure(uenv, read)
        rows.append(
            row(
                f"4. full profile read ({label})",
                elapsed,
                None,
                note=f"{counts[-1]} queries, {len(spec)} fields",
                queries=counts[-1],
            )
        )
    return rows


# ----------------------------------------------------------------------
# 5. Crons
# ----------------------------------------------------------------------
BORROW_BASELINE = """
    WITH due AS (
        SELECT b.id, b.borrower_id, b.handler_id, b.name, b.due_date,
               NOT b.overdue_reminded AS remind,
               NOT b.overdue_escalated AND b.due_date <= %(escalate)s AS escalate
          FROM crm_archive_borrow b
         WHERE b.state = 'lent' AND b.due_date <= %(today)s
           AND (NOT b.overdue_reminded
                OR (NOT b.overdue_escalated AND b.due_date <= %(escalate)s))
    ), acts AS (
        SELECT d.id, u.user_id, %(return_type)s AS type_id
          FROM due d, LATERAL (VALUES (d.borrower_id), (d.handler_id)) u(user_id)
         WHERE d.remind AND u.user_id IS NOT NULL
        UNION
        SELECT d.id, m.user_id, %(escalation_type)s
          FROM due d, unnest(%(managers)s::int[]) m(user_id)
         WHERE d.escalate
    ), ins AS (
        INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id,
                                   user_id, date_deadline, automated, active,
                                   create_uid, write_uid, create_date, write_date)
        SELECT %(model)s, 'crm.archive.borrow', id, type_id, user_id, %(today)s, TRUE,
               TRUE, 1, 1, now(), now()
          FROM acts
    )
    UPDATE crm_archive_borrow b
       SET overdue_reminded = TRUE, overdue_escalated = b.overdue_escalated OR due.escalate
      FROM due WHERE b.id = due.id
"""
REVIEW_BASELINE = """
    INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id, user_id,
                               date_deadline, automated, active, summary,
                               create_uid, write_uid, create_date, write_date)
    SELECT %(model)s, 'res.partner', p.id, %(type)s, COALESCE(p.reviewer_id, p.user_id),
           p.next_review_date, TRUE, TRUE, 'Profile review', 1, 1, now(), now()
      FROM res_partner p
     WHERE p.active AND p.parent_id IS NULL AND p.customer_state IS NOT NULL
       AND p.next_review_date <= %(today)s
       AND COALESCE(p.reviewer_id, p.user_id) IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM mail_activity a
                        WHERE a.res_model = 'res.partner' AND a.res_id = p.id
                          AND a.activity_type_id = %(type)s)
"""


def bench_crons(env):
    from datetime import timedelta

    from odoo import fields

    IrCron = type(env["ir.cron"])
    Activity = env["mail.activity"]
    today = fields.Date.context_today(env["res.partner"])
    managers = env.ref("crm_customer_info.group_manager").all_user_ids.filtered(
        lambda u: u.active and not u.share
    )

    def no_commit(self, processed=0, *, remaining=None, deactivate=False):
        return float("inf")

    def count_activities(func):
        def run():
            before = Activity.search_count([])
            func()
            env.flush_all()
            return Activity.search_count([]) - before

        return run

    rows = []
    with patch.object(IrCron, "_commit_progress", no_commit):
        ours, n_ours = measure(
            env, count_activities(env["crm.archive.borrow"]._cron_borrow_overdue)
        )
        params = {
            "today": today,
            "escalate": today - timedelta(days=3),
            "return_type": env.ref("crm_customer_info.mail_activity_type_borrow_return").id,
            "escalation_type": env.ref("crm_customer_info.mail_activity_type_borrow_escalation").id,
            "managers": managers.ids,
            "model": env["ir.model"]._get_id("crm.archive.borrow"),
        }
        base, n_base = measure(env, count_activities(sql(env, BORROW_BASELINE, params)))
        rows.append(
            row(
                "5a. overdue-loan cron",
                ours,
                base,
                note=f"{n_ours} activities (SQL {n_base})",
            )
        )
        ours, n_ours = measure(env, count_activities(env["res.partner"]._cron_review_profiles))
        params = {
            "today": today,
            "type": env.ref("crm_customer_info.mail_activity_type_profile_review").id,
            "model": env["ir.model"]._get_id("res.partner"),
        }
        base, n_base = measure(env, count_activities(sql(env, REVIEW_BASELINE, params)))
        rows.append(row("5b. review cron", ours, base, note=f"{n_ours} activities (SQL {n_base})"))
    return rows


# ----------------------------------------------------------------------
# 6. Portal
# ----------------------------------------------------------------------
def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    def __init__(self, url, db):
        self.url, self.db = url, db
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def login(self, login, password):
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"db": self.db, "login": login, "password": password},
            }
        ).encode()
        req = urllib.request.Request(
            self.url + "/web/session/authenticate", body, {"Content-Type": "application/json"}
        )
        with self.opener.open(req, timeout=60) as resp:
            reply = json.loads(resp.read())
        if "error" in reply:
            raise RuntimeError(f"portal login {login}: {reply['error']}")

    def get(self, path):
        start = time.perf_counter()
        with self.opener.open(self.url + path, timeout=120) as resp:
            resp.read()
            status, final = resp.status, resp.geturl()
        return time.perf_counter() - start, status, final


def bench_portal(db):
    port = _free_port()
    logfile = Path(f"/tmp/{db}-server.log")
    cmd = [
        str(VENV_BIN / "odoo"),
        "server",
        "-c",
        str(CONF),
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--workers=2",
        "--max-cron-threads=0",
        "--log-level=warn",
        f"--logfile={logfile}",
    ]
    url = f"http://127.0.0.1:{port}"
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL) as proc:
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/web/health", timeout=5) as resp:
                        if resp.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Odoo did not start, see {logfile}")
                time.sleep(0.5)
            clients = []
            for i in range(1, min(PORTAL_CLIENTS, PORTAL_USERS) + 1):
                client = Client(url, db)
                client.login(f"bench_portal_{i}", PORTAL_PASSWORD)
                clients.append(client)
            for client in clients:  # warm-up: assets, caches, templates
                _elapsed, status, final = client.get("/my/profile")
                if status != 200 or not final.endswith("/my/profile"):
                    raise RuntimeError(f"/my/profile answered {status} at {final}")
            rows = [_load(clients[:1], 20, 0, "6a. portal /my/profile, 1 client")]
            rows.append(
                _load(clients, PORTAL_REQUESTS, 1.0, "6b. portal, 20 clients, ~1 s think time")
            )
            rows.append(_load(clients, PORTAL_REQUESTS, 0, "6c. portal, 20 clients back-to-back"))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    return rows


def _load(clients, requests, think, name):
    """Every client GETs /my/profile ``requests`` times, pausing ``think``
    seconds on average between two pages; p50 and p95 of the latencies."""
    latencies, errors = [], []
    lock = threading.Lock()

    def work(client, seed):
        rnd = random.Random(seed)
        for _ in range(requests):
            if think:
                time.sleep(rnd.uniform(0.5 * think, 1.5 * think))
            try:
                elapsed, _status, _final = client.get("/my/profile")
            except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
                with lock:
                    errors.append(str(err))
                continue
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=work, args=(c, i)) for i, c in enumerate(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    note = (
        f"p95 {p95 * 1000:.0f} ms; {len(latencies)} requests in {wall:.1f}s "
        f"({len(latencies) / wall:.1f}/s)" + (f", {len(errors)} errors" if errors else "")
    )
    return row(name, p50, None, note=note, p95=p95)


# ----------------------------------------------------------------------
# run
# ----------------------------------------------------------------------
def row(name, ours, base, note="", **extra):
    return {
        "name": name,
        "ours_s": ours,
        "baseline_s": base,
        "ratio": (ours / base) if base else None,
        "note": note,
        **extra,
    }


def vacuum(db):
    with contextlib.closing(pg_connect(db)) as conn, conn.cursor() as cr:
        for table in ("res_partner", "crm_rfm_history", "mail_activity", "crm_archive_borrow"):
            cr.execute(f"VACUUM ANALYZE {table}")


def run_size(n, keep):
    db = bench_db_name(n)
    generated = None
    if not (keep and db_exists(db)):
        generated = generate(n, db)
    rows = []
    vacuum(db)
    with odoo_env(db) as env:
        counts = {}
        for model in (
            "res.partner",
            "account.move",
            "account.move.line",
            "crm.archive.document",
            "crm.archive.borrow",
        ):
            counts[model] = env[model].with_context(active_test=False).search_count([])
        log(f"{db}: {counts}")
    for bench in (bench_rfm, bench_exposure, bench_segments, bench_profile, bench_crons):
        log(f"{db}: {bench.__name__}")
        with odoo_env(db) as env:
            rows.extend(bench(env))
        # The rolled-back runs leave dead row versions: clean them up so that
        # the next benchmark sees the table as a production database would.
        vacuum(db)
    log(f"{db}: bench_portal")
    rows.extend(bench_portal(db))
    if not keep:
        drop_db(db)
    return {"n": n, "db": db, "generation_s": generated, "counts": counts, "rows": rows}


def fmt(seconds):
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def ratio(value):
    return "-" if value is None else f"{value:.2f}"


def table(results):
    small, large = results
    lines = [
        f"| operation | ours N={large['n']:,} | SQL N={large['n']:,} | ratio | "
        f"ours N={small['n']:,} | SQL N={small['n']:,} | ratio | "
        f"growth x{large['n'] // small['n']} | note (N) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for big, little in zip(large["rows"], small["rows"], strict=True):
        growth = (big["ours_s"] / little["ours_s"]) if little["ours_s"] else None
        cells = [
            big["name"],
            fmt(big["ours_s"]),
            fmt(big["baseline_s"]),
            ratio(big["ratio"]),
            fmt(little["ours_s"]),
            fmt(little["baseline_s"]),
            ratio(little["ratio"]),
            ratio(growth),
            big["note"],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    # 'make' exports BENCH_N empty when it is not given.
    n = int(os.environ.get("BENCH_N") or 100000)
    keep = os.environ.get("BENCH_KEEP", "") not in ("", "0")
    out = Path(os.environ.get("BENCH_OUT", Path(__file__).with_name("results.json")))
    results = []
    for size in (max(n // 10, 100), n):
        results.append(run_size(size, keep))
    text = table(results)
    print(text, flush=True)
    out.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d %H:%M"),
                "cpus": os.cpu_count(),
                "sizes": results,
                "table": text,
            },
            indent=2,
            default=str,
        )
        + "\n"
    )
    log(f"results written to {out}")


if __name__ == "__main__":
    main()
