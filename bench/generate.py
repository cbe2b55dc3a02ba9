"""Fill a benchmark database with N customers, set-based.

    python bench/generate.py --n 100000 [--db crm_bench_100000]

The database is cloned from ``crm_bench_base`` (the addons, no demo data) and
filled with plain SQL, one INSERT ... SELECT per table:

- N customers, a third organisations, with lifecycle, grade, source, region,
  salesperson, consents, birthday and review dates;
- about 10 posted customer invoices per customer over three years (income
  and receivable line, no tax, due after 30 days) and, for the paid ones, a
  bank entry with its receivable line fully reconciled to the invoice
  (``account_partial_reconcile`` + ``account_full_reconcile``, residuals 0,
  ``payment_state`` 'paid'); the rest stay open and age;
- 2 archive documents per customer and a borrowing request per 5 customers.

Users (20 salespeople, 20 portal customers) and the five typical segments are
created through the ORM afterwards, since there are few of them.
"""

import argparse
import time

from common import bench_db_name, clone_base, log, odoo_env, pg_connect

SALESPEOPLE = 20
PORTAL_USERS = 20
PORTAL_PASSWORD = "bench-portal"
BULK_TABLES = (
    "res_partner",
    "account_move",
    "account_move_line",
    "account_partial_reconcile",
    "account_full_reconcile",
    "crm_archive_document",
    "crm_archive_borrow",
    "crm_archive_borrow_line",
)
SEGMENTS = [
    ("Bench: current key customers", {"customer_state": "current", "grade": 1}),
    ("Bench: champions", {"rfm": "Champions"}),
    ("Bench: organisations (agents)", {"extra_domain": "[('is_company', '=', True)]", "cat": 1}),
    ("Bench: email consent, one region", {"consent_channel": "email", "region": True}),
    ("Bench: birthdays in March", {"birthday_month": "3"}),
]


def _sql_steps():
    """(label, SQL) pairs, run in one transaction in this order."""
    return [
        (
            "reference data",
            """
            CREATE TEMP TABLE bench_ref AS
            SELECT (SELECT id FROM res_country WHERE code = 'CN') AS country_id,
                   (SELECT array_agg(id ORDER BY id) FROM res_country_state
                     WHERE country_id = (SELECT id FROM res_country WHERE code = 'CN'))
                       AS state_ids,
                   (SELECT array_agg(id ORDER BY id) FROM crm_customer_grade) AS grade_ids,
                   (SELECT array_agg(id ORDER BY id) FROM crm_customer_source) AS source_ids,
                   (SELECT array_agg(id ORDER BY id) FROM res_partner_industry) AS industry_ids,
                   (SELECT array_agg(id ORDER BY id) FROM crm_archive_category)
                       AS category_ids,
                   (SELECT array_agg(u.id ORDER BY u.id) FROM res_users u
                     WHERE u.login LIKE 'bench_sales_%%') AS user_ids,
                   (SELECT id FROM account_journal WHERE type = 'sale' ORDER BY id LIMIT 1)
                       AS sale_journal_id,
                   (SELECT id FROM account_journal WHERE type = 'bank' ORDER BY id LIMIT 1)
                       AS bank_journal_id,
                   (SELECT id FROM account_account WHERE account_type = 'asset_receivable'
                     ORDER BY id LIMIT 1) AS receivable_id,
                   (SELECT id FROM account_account WHERE account_type = 'income'
                     ORDER BY id LIMIT 1) AS income_id,
                   (SELECT default_account_id FROM account_journal
                     WHERE type = 'bank' ORDER BY id LIMIT 1) AS bank_account_id,
                   (SELECT id FROM res_company ORDER BY id LIMIT 1) AS company_id,
                   (SELECT currency_id FROM res_company ORDER BY id LIMIT 1) AS currency_id
            """,
        ),
        (
            "customers",
            """
            CREATE TEMP TABLE bench_partner AS
            SELECT nextval('res_partner_id_seq') AS id, g,
                   (g %% 3 = 0) AS is_company, random() AS r1, random() AS r2,
                   random() AS r3, random() AS r4
              FROM generate_series(1, %(n)s) g;
            INSERT INTO res_partner (
                   id, name, complete_name, ref, is_company, type, active, lang, tz,
                   commercial_partner_id, email, phone, street, city, zip, country_id,
                   state_id, customer_rank, supplier_rank, customer_state, grade_id,
                   source_id, importance, user_id, reviewer_id, last_review_date,
                   next_review_date, first_trade_date, gender, birthday, birthday_month,
                   birthday_day, industry_id, org_nature, org_category, consent_email,
                   consent_sms, consent_phone, profile_completeness, autopost_bills,
                   partner_share, color, create_uid, write_uid, create_date, write_date)
            SELECT p.id,
                   CASE WHEN p.is_company THEN 'Bench Company ' || p.g
                        ELSE 'Bench Person ' || p.g END,
                   CASE WHEN p.is_company THEN 'Bench Company ' || p.g
                        ELSE 'Bench Person ' || p.g END,
                   'B' || p.g, p.is_company, 'contact', TRUE, 'en_US', 'Asia/Shanghai',
                   p.id, 'customer' || p.g || '@bench.example.com',
                   '+86 10 ' || lpad((p.g %% 100000000)::text, 8, '0'),
                   (p.g %% 997) || ' Bench Road', 'City ' || (p.g %% 300),
                   lpad((p.g %% 999999)::text, 6, '0'), ref.country_id,
                   ref.state_ids[1 + (p.g %% array_length(ref.state_ids, 1))],
                   1, 0,
                   CASE WHEN p.r1 < 0.75 THEN 'current' WHEN p.r1 < 0.9 THEN 'potential'
                        ELSE 'former' END,
                   ref.grade_ids[1 + floor(p.r2 * array_length(ref.grade_ids, 1))::int],
                   ref.source_ids[1 + (p.g %% array_length(ref.source_ids, 1))],
                   CASE WHEN p.r2 < 0.1 THEN 'important' WHEN p.r2 < 0.2 THEN 'special'
                        ELSE 'general' END,
                   ref.user_ids[1 + (p.g %% array_length(ref.user_ids, 1))],
                   ref.user_ids[1 + (p.g %% array_length(ref.user_ids, 1))],
                   -- reviews spread over the 60-day cycle: a daily cron's share is due
                   %(today)s::date - (1 + (p.g %% 60)),
                   %(today)s::date - (1 + (p.g %% 60)) + 60,
                   %(today)s::date - 1100 - (p.g %% 900),
                   CASE WHEN p.is_company THEN NULL
                        WHEN p.r3 < 0.5 THEN 'male' ELSE 'female' END,
                   CASE WHEN p.is_company THEN NULL
                        ELSE DATE '1950-01-01' + (p.r4 * 18000)::int END,
                   CASE WHEN p.is_company THEN NULL ELSE extract(month FROM
                        DATE '1950-01-01' + (p.r4 * 18000)::int)::int END,
                   CASE WHEN p.is_company THEN NULL ELSE extract(day FROM
                        DATE '1950-01-01' + (p.r4 * 18000)::int)::int END,
                   CASE WHEN p.is_company AND array_length(ref.industry_ids, 1) > 0
                        THEN ref.industry_ids[1 + (p.g %% array_length(ref.industry_ids, 1))]
                   END,
                   CASE WHEN p.is_company THEN (ARRAY['individual', 'collective',
                        'partnership', 'state_owned', 'joint_stock', 'other'])[1 + p.g %% 6]
                   END,
                   CASE WHEN p.is_company THEN (ARRAY['agent', 'wholesaler_1',
                        'wholesaler_2', 'key_retailer', 'other'])[1 + p.g %% 5] END,
                   p.r3 < 0.6, p.r3 < 0.3, p.r3 < 0.2,
                   CASE WHEN p.is_company THEN 31 ELSE 47 END,
                   'ask', TRUE, 0, 1, 1, now() - interval '4 years', now()
              FROM bench_partner p, bench_ref ref;
            """,
        ),
        (
            "invoices",
            """
            CREATE TEMP TABLE bench_inv AS
            SELECT partner_id, invoice_date, amount, invoice_date + 30 AS due_date,
                   -- paid: older invoices almost always, recent ones less often
                   random() < CASE WHEN invoice_date + 30 < %(today)s::date - 90 THEN 0.97
                                   WHEN invoice_date + 30 < %(today)s::date THEN 0.7
                                   ELSE 0.3 END AS paid
              FROM (
                    SELECT p.id AS partner_id,
                           %(today)s::date - floor(random() * 1095)::int AS invoice_date,
                           round((50 + random() * 4950)::numeric, 2) AS amount
                      FROM bench_partner p
                     CROSS JOIN LATERAL generate_series(1, 1 + floor(p.r4 * 19)::int) s
                   ) x
          ORDER BY invoice_date, partner_id;
            -- every id up front: no join back on the tables being filled
            CREATE TEMP TABLE bench_move AS
            SELECT nextval('account_move_id_seq') AS id,
                   nextval('account_move_line_id_seq') AS line_id,
                   row_number() OVER (PARTITION BY extract(year FROM invoice_date)
                                      ORDER BY invoice_date, partner_id) AS seq,
                   i.*,
                   LEAST(due_date - floor(random() * 25)::int, %(today)s::date) AS pay_date
              FROM bench_inv i;
            ALTER TABLE bench_move ADD COLUMN pay_id bigint, ADD COLUMN pay_line_id bigint,
                                   ADD COLUMN full_id bigint, ADD COLUMN pay_seq bigint;
            UPDATE bench_move SET pay_id = nextval('account_move_id_seq'),
                                  pay_line_id = nextval('account_move_line_id_seq'),
                                  full_id = nextval('account_full_reconcile_id_seq')
             WHERE paid;
            UPDATE bench_move SET pay_seq = s.rn FROM (
                SELECT pay_id, row_number() OVER (PARTITION BY extract(year FROM pay_date)
                                                  ORDER BY pay_date, pay_id) AS rn
                  FROM bench_move WHERE paid) s
             WHERE s.pay_id = bench_move.pay_id;
            ANALYZE bench_move;
            INSERT INTO account_move (
                   id, name, sequence_prefix, sequence_number, date, state, move_type,
                   journal_id, company_id, currency_id, partner_id, commercial_partner_id,
                   invoice_date, invoice_date_due, invoice_partner_display_name,
                   amount_untaxed, amount_tax, amount_total, amount_residual,
                   amount_untaxed_signed, amount_untaxed_in_currency_signed,
                   amount_tax_signed, amount_total_signed, amount_total_in_currency_signed,
                   amount_residual_signed, payment_state, auto_post, is_move_sent,
                   invoice_user_id, create_uid, write_uid, create_date, write_date)
            SELECT i.id,
                   'INV/' || extract(year FROM i.invoice_date) || '/'
                       || lpad(i.seq::text, 6, '0'),
                   'INV/' || extract(year FROM i.invoice_date) || '/', i.seq,
                   i.invoice_date, 'posted', 'out_invoice', ref.sale_journal_id,
                   ref.company_id, ref.currency_id, i.partner_id, i.partner_id,
                   i.invoice_date, i.due_date, rp.name,
                   i.amount, 0, i.amount, CASE WHEN i.paid THEN 0 ELSE i.amount END,
                   i.amount, i.amount, 0, i.amount, i.amount,
                   CASE WHEN i.paid THEN 0 ELSE i.amount END,
                   CASE WHEN i.paid THEN 'paid' ELSE 'not_paid' END, 'no', TRUE,
                   rp.user_id, 1, 1, i.invoice_date, i.invoice_date
              FROM bench_move i JOIN res_partner rp ON rp.id = i.partner_id, bench_ref ref;
            INSERT INTO account_move_line (
                   id, move_id, move_name, date, parent_state, journal_id, company_id,
                   company_currency_id, currency_id, account_id, partner_id, display_type,
                   name, debit, credit, balance, amount_currency, amount_residual,
                   amount_residual_currency, reconciled, full_reconcile_id, matching_number,
                   date_maturity, quantity, price_unit, price_subtotal, price_total, discount,
                   sequence, create_uid, write_uid, create_date, write_date)
            SELECT nextval('account_move_line_id_seq'), i.id,
                   'INV/' || extract(year FROM i.invoice_date) || '/'
                       || lpad(i.seq::text, 6, '0'),
                   i.invoice_date, 'posted', ref.sale_journal_id,
                   ref.company_id, ref.currency_id, ref.currency_id, ref.income_id,
                   i.partner_id, 'product', 'Bench goods', 0, i.amount, -i.amount,
                   -i.amount, 0, 0, FALSE, NULL, NULL, NULL, 1, i.amount, i.amount, i.amount,
                   0, 10, 1, 1, i.invoice_date, i.invoice_date
              FROM bench_move i, bench_ref ref
            UNION ALL
            SELECT i.line_id, i.id,
                   'INV/' || extract(year FROM i.invoice_date) || '/'
                       || lpad(i.seq::text, 6, '0'),
                   i.invoice_date, 'posted', ref.sale_journal_id,
                   ref.company_id, ref.currency_id, ref.currency_id, ref.receivable_id,
                   i.partner_id, 'payment_term', '', i.amount, 0, i.amount, i.amount,
                   CASE WHEN i.paid THEN 0 ELSE i.amount END,
                   CASE WHEN i.paid THEN 0 ELSE i.amount END, i.paid, i.full_id,
                   i.full_id::text, i.due_date, 0, 0, 0, 0, 0, 10, 1, 1, i.invoice_date,
                   i.invoice_date
              FROM bench_move i, bench_ref ref;
            """,
        ),
        (
            "payments",
            """
            INSERT INTO account_move (
                   id, name, sequence_prefix, sequence_number, date, state, move_type,
                   journal_id, company_id, currency_id, partner_id, commercial_partner_id,
                   amount_untaxed, amount_tax, amount_total, amount_residual,
                   amount_untaxed_signed, amount_untaxed_in_currency_signed,
                   amount_tax_signed, amount_total_signed, amount_total_in_currency_signed,
                   amount_residual_signed, payment_state, auto_post, ref,
                   create_uid, write_uid, create_date, write_date)
            SELECT y.pay_id,
                   'BNK1/' || extract(year FROM y.pay_date) || '/'
                       || lpad(y.pay_seq::text, 6, '0'),
                   'BNK1/' || extract(year FROM y.pay_date) || '/', y.pay_seq, y.pay_date,
                   'posted', 'entry', ref.bank_journal_id, ref.company_id, ref.currency_id,
                   y.partner_id, y.partner_id, 0, 0, y.amount, 0, 0, 0, 0, y.amount,
                   y.amount, 0, 'not_paid', 'no',
                   'Payment of INV/' || extract(year FROM y.invoice_date) || '/'
                       || lpad(y.seq::text, 6, '0'),
                   1, 1, y.pay_date, y.pay_date
              FROM bench_move y, bench_ref ref WHERE y.paid;
            INSERT INTO account_full_reconcile (id, create_uid, write_uid, create_date,
                                                write_date)
            SELECT full_id, 1, 1, pay_date, pay_date FROM bench_move WHERE paid;
            INSERT INTO account_move_line (
                   id, move_id, move_name, date, parent_state, journal_id, company_id,
                   company_currency_id, currency_id, account_id, partner_id, display_type,
                   name, debit, credit, balance, amount_currency, amount_residual,
                   amount_residual_currency, reconciled, full_reconcile_id, matching_number,
                   quantity, price_unit, price_subtotal, price_total, discount, sequence,
                   create_uid, write_uid, create_date, write_date)
            SELECT nextval('account_move_line_id_seq'), y.pay_id,
                   'BNK1/' || extract(year FROM y.pay_date) || '/'
                       || lpad(y.pay_seq::text, 6, '0'),
                   y.pay_date, 'posted', ref.bank_journal_id, ref.company_id,
                   ref.currency_id, ref.currency_id, ref.bank_account_id, y.partner_id,
                   'product', 'Customer payment', y.amount, 0, y.amount, y.amount, 0, 0,
                   FALSE, NULL, NULL, 0, 0, 0, 0, 0, 10, 1, 1, y.pay_date, y.pay_date
              FROM bench_move y, bench_ref ref WHERE y.paid
            UNION ALL
            SELECT y.pay_line_id, y.pay_id,
                   'BNK1/' || extract(year FROM y.pay_date) || '/'
                       || lpad(y.pay_seq::text, 6, '0'),
                   y.pay_date, 'posted', ref.bank_journal_id, ref.company_id,
                   ref.currency_id, ref.currency_id, ref.receivable_id, y.partner_id,
                   'payment_term', 'Customer payment', 0, y.amount, -y.amount, -y.amount,
                   0, 0, TRUE, y.full_id, y.full_id::text, 0, 0, 0, 0, 0, 10, 1, 1,
                   y.pay_date, y.pay_date
              FROM bench_move y, bench_ref ref WHERE y.paid;
            INSERT INTO account_partial_reconcile (
                   debit_move_id, credit_move_id, full_reconcile_id, company_id,
                   debit_currency_id, credit_currency_id, amount, debit_amount_currency,
                   credit_amount_currency, max_date, create_uid, write_uid, create_date,
                   write_date)
            SELECT y.line_id, y.pay_line_id, y.full_id, ref.company_id, ref.currency_id,
                   ref.currency_id, y.amount, y.amount, y.amount, y.pay_date, 1, 1,
                   y.pay_date, y.pay_date
              FROM bench_move y, bench_ref ref WHERE y.paid;
            """,
        ),
        (
            "archive documents",
            """
            CREATE TEMP TABLE bench_doc AS
            SELECT nextval('crm_archive_document_id_seq') AS id, p.id AS partner_id, p.g, c
              FROM bench_partner p, generate_series(1, 2) c;
            INSERT INTO crm_archive_document (
                   id, partner_id, category_id, number, running_number, title, document_date,
                   year, pages, original, confidentiality, state, shared_with_customer,
                   company_id, create_uid, write_uid, create_date, write_date)
            SELECT p.id, p.partner_id, ref.category_ids[p.c], 'B' || p.g || '-' || p.c || '-001',
                   1, 'Bench document ' || p.g || '/' || p.c,
                   %(today)s::date - ((p.g * 7 + p.c * 13) %% 1000),
                   extract(year FROM %(today)s::date - ((p.g * 7 + p.c * 13) %% 1000)),
                   1 + (p.g %% 20), CASE WHEN p.c = 1 THEN 'original' ELSE 'copy' END,
                   (ARRAY['internal', 'internal', 'confidential', 'secret'])[1 + (p.g + p.c) %% 4],
                   'filed', p.c = 2, ref.company_id, 1, 1, now(), now()
              FROM bench_doc p, bench_ref ref;
            """,
        ),
        (
            "borrowing requests",
            """
            CREATE TEMP TABLE bench_borrow AS
            SELECT nextval('crm_archive_borrow_id_seq') AS id, d.id AS document_id,
                   (d.g + 4) / 5 AS g, %(today)s::date - (((d.g + 4) / 5) %% 1000) AS request_date
              FROM bench_doc d WHERE d.c = 2 AND d.g %% 5 = 1;
            INSERT INTO crm_archive_borrow (
                   id, name, borrower_id, handler_id, approver_id, purpose, mode,
                   request_date, due_date, state, lent_on, returned_on, company_id,
                   overdue_reminded, overdue_escalated, renewal_count,
                   create_uid, write_uid, create_date, write_date)
            SELECT b.id, 'BRW/' || lpad(b.g::text, 6, '0'),
                   ref.user_ids[1 + (b.g %% array_length(ref.user_ids, 1))],
                   ref.user_ids[1 + ((b.g + 1) %% array_length(ref.user_ids, 1))],
                   ref.user_ids[1 + ((b.g + 1) %% array_length(ref.user_ids, 1))],
                   'Bench visit preparation', 'lend', b.request_date,
                   b.request_date + 7,
                   CASE WHEN b.request_date + 7 < %(today)s::date - 30 THEN 'returned'
                        ELSE 'lent' END,
                   b.request_date,
                   CASE WHEN b.request_date + 7 < %(today)s::date - 30
                        THEN b.request_date + 5 END,
                   ref.company_id,
                   -- the reminders of earlier days were sent: today's cron has the
                   -- requests that fell due or reached the escalation delay today
                   b.request_date + 7 < %(today)s::date,
                   b.request_date + 10 < %(today)s::date,
                   0, 1, 1, now(), now()
              FROM bench_borrow b, bench_ref ref;
            INSERT INTO crm_archive_borrow_line (
                   borrow_id, document_id, state, company_id, create_uid, write_uid,
                   create_date, write_date)
            SELECT b.id, b.document_id, br.state, br.company_id, 1, 1, now(), now()
              FROM bench_borrow b JOIN crm_archive_borrow br ON br.id = b.id;
            UPDATE crm_archive_document d SET state = 'lent'
              FROM bench_borrow b JOIN crm_archive_borrow br ON br.id = b.id
             WHERE d.id = b.document_id AND br.state = 'lent';
            """,
        ),
    ]


def _create_users(db):
    with odoo_env(db) as env:
        group_user = env.ref("base.group_user")
        groups = [group_user]
        for xmlid in (
            "sales_team.group_sale_salesman",
            "crm_customer_info.group_customer_service",
            "crm_customer_info.group_archivist",
            "crm_credit.group_credit_user",
            "crm_campaigns.group_campaign_user",
        ):
            group = env.ref(xmlid, raise_if_not_found=False)
            if group:
                groups.append(group)
        env["res.users"].with_context(no_reset_password=True).create(
            [
                {
                    "name": f"Bench Salesperson {i}",
                    "login": f"bench_sales_{i}",
                    "group_ids": [(6, 0, [g.id for g in groups])],
                }
                for i in range(1, SALESPEOPLE + 1)
            ]
        )
        env.cr.commit()


def _after_sql(db):
    """Portal users, segments, the figures of the addons, statistics."""
    with odoo_env(db) as env:
        partners = env["res.partner"].search(
            [("ref", "=like", "B%"), ("is_company", "=", False), ("customer_rank", ">", 0)],
            limit=PORTAL_USERS,
            order="id",
        )
        portal = env.ref("base.group_portal")
        env["res.users"].with_context(no_reset_password=True).create(
            [
                {
                    "name": partner.name,
                    "login": f"bench_portal_{i}",
                    "password": PORTAL_PASSWORD,
                    "partner_id": partner.id,
                    "group_ids": [(6, 0, [portal.id])],
                }
                for i, partner in enumerate(partners, 1)
            ]
        )
        Segment = env["crm.customer.segment"]
        grade = env["crm.customer.grade"].search([], order="id", limit=1)
        champions = env["crm.rfm.segment"].search([("name", "=", "Champions")], limit=1)
        region = env["res.country.state"].search([("country_id.code", "=", "CN")], limit=1)
        for name, spec in SEGMENTS:
            vals = {"name": name}
            if "customer_state" in spec:
                vals["customer_state"] = spec["customer_state"]
            if "grade" in spec:
                vals["grade_ids"] = [(6, 0, grade.ids)]
            if "rfm" in spec:
                vals["rfm_segment_ids"] = [(6, 0, champions.ids)]
            if "extra_domain" in spec:
                vals["extra_domain"] = spec["extra_domain"]
                vals["org_category"] = "agent"
            if "consent_channel" in spec:
                vals["consent_channel"] = spec["consent_channel"]
                vals["state_ids"] = [(6, 0, region.ids)]
            if "birthday_month" in spec:
                vals["birthday_month"] = spec["birthday_month"]
            Segment.create(vals)
        env.cr.commit()
        # The steps of _crm_compute_segmentation(), with fresh statistics in
        # between: each one reads the columns the previous one just wrote.
        Partner = env["res.partner"]
        for compute in (
            Partner._crm_compute_rfm,
            Partner._crm_compute_value,
            Partner._crm_compute_churn,
        ):
            compute()
            env.cr.commit()
            env.cr.execute("ANALYZE res_partner")


def generate(n, db=None):
    db = db or bench_db_name(n)
    started = time.perf_counter()
    log(f"{db}: cloning the base database")
    clone_base(db)
    _create_users(db)
    today = time.strftime("%Y-%m-%d")
    conn = pg_connect(db)
    conn.autocommit = False
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT setseed(0.42)")
            # Bulk load: no foreign-key triggers (the data is built consistent),
            # secondary indexes dropped and rebuilt once at the end.
            cr.execute("SET LOCAL session_replication_role = replica")
            cr.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cr.execute("SET LOCAL work_mem = '256MB'")
            cr.execute(
                """SELECT indexname, indexdef FROM pg_indexes
                    WHERE schemaname = 'public' AND tablename IN %s
                      AND indexdef NOT LIKE 'CREATE UNIQUE%%'""",
                [BULK_TABLES],
            )
            indexes = cr.fetchall()
            for name, _definition in indexes:
                cr.execute(f'DROP INDEX "{name}"')
            for label, query in _sql_steps():
                step = time.perf_counter()
                cr.execute(query, {"n": n, "today": today})
                log(f"{db}: {label} in {time.perf_counter() - step:.1f}s")
            step = time.perf_counter()
            durations = []
            for name, definition in indexes:
                start = time.perf_counter()
                cr.execute(definition)
                durations.append((time.perf_counter() - start, name))
            slowest = ", ".join(f"{name} {t:.1f}s" for t, name in sorted(durations)[-4:])
            log(f"{db}: slowest indexes: {slowest}")
            log(f"{db}: {len(indexes)} indexes rebuilt in {time.perf_counter() - step:.1f}s")
            for table in BULK_TABLES:
                cr.execute(
                    f"SELECT setval('{table}_id_seq', (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
        conn.commit()
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    step = time.perf_counter()
    _after_sql(db)
    log(f"{db}: users, segments and segmentation in {time.perf_counter() - step:.1f}s")
    elapsed = time.perf_counter() - started
    log(f"{db}: {n} customers generated in {elapsed:.0f}s")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="customers (default 100,000)")
    parser.add_argument("--db", help="database name (default crm_bench_<n>)")
    args = parser.parse_args()
    generate(args.n, args.db)


if __name__ == "__main__":
    main()
