from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

ARCHIVIST = "crm_customer_info.group_archive_admin"
MANAGER = "crm_customer_info.group_manager"
CREDIT_MANAGER = "crm_credit.group_credit_manager"
ACTIVITY_REVIEW = "crm_customer_info.mail_activity_type_info_report_review"
ACTIVITY_URGENT = "crm_customer_info.mail_activity_type_urgent_report"
SUBTYPE_SUBMITTED = "crm_customer_info.mt_info_report_submitted"
SUBTYPE_DECIDED = "crm_customer_info.mt_info_report_decided"

# Seed 004 (3): 营销员客户信息报告制度 (日常报告、紧急报告和定期报告).
REPORT_TYPES = [
    ("routine", "Routine Report"),
    ("urgent", "Urgent Report"),
    ("periodic", "Periodic Report"),
]
URGENT_REASONS = [
    ("financial_difficulty", "Financial Difficulty"),
    ("legal_representative", "Change of Legal Representative"),
    ("management_change", "Change of Management or Ownership"),
    ("restructuring", "Bankruptcy, Merger or Restructuring"),
    ("payment_default", "Payment Default"),
    ("major_complaint", "Major Complaint or Dispute"),
    ("other", "Other"),
]
REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("applied", "Applied"),
]
DECIDABLE_STATES = ("submitted", "accepted")
# Only the reporter edits these, and only while the report is a draft.
REPORTER_FIELDS = frozenset(
    {
        "report_type",
        "urgent_reason",
        "period_start",
        "period_end",
        "partner_id",
        "subject",
        "description",
        "line_ids",
        "admin_id",
        "company_id",
    }
)
# Set by the transitions only; never written by hand.
PROTECTED_FIELDS = frozenset(
    {
        "state",
        "submitted_on",
        "decided_by_id",
        "decided_on",
        "rejection_reason",
        "applied_by_id",
        "applied_on",
        "alerted_user_ids",
        "visit_report_id",
    }
)


class CrmInfoReport(models.Model):
    """A salesperson's report of customer information to the archive
    administrator (seed 004, 图2-1: 客户收集 → 业务员传递 → 档案管理员),
    with the profile changes it proposes."""

    _name = "crm.info.report"
    _description = "Customer Information Report"
    _inherit = [
        "crm.mail.thread.lang",
        "mail.activity.mixin",
        "crm.workflow.mixin",
        "crm.personal.data.mixin",
    ]
    _order = "create_date desc, id desc"
    _crm_personal_text_fields = ("subject", "description", "rejection_reason")
    _crm_protected_fields = PROTECTED_FIELDS
    # A report made from a visit report knows it from the start.
    _crm_create_fields = frozenset({"visit_report_id"})

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    report_type = fields.Selection(
        REPORT_TYPES,
        string="Type",
        required=True,
        default="routine",
        tracking=True,
        index=True,
        help="Routine: information met in daily work. Urgent: a change that cannot wait "
        "(financial difficulty, new legal representative...), the managers are alerted at "
        "once. Periodic: the summary of a period.",
    )
    urgent_reason = fields.Selection(
        URGENT_REASONS, string="Urgency", tracking=True, help="What makes the report urgent."
    )
    period_start = fields.Date(help="First day of the period a periodic report covers.")
    period_end = fields.Date(help="Last day of the period a periodic report covers.")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Reporter",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    admin_id = fields.Many2one(
        "res.users",
        string="Archive Administrator",
        tracking=True,
        ondelete="set null",
        domain=lambda self: [("all_group_ids", "in", self.env.ref(ARCHIVIST).ids)],
        help="Who should handle the report; gets a review activity when it is submitted.",
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Text(help="What was learned, where and from whom.")
    line_ids = fields.One2many(
        "crm.info.report.line", "report_id", string="Proposed Changes", copy=True
    )
    line_count = fields.Integer(compute="_compute_line_count", string="Changes")
    visit_report_id = fields.Many2one(
        "crm.visit.report",
        string="From Visit",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    state = fields.Selection(
        REPORT_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    submitted_on = fields.Datetime(readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False, tracking=True)
    applied_by_id = fields.Many2one("res.users", string="Applied By", readonly=True, copy=False)
    applied_on = fields.Datetime(readonly=True, copy=False)
    alerted_user_ids = fields.Many2many(
        "res.users",
        "crm_info_report_alerted_user_rel",
        "report_id",
        "user_id",
        string="Alerted",
        readonly=True,
        copy=False,
        help="Managers and credit managers alerted when the urgent report was submitted.",
    )
    is_reporter = fields.Boolean(compute="_compute_is_reporter")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("line_ids")
    def _compute_line_count(self):
        for report in self:
            report.line_count = len(report.line_ids)

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_is_reporter(self):
        for report in self:
            report.is_reporter = report.user_id == self.env.user

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for report in self:
            name = report.name if report.name and report.name != "/" else self.env._("New")
            report.display_name = f"{name} {report.subject}" if report.subject else name

    @api.constrains("period_start", "period_end")
    def _check_period(self):
        for report in self:
            if (
                report.period_start
                and report.period_end
                and report.period_end < report.period_start
            ):
                raise ValidationError(
                    self.env._(
                        "%(report)s: the period ends before it starts.",
                        report=report.display_name,
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
                raise UserError(self.env._("A report is always made in the reporter's own name."))
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.info.report") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if REPORTER_FIELDS & vals.keys():
            self._check_reporter_can_edit()
        if "user_id" in vals and not self.env.su:
            raise UserError(self.env._("A report is always made in the reporter's own name."))
        if vals.get("partner_id"):
            vals = dict(
                vals,
                partner_id=self.env["res.partner"]
                .browse(vals["partner_id"])
                .commercial_partner_id.id,
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if sent := self.filtered(lambda report: report.state != "draft"):
            raise UserError(
                self.env._(
                    "Only draft reports can be deleted; the others stay in the register: "
                    "%(reports)s",
                    reports=", ".join(sent.mapped("display_name")),
                )
            )

    def _check_reporter_can_edit(self):
        if self.env.su:
            return
        reasons = [
            self.env._("%(report)s is no longer a draft.", report=report.display_name)
            for report in self
            if report.state != "draft"
        ] + [
            self.env._("%(report)s is not your report.", report=report.display_name)
            for report in self
            if report.user_id != self.env.user
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "Only the reporter edits a draft report:\n%(reasons)s",
                    reasons="\n".join(reasons),
                )
            )

    # ------------------------------------------------------------------
    # Guards: every reason at once
    # ------------------------------------------------------------------

    def _is_archive_admin(self):
        return self.env.su or self.env.user.has_group(ARCHIVIST)

    def _raise_if_reasons(self, title, reasons):
        if reasons:
            raise UserError(
                self.env._("%(title)s\n%(reasons)s", title=title, reasons="\n".join(reasons))
            )

    def _get_line_reasons(self):
        reasons = []
        for report in self:
            names = report.line_ids.mapped("field_name")
            if len(names) != len(set(names)):
                reasons.append(
                    self.env._(
                        "%(report)s: each field is proposed only once.",
                        report=report.display_name,
                    )
                )
            reasons += [
                self.env._("%(report)s: %(reason)s", report=report.display_name, reason=reason)
                for reason in report.line_ids._check_values()
            ]
        return reasons

    def _check_can_submit(self):
        reasons = []
        for report in self:
            label = report.display_name
            if report.state != "draft":
                reasons.append(self.env._("%(report)s is not a draft.", report=label))
            if not self.env.su and report.user_id != self.env.user:
                reasons.append(
                    self.env._("%(report)s: only the reporter submits it.", report=label)
                )
            if report.report_type == "urgent" and not report.urgent_reason:
                reasons.append(
                    self.env._("%(report)s: say what makes the report urgent.", report=label)
                )
            if report.report_type == "periodic" and not (report.period_start and report.period_end):
                reasons.append(
                    self.env._("%(report)s: give the period the report covers.", report=label)
                )
            if not (report.description or "").strip() and not report.line_ids:
                reasons.append(
                    self.env._(
                        "%(report)s: describe the information or propose a change.", report=label
                    )
                )
        reasons += self._get_line_reasons()
        self._raise_if_reasons(self.env._("You cannot submit:"), reasons)

    def _get_decision_reasons(self, states=DECIDABLE_STATES):
        reasons = []
        if not self._is_archive_admin():
            reasons.append(self.env._("Only archive administrators decide on reports."))
        for report in self:
            if report.state not in states:
                reasons.append(
                    self.env._(
                        "%(report)s is %(state)s.",
                        report=report.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            report.state
                        ],
                    )
                )
            if not self.env.su and report.user_id == self.env.user:
                reasons.append(
                    self.env._(
                        "%(report)s: nobody decides on his own report.", report=report.display_name
                    )
                )
        return reasons

    def _check_can_accept(self):
        reasons = self._get_decision_reasons(states=("submitted",))
        self._raise_if_reasons(self.env._("You cannot accept:"), reasons)

    def _check_can_reject(self, reason):
        reasons = self._get_decision_reasons()
        if not (reason or "").strip():
            reasons.append(self.env._("Give the reason of the rejection."))
        self._raise_if_reasons(self.env._("You cannot reject:"), reasons)

    def _check_can_apply(self):
        reasons = self._get_decision_reasons()
        reasons += [
            self.env._("%(report)s proposes no change.", report=report.display_name)
            for report in self
            if not report.line_ids
        ]
        reasons += self._get_line_reasons()
        self._raise_if_reasons(self.env._("You cannot apply:"), reasons)

    def _check_can_reset_to_draft(self):
        reasons = []
        for report in self:
            if report.state != "rejected":
                reasons.append(
                    self.env._(
                        "%(report)s: only rejected reports go back to draft.",
                        report=report.display_name,
                    )
                )
            if not self.env.su and report.user_id != self.env.user:
                reasons.append(
                    self.env._("%(report)s is not your report.", report=report.display_name)
                )
        self._raise_if_reasons(self.env._("You cannot reset to draft:"), reasons)

    # ------------------------------------------------------------------
    # Transitions: action_x -> guard -> _prepare_x_values -> _action_x
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        return self._action_submit(self._prepare_submit_values())

    def _prepare_submit_values(self):
        return {
            "state": "submitted",
            "submitted_on": fields.Datetime.now(),
            "rejection_reason": False,
            "decided_by_id": False,
            "decided_on": False,
        }

    def _action_submit(self, values):
        self._crm_transition_write(values)
        for report in self:
            report.message_post(
                body=self.env._(
                    "Submitted to the archive administrator: %(changes)s",
                    changes="; ".join(report.line_ids._describe()) or self.env._("no change"),
                ),
                subtype_xmlid=SUBTYPE_SUBMITTED,
            )
            if report.admin_id:
                # The reporter may not write on the administrator's activities.
                report.sudo()._crm_for_user(report.admin_id).activity_schedule(
                    ACTIVITY_REVIEW,
                    user_id=report.admin_id.id,
                    note=report.subject,
                )
        self.filtered(lambda report: report.report_type == "urgent")._alert_urgent()
        return True

    def action_accept(self):
        self._check_can_accept()
        return self._action_accept(self._prepare_decision_values("accepted"))

    def _prepare_decision_values(self, state):
        return {
            "state": state,
            "decided_by_id": self.env.user.id,
            "decided_on": fields.Datetime.now(),
        }

    def _action_accept(self, values):
        self._crm_transition_write(values)
        for report in self:
            report._notify_reporter(
                self.env._("%(report)s was accepted.", report=report.display_name)
            )
        return True

    def action_reject(self, reason):
        self._check_can_reject(reason)
        values = self._prepare_decision_values("rejected")
        values["rejection_reason"] = reason.strip()
        return self._action_reject(values)

    def _action_reject(self, values):
        self._crm_transition_write(values)
        self.activity_feedback([ACTIVITY_REVIEW], feedback=values["rejection_reason"])
        for report in self:
            report._notify_reporter(
                self.env._(
                    "%(report)s was rejected: %(reason)s",
                    report=report.display_name,
                    reason=values["rejection_reason"],
                )
            )
        return True

    def action_apply(self):
        """Write the proposed values on the customers, as the administrator."""
        self._check_can_apply()
        for report in self:
            report._action_apply(report._prepare_apply_values())
        return True

    def _prepare_apply_values(self):
        """``{field name: value}`` to write on the customer."""
        self.ensure_one()
        return {line.field_name: line._convert_value() for line in self.line_ids}

    def _action_apply(self, values):
        self.ensure_one()
        partner = self.partner_id
        partner_sudo = partner.sudo()
        Line = self.env["crm.info.report.line"]
        before = {
            line: Line._format_value(
                partner._fields[line.field_name], partner_sudo[line.field_name], partner_sudo
            )
            for line in self.line_ids
        }
        try:
            # One write: the constraints run once, and a refused value leaves
            # every field as it was.
            with self.env.cr.savepoint():
                partner._crm_write_with_grade_reason(values, self.display_name)
                partner.flush_recordset()
        except (ValidationError, UserError, AccessError) as error:
            raise UserError(
                self.env._(
                    "%(report)s cannot be applied, nothing was changed:\n%(error)s",
                    report=self.display_name,
                    error=error.args[0],
                )
            ) from error
        for line, old in before.items():
            line.sudo()._crm_transition_write({"old_value": old or False, "applied": True})
        now = fields.Datetime.now()
        report_values = {
            "state": "applied",
            "applied_by_id": self.env.user.id,
            "applied_on": now,
        }
        if not self.decided_by_id:
            report_values.update(decided_by_id=self.env.user.id, decided_on=now)
        self._crm_transition_write(report_values)
        partner.message_post(body=self._applied_message_body(before))
        self.activity_feedback([ACTIVITY_REVIEW])
        self._notify_reporter(
            self.env._(
                "%(report)s was applied to %(customer)s: %(fields)s",
                report=self.display_name,
                customer=partner.display_name,
                fields=", ".join(self._field_labels()),
            )
        )

    def _field_labels(self):
        Partner = self.env["res.partner"]
        return [
            Partner._fields[line.field_name]._description_string(self.env) for line in self.line_ids
        ]

    def _applied_message_body(self, before):
        """Names the report and the fields; values only of fields everyone who
        reads the customer may see."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        items = Markup()
        for line in self.line_ids:
            field = Partner._fields[line.field_name]
            label = field._description_string(self.env)
            if field.groups or line.field_name in Partner._crm_sensitive_fields:
                items += Markup("<li>%s</li>") % label
            else:
                items += Markup("<li>%s: %s → %s</li>") % (
                    label,
                    before.get(line) or "—",
                    (line.new_value or "").strip() or "—",
                )
        title = self.env._(
            "Information report %(report)s of %(reporter)s applied:",
            report=self.display_name,
            reporter=self.user_id.name,
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (title, items)

    def _notify_reporter(self, body):
        self.ensure_one()
        self.message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            subtype_xmlid=SUBTYPE_DECIDED,
        )

    def action_draft(self):
        self._check_can_reset_to_draft()
        return self._crm_transition_write({"state": "draft"})

    def action_open_reject_wizard(self):
        self._raise_if_reasons(self.env._("You cannot reject:"), self._get_decision_reasons())
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_info_report_reject_wizard_action"
        )
        action["context"] = {"default_report_ids": self.ids}
        return action

    # ------------------------------------------------------------------
    # Urgent reports
    # ------------------------------------------------------------------

    @api.model
    def _get_urgent_alert_users(self):
        """Customer-information managers, and credit managers when the credit
        module is installed (it is not a dependency)."""
        users = self.env.ref(MANAGER).all_user_ids
        credit_managers = self.env.ref(CREDIT_MANAGER, raise_if_not_found=False)
        if credit_managers:
            users |= credit_managers.all_user_ids
        return users.filtered(lambda user: user.active and not user._is_public() and not user.share)

    def _urgent_note(self):
        """What is urgent, in the language of ``self``'s env."""
        self.ensure_one()
        urgency = dict(self._fields["urgent_reason"]._description_selection(self.env))
        return self.env._(
            "%(reason)s reported by %(reporter)s: %(subject)s",
            reason=urgency.get(self.urgent_reason, ""),
            reporter=self.user_id.name,
            subject=self.subject,
        )

    def _alert_urgent(self):
        """One activity per manager and credit manager, due today. Managers get
        it on the report; credit managers who may not read reports, on the
        customer."""
        users = self._get_urgent_alert_users()
        today = fields.Date.context_today(self)
        for report in self:
            for user in users:
                target = report if report.with_user(user)._can_read_report() else report.partner_id
                # The reporter may not write on the managers' activities; each
                # reads his in his language.
                report_lang = report._crm_for_user(user)
                target.sudo().with_context(lang=report_lang.env.lang).activity_schedule(
                    ACTIVITY_URGENT,
                    date_deadline=today,
                    summary=report_lang.env._(
                        "Urgent: %(customer)s", customer=report.partner_id.display_name
                    ),
                    note=report_lang._urgent_note(),
                    user_id=user.id,
                )
            report._crm_transition_write({"alerted_user_ids": [fields.Command.set(users.ids)]})
            report.message_post(
                body=self.env._(
                    "Urgent report: alerted %(users)s.",
                    users=", ".join(users.mapped("name")) or self.env._("nobody"),
                ),
                subtype_xmlid=SUBTYPE_SUBMITTED,
            )

    def _can_read_report(self):
        self.ensure_one()
        return self.has_access("read")
