from itertools import groupby

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

VISIT_STATES = [("draft", "Draft"), ("submitted", "Submitted")]
VISIT_TYPES = [
    ("visit", "Visit at the Customer"),
    ("office", "Meeting at Our Office"),
    ("phone", "Phone or Video Call"),
    ("event", "Event or Trade Fair"),
    ("other", "Other"),
]
# Only the salesperson edits these, and only while the report is a draft.
AUTHOR_FIELDS = frozenset(
    {
        "partner_id",
        "contact_ids",
        "visit_date",
        "visit_type",
        "purpose",
        "findings",
        "next_steps",
        "next_visit_date",
        "duration",
        "line_ids",
        "company_id",
    }
)
PROTECTED_FIELDS = frozenset({"state", "submitted_on", "info_report_id"})


class CrmVisitReport(models.Model):
    """客户访问日报 (seed 004 (2)): filled in by the salesperson during the
    visit, handed in at the agreed time, summarised per day."""

    _name = "crm.visit.report"
    _description = "Customer Visit Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.workflow.mixin",
        "crm.personal.data.mixin",
    ]
    _crm_protected_fields = PROTECTED_FIELDS
    # Erasing a contact met strikes him out of the texts; erasing the
    # customer empties them.
    _crm_personal_text_fields = ("purpose", "findings", "next_steps")
    _order = "visit_date desc, user_id, id desc"

    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('parent_id', '=', False)]",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "crm_visit_report_contact_rel",
        "visit_id",
        "partner_id",
        string="Contacts Met",
        domain="[('commercial_partner_id', '=', partner_id), ('id', '!=', partner_id)]",
    )
    visit_date = fields.Date(
        string="Date", required=True, index=True, default=fields.Date.context_today
    )
    visit_type = fields.Selection(VISIT_TYPES, string="Kind", required=True, default="visit")
    duration = fields.Float(string="Duration (hours)", help="Time spent with the customer.")
    purpose = fields.Char(
        string="Visit Purpose", required=True, help="Why the customer was visited."
    )
    findings = fields.Text(
        help="What was learned: the customer's situation, needs, opinions, competitors..."
    )
    next_steps = fields.Text(help="What was agreed, and what to do next.")
    next_visit_date = fields.Date(string="Next Visit")
    line_ids = fields.One2many(
        "crm.info.report.line",
        "visit_report_id",
        string="Proposed Profile Changes",
        help="Changes of the customer profile learned during the visit; turn them into an "
        "information report for the archive administrator.",
    )
    info_report_id = fields.Many2one(
        "crm.info.report",
        string="Information Report",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    state = fields.Selection(
        VISIT_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    submitted_on = fields.Datetime(readonly=True, copy=False)
    is_author = fields.Boolean(compute="_compute_is_author")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("partner_id", "visit_date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = self.env._(
                "%(customer)s, %(date)s",
                customer=visit.partner_id.display_name or self.env._("New Visit"),
                date=format_date(self.env, visit.visit_date) if visit.visit_date else "",
            )

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_is_author(self):
        for visit in self:
            visit.is_author = visit.user_id == self.env.user

    @api.constrains("visit_date", "next_visit_date", "duration")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for visit in self:
            if visit.visit_date > today:
                raise ValidationError(
                    self.env._(
                        "A visit is reported once it took place: %(date)s is in the future.",
                        date=format_date(self.env, visit.visit_date),
                    )
                )
            if visit.next_visit_date and visit.next_visit_date < visit.visit_date:
                raise ValidationError(
                    self.env._("The next visit cannot be before the visit it follows.")
                )
            if visit.duration < 0 or visit.duration > 24:
                raise ValidationError(
                    self.env._(
                        "Duration of a visit: %(hours)s hours is not possible.",
                        hours=visit.duration,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = Partner.browse(vals["partner_id"]).commercial_partner_id.id
            if not self.env.su and vals.get("user_id", self.env.uid) != self.env.uid:
                raise UserError(
                    self.env._("A visit report is always made in the salesperson's name.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals and not self.env.su:
            raise UserError(self.env._("A visit report is always made in the salesperson's name."))
        if AUTHOR_FIELDS & vals.keys():
            self._check_author_can_edit()
        if vals.get("partner_id"):
            vals = dict(
                vals,
                partner_id=self.env["res.partner"]
                .browse(vals["partner_id"])
                .commercial_partner_id.id,
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if submitted := self.filtered(lambda visit: visit.state != "draft"):
            raise UserError(
                self.env._(
                    "Submitted visit reports are kept: %(visits)s",
                    visits=", ".join(submitted.mapped("display_name")),
                )
            )

    def _check_author_can_edit(self):
        if self.env.su:
            return
        reasons = [
            self.env._("%(visit)s is already submitted.", visit=visit.display_name)
            for visit in self
            if visit.state != "draft"
        ] + [
            self.env._("%(visit)s is not your visit.", visit=visit.display_name)
            for visit in self
            if visit.user_id != self.env.user
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "Only the salesperson edits a draft visit report:\n%(reasons)s",
                    reasons="\n".join(reasons),
                )
            )

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------

    def _raise_if_reasons(self, title, reasons):
        if reasons:
            raise UserError(
                self.env._("%(title)s\n%(reasons)s", title=title, reasons="\n".join(reasons))
            )

    def _check_can_submit(self):
        reasons = []
        for visit in self:
            if visit.state != "draft":
                reasons.append(
                    self.env._("%(visit)s is already submitted.", visit=visit.display_name)
                )
            if not self.env.su and visit.user_id != self.env.user:
                reasons.append(
                    self.env._(
                        "%(visit)s: only the salesperson submits it.", visit=visit.display_name
                    )
                )
            if not (visit.findings or "").strip() and not (visit.next_steps or "").strip():
                reasons.append(
                    self.env._(
                        "%(visit)s: write what was found or what comes next.",
                        visit=visit.display_name,
                    )
                )
        self._raise_if_reasons(self.env._("You cannot submit:"), reasons)

    def action_submit(self):
        self._check_can_submit()
        return self._action_submit(self._prepare_submit_values())

    def _prepare_submit_values(self):
        return {"state": "submitted", "submitted_on": fields.Datetime.now()}

    def _action_submit(self, values):
        return self._crm_transition_write(values)

    # ------------------------------------------------------------------
    # From the visit to the archive: an information report
    # ------------------------------------------------------------------

    def _check_can_create_info_report(self):
        reasons = []
        for visit in self:
            if not visit.line_ids:
                reasons.append(
                    self.env._("%(visit)s proposes no profile change.", visit=visit.display_name)
                )
            if visit.info_report_id:
                reasons.append(
                    self.env._(
                        "%(visit)s is already reported in %(report)s.",
                        visit=visit.display_name,
                        report=visit.info_report_id.display_name,
                    )
                )
            if not self.env.su and visit.user_id != self.env.user:
                reasons.append(self.env._("%(visit)s is not your visit.", visit=visit.display_name))
        self._raise_if_reasons(self.env._("You cannot create an information report:"), reasons)

    def _prepare_info_report_values(self):
        self.ensure_one()
        return {
            "report_type": "routine",
            "partner_id": self.partner_id.id,
            "subject": self.env._(
                "Visit of %(date)s: %(purpose)s",
                date=format_date(self.env, self.visit_date),
                purpose=self.purpose,
            ),
            "description": self.findings,
            "visit_report_id": self.id,
            "company_id": self.company_id.id,
            "line_ids": [
                Command.create(
                    {
                        "sequence": line.sequence,
                        "field_name": line.field_name,
                        "new_value": line.new_value,
                    }
                )
                for line in self.line_ids
            ],
        }

    def action_create_info_report(self):
        """One click: the visit's proposed changes become a draft information
        report, ready to submit to the archive administrator."""
        self._check_can_create_info_report()
        Report = self.env["crm.info.report"]
        for visit in self:
            report = Report.create(visit._prepare_info_report_values())
            visit._crm_transition_write({"info_report_id": report.id})
            visit.message_post(
                body=self.env._("Information report %(report)s created.", report=report.name)
            )
        if len(self) != 1:
            return True
        return self.action_open_info_report()

    def action_open_info_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.info.report",
            "res_id": self.info_report_id.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Daily summary
    # ------------------------------------------------------------------

    def _get_daily_summary(self):
        """The visits of ``self`` per day and salesperson, for the daily summary:
        ``[{"date", "user", "visits", "customer_count", "hours"}]``."""

        def key(visit):
            return (visit.visit_date, visit.user_id.name or "", visit.user_id.id)

        summary = []
        for (date, __, __), group in groupby(self.sorted(key), key=key):
            visits = self.browse([visit.id for visit in group])
            summary.append(
                {
                    "date": date,
                    "user": visits.user_id,
                    "visits": visits,
                    "customer_count": len(visits.partner_id),
                    "hours": sum(visits.mapped("duration")),
                }
            )
        return summary
