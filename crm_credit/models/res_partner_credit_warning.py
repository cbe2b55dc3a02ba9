from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

WARNING_BATCH_SIZE = 200
EVALUATION_NOTICE_DAYS = 30


class ResPartner(models.Model):
    _inherit = "res.partner"

    broken_promise_count = fields.Integer(
        string="Broken Promises",
        compute="_compute_broken_promise_count",
        groups="crm_credit.group_credit_user",
        help="Instalments of confirmed repayment plans whose date passed without full payment.",
    )
    credit_warning_overdue = fields.Boolean(
        string="Long Overdue",
        compute="_compute_credit_warnings",
        groups="crm_credit.group_credit_user",
    )
    credit_warning_utilisation = fields.Boolean(
        string="Credit Nearly Used",
        compute="_compute_credit_warnings",
        groups="crm_credit.group_credit_user",
    )
    credit_warning_broken_promise = fields.Boolean(
        string="Broken Promise",
        compute="_compute_credit_warnings",
        groups="crm_credit.group_credit_user",
    )
    credit_warning_evaluation = fields.Boolean(
        string="Evaluation Expiring",
        compute="_compute_credit_warnings",
        groups="crm_credit.group_credit_user",
        help="The credit rating's evaluation expires within 30 days, or has expired.",
    )
    credit_warning = fields.Boolean(
        string="Credit Warning",
        compute="_compute_credit_warnings",
        groups="crm_credit.group_credit_user",
    )
    credit_warning_message = fields.Text(
        string="Credit Warning Message",
        compute="_compute_credit_warnings",
        groups="crm_credit.group_credit_user",
    )

    @api.depends_context("company")
    def _compute_broken_promise_count(self):
        plans = (
            self.env["crm.credit.repayment.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "=", self.env.company.id),
                    ("state", "in", ("confirmed", "done")),
                ]
            )
        )
        counts = dict.fromkeys(plans.partner_id.ids, 0)
        for line in plans.line_ids:
            if line.status == "broken":
                counts[line.partner_id.id] += 1
        for partner in self:
            partner.broken_promise_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.model
    def _get_credit_warning_thresholds(self):
        params = self.env["ir.config_parameter"].sudo()
        return (
            int(params.get_param("crm_credit.warning_overdue_days", 30) or 0),
            float(params.get_param("crm_credit.warning_utilisation", 90.0) or 0.0),
        )

    @api.depends_context("company", "lang")
    def _compute_credit_warnings(self):
        overdue_days, utilisation = self._get_credit_warning_thresholds()
        soon = fields.Date.context_today(self) + timedelta(days=EVALUATION_NOTICE_DAYS)
        for partner in self:
            messages = []
            partner.credit_warning_overdue = partner.credit_max_days_overdue > overdue_days
            if partner.credit_warning_overdue:
                messages.append(
                    self.env._(
                        "Receivable overdue for %(days)s days (threshold %(limit)s).",
                        days=partner.credit_max_days_overdue,
                        limit=overdue_days,
                    )
                )
            partner.credit_warning_utilisation = (
                partner.commercial_partner_id.credit_limit > 0
                and partner.credit_utilisation > utilisation
            )
            if partner.credit_warning_utilisation:
                messages.append(
                    self.env._(
                        "%(used).0f%% of the credit limit used (threshold %(limit).0f%%).",
                        used=partner.credit_utilisation,
                        limit=utilisation,
                    )
                )
            partner.credit_warning_broken_promise = partner.broken_promise_count > 0
            if partner.credit_warning_broken_promise:
                messages.append(
                    self.env._(
                        "%(count)s broken repayment promise(s).",
                        count=partner.broken_promise_count,
                    )
                )
            valid_until = partner.commercial_partner_id.credit_rating_valid_until
            partner.credit_warning_evaluation = bool(valid_until) and valid_until <= soon
            if partner.credit_warning_evaluation:
                messages.append(
                    self.env._(
                        "The credit evaluation expires on %(date)s: evaluate again.",
                        date=valid_until,
                    )
                )
            partner.credit_warning = bool(messages)
            partner.credit_warning_message = "\n".join(messages)

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _get_credit_warning_candidates(self, company):
        """Commercial partners that may carry a warning in ``company``: those
        with an open receivable or a confirmed repayment plan."""
        rows = self.env.execute_query(
            SQL(
                """
            SELECT DISTINCT partner.commercial_partner_id
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE account.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND NOT aml.reconciled
               AND aml.company_id = %(company)s
             UNION
            SELECT plan.partner_id
              FROM crm_credit_repayment_plan plan
             WHERE plan.state IN ('confirmed', 'done')
               AND plan.company_id = %(company)s
             UNION
            SELECT partner.id
              FROM res_partner partner
             WHERE partner.credit_rating_valid_until <= %(soon)s
               AND partner.active
            """,
                company=company.id,
                soon=fields.Date.context_today(self) + timedelta(days=EVALUATION_NOTICE_DAYS),
            )
        )
        return self.browse(sorted(row[0] for row in rows))

    @api.model
    def _cron_credit_warnings(self):
        """Open one "Credit Warning" activity per customer with a warning,
        assigned to the first credit manager of the company (the customer's
        salesperson when the company has none). Customers that already carry
        an open credit warning activity are skipped."""
        self.env["account.move.line"].flush_model()
        self.env["crm.credit.repayment.plan"].flush_model()
        activity_type = self.env.ref("crm_credit.mail_activity_type_credit_warning")
        managers = (
            self.env.ref("crm_credit.group_credit_manager")
            .all_user_ids.filtered(lambda user: user.active and not user.share)
            .sorted("id")
        )
        todo = []
        for company in self.env["res.company"].search([]):
            candidates = self._get_credit_warning_candidates(company)
            todo += [(company, batch) for batch in candidates._split_for_warnings()]
        self.env["ir.cron"]._commit_progress(remaining=sum(len(batch) for _c, batch in todo))
        for company, batch in todo:
            # The cron user need not be a credit user: read the flags as superuser.
            partners = batch.with_company(company).sudo()
            warned = partners.filtered("credit_warning")
            already = (
                self.env["mail.activity"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", "res.partner"),
                        ("res_id", "in", warned.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
            )
            already_ids = set(already.mapped("res_id"))
            warned = warned.browse([pid for pid in warned.ids if pid not in already_ids])
            company_managers = managers.filtered(lambda user, c=company: c in user.company_ids)
            vals_lists = defaultdict(list)
            for partner in warned:
                user = company_managers[:1] or partner.user_id
                if not user:
                    continue
                # In the language of the user who follows it up, and so is
                # Odoo's "assigned to you" notification of the creation.
                partner = partner._crm_for_user(user)
                vals_lists[partner.env.lang].append(
                    {
                        "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "summary": partner.env._(
                            "Credit warning: %(partner)s", partner=partner.name
                        ),
                        "note": partner.credit_warning_message.replace("\n", "<br/>"),
                        "user_id": user.id,
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
            for lang, vals_list in vals_lists.items():
                self.env["mail.activity"].sudo().with_context(lang=lang).create(vals_list)
            if not self.env["ir.cron"]._commit_progress(len(batch)):
                break

    def _split_for_warnings(self):
        return [
            self[start : start + WARNING_BATCH_SIZE]
            for start in range(0, len(self), WARNING_BATCH_SIZE)
        ]
