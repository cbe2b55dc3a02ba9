from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

CUSTOMER_INFO_MANAGER = "crm_customer_info.group_manager"

# Settings (res.config.settings), with their defaults.
PARAM_PERIOD_MONTHS = ("crm_campaigns.cleanup_period_months", 12)
PARAM_MIN_INVOICES = ("crm_campaigns.cleanup_min_invoices", 2)
PARAM_NO_REPURCHASE_DAYS = ("crm_campaigns.cleanup_no_repurchase_days", 365)
PARAM_COMPLAINTS = ("crm_campaigns.cleanup_complaint_threshold", 3)
PARAM_GRADES = "crm_campaigns.cleanup_grade_ids"

# Seed 002, 不需入库的: 购买有限、复购率很低甚至为零; 没有忠诚度、行业口碑差.
CLEANUP_REASONS = [
    ("few_purchases", "Few Purchases"),
    ("no_repurchase", "No Repurchase"),
    ("poor_reputation", "Poor Reputation"),
]


class ResPartner(models.Model):
    """Customers not worth keeping in the customer database (seed 002): they
    are proposed for archiving (``active``), never deleted, and keep the
    reason they were archived for."""

    _inherit = "res.partner"
    # Written by the clean-up only, which archives the customer (crm.workflow.mixin).
    _crm_protected_fields = frozenset({"cleanup_reason", "cleanup_date", "cleanup_user_id"})

    cleanup_reason = fields.Text(
        string="Archived Because",
        readonly=True,
        copy=False,
        help="Why the customer was archived by the customer database clean-up.",
        groups="base.group_user",
    )
    cleanup_date = fields.Date(
        string="Archived On", readonly=True, copy=False, groups="base.group_user"
    )
    cleanup_user_id = fields.Many2one(
        "res.users",
        string="Archived By",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    @api.model
    def _crm_cleanup_setting(self, param):
        key, default = param
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _crm_cleanup_grades(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_GRADES) or ""
        ids = [int(part) for part in value.split(",") if part.strip().isdigit()]
        return self.env["crm.customer.grade"].sudo().browse(ids).exists()

    @api.model
    def _crm_cleanup_thresholds(self):
        today = fields.Date.context_today(self)
        months = self._crm_cleanup_setting(PARAM_PERIOD_MONTHS)
        return {
            "today": today,
            "since": today - relativedelta(months=months),
            "months": months,
            "min_invoices": self._crm_cleanup_setting(PARAM_MIN_INVOICES),
            "no_repurchase_before": today
            - timedelta(days=self._crm_cleanup_setting(PARAM_NO_REPURCHASE_DAYS)),
            "complaints": self._crm_cleanup_setting(PARAM_COMPLAINTS),
            "grades": self._crm_cleanup_grades(),
        }

    # ------------------------------------------------------------------
    # Candidates: one query per rule
    # ------------------------------------------------------------------

    @api.model
    def _crm_cleanup_customers_sql(self):
        """Active customer files (commercial partners) that may be archived:
        not a user's partner, not a company's."""
        return SQL(
            """
            SELECT p.id
              FROM res_partner p
             WHERE p.active
               AND p.parent_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
            """
        )

    @api.model
    def _crm_cleanup_invoice_stats(self, thresholds):
        """``{partner id: (invoices in the period, invoices ever, first, last)}``
        of posted customer invoices, per customer file."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.commercial_partner_id,
                       count(*) FILTER (WHERE m.invoice_date >= %(since)s),
                       count(*),
                       min(m.invoice_date),
                       max(m.invoice_date)
                  FROM account_move m
                 WHERE m.move_type = 'out_invoice'
                   AND m.state = 'posted'
                   AND m.company_id IN %(companies)s
                   AND m.commercial_partner_id IN (%(customers)s)
              GROUP BY m.commercial_partner_id
                """,
                since=thresholds["since"],
                companies=tuple(self.env.companies.ids),
                customers=self._crm_cleanup_customers_sql(),
            )
        )
        return {row[0]: row[1:] for row in rows}

    @api.model
    def _crm_cleanup_complaint_counts(self, thresholds):
        if "crm.complaint" not in self.env:
            return {}
        return self.env["crm.complaint"]._count_by_partner(date_from=thresholds["since"])

    @api.model
    def _crm_cleanup_bad_grades(self, thresholds):
        """``{partner id: grade id}`` of customers graded among the configured grades."""
        if not thresholds["grades"]:
            return {}
        return dict(
            self.env.execute_query(
                SQL(
                    "SELECT p.id, p.grade_id FROM res_partner p"
                    " WHERE p.grade_id IN %s AND p.id IN (%s)",
                    tuple(thresholds["grades"].ids),
                    self._crm_cleanup_customers_sql(),
                )
            )
        )

    @api.model
    def _crm_cleanup_blocked_ids(self):
        """Customer files never proposed: open receivables, documents of the
        archive on loan and, with Customer Credit, repayment plans under way."""
        self.env.flush_all()
        queries = [
            SQL(
                """
                SELECT DISTINCT partner.commercial_partner_id
                  FROM account_move_line line
                  JOIN account_account account ON account.id = line.account_id
                  JOIN res_partner partner ON partner.id = line.partner_id
                 WHERE line.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND NOT line.reconciled
                   AND line.amount_residual != 0
                """
            ),
            SQL(
                """
                SELECT DISTINCT document.partner_id
                  FROM crm_archive_borrow_line line
                  JOIN crm_archive_document document ON document.id = line.document_id
                 WHERE line.state = 'lent'
                """
            ),
        ]
        if "crm.credit.repayment.plan" in self.env:
            queries.append(
                SQL(
                    "SELECT DISTINCT partner_id FROM crm_credit_repayment_plan"
                    " WHERE state IN ('draft', 'confirmed')"
                )
            )
        return {row[0] for query in queries for row in self.env.execute_query(query)}

    @api.model
    def _crm_cleanup_candidates(self):
        """Customers matching the "not worth keeping" rules of seed 002.

        :return: ``{partner id: {"reasons": [codes], "recent": int, "total":
            int, "last": date, "complaints": int}}``
        """
        self.env.flush_all()
        thresholds = self._crm_cleanup_thresholds()
        stats = self._crm_cleanup_invoice_stats(thresholds)
        complaints = self._crm_cleanup_complaint_counts(thresholds)
        reasons = defaultdict(list)
        for pid, (recent, total, first, last) in stats.items():
            # A customer of the whole period who bought less than the minimum.
            if first < thresholds["since"] and recent < thresholds["min_invoices"]:
                reasons[pid].append("few_purchases")
            if total == 1 and last < thresholds["no_repurchase_before"]:
                reasons[pid].append("no_repurchase")
        bad_grades = self._crm_cleanup_bad_grades(thresholds)
        customers = {row[0] for row in self.env.execute_query(self._crm_cleanup_customers_sql())}
        too_many = {
            pid
            for pid, count in complaints.items()
            if thresholds["complaints"] > 0 and count >= thresholds["complaints"]
        }
        for pid in (set(bad_grades) | too_many) & customers:
            reasons[pid].append("poor_reputation")
        blocked = self._crm_cleanup_blocked_ids()
        no_stats = (0, 0, None, None)
        return {
            pid: {
                "reasons": codes,
                "recent": stats.get(pid, no_stats)[0],
                "total": stats.get(pid, no_stats)[1],
                "last": stats.get(pid, no_stats)[3],
                "complaints": complaints.get(pid, 0),
                "bad_grade_id": bad_grades.get(pid, False),
                "too_many_complaints": pid in too_many,
            }
            for pid, codes in reasons.items()
            if pid not in blocked
        }

    @api.model
    def _crm_cleanup_reason_text(self, codes, details=None):
        """The reasons in words, with the figures and thresholds behind them."""
        thresholds = self._crm_cleanup_thresholds()
        details = details or {}
        texts = {
            "few_purchases": self.env._(
                "Few purchases: %(count)s invoices in the last %(months)s months "
                "(fewer than %(minimum)s).",
                count=details.get("recent", 0),
                months=thresholds["months"],
                minimum=thresholds["min_invoices"],
            ),
            "no_repurchase": self.env._(
                "No repurchase: a single invoice, on %(date)s.",
                date=details.get("last") or "-",
            ),
        }
        if "poor_reputation" in codes:
            grade = self.env["crm.customer.grade"].browse(details.get("bad_grade_id"))
            parts = []
            if grade:
                parts.append(self.env._("grade %(grade)s", grade=grade.sudo().display_name))
            if details.get("too_many_complaints"):
                parts.append(
                    self.env._(
                        "%(count)s complaints in the last %(months)s months (%(minimum)s or more)",
                        count=details.get("complaints", 0),
                        months=thresholds["months"],
                        minimum=thresholds["complaints"],
                    )
                )
            texts["poor_reputation"] = self.env._(
                "Poor reputation: %(why)s.", why=", ".join(parts) or "-"
            )
        return "\n".join(texts[code] for code in codes)

    # ------------------------------------------------------------------
    # Archiving
    # ------------------------------------------------------------------

    def _crm_cleanup_archive(self, reasons):
        """Archive the customers (and their contacts), never delete them, with
        the reason of each one: ``reasons`` is ``{partner: text}``."""
        if not self.env.user.has_group(CUSTOMER_INFO_MANAGER):
            raise UserError(self.env._("Only customer-information managers archive customers."))
        today = fields.Date.context_today(self)
        for partner in self:
            reason = reasons[partner]
            contacts = partner.child_ids.filtered(lambda contact: not contact.user_ids)
            partner._crm_transition_write(
                {
                    "active": False,
                    "cleanup_reason": reason,
                    "cleanup_date": today,
                    "cleanup_user_id": self.env.uid,
                }
            )
            contacts.write({"active": False})
            partner.message_post(
                body=self.env._("Archived by the customer clean-up:\n%(reason)s", reason=reason)
            )
        return True
