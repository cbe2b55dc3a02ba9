from odoo import Command, api, fields, models
from odoo.exceptions import UserError

CUSTOMER_INFO_MANAGER = "crm_customer_info.group_manager"


class CrmCleanupWizard(models.TransientModel):
    """The customers the clean-up rules propose to archive, with their reasons;
    a customer-information manager unticks the ones to keep and archives the
    others."""

    _name = "crm.cleanup.wizard"
    _description = "Customer Database Clean-up"

    line_ids = fields.One2many("crm.cleanup.wizard.line", "wizard_id", string="Candidates")
    candidate_count = fields.Integer(compute="_compute_counts", string="Candidates Count")
    selected_count = fields.Integer(compute="_compute_counts", string="Selected")

    @api.depends("line_ids.selected")
    def _compute_counts(self):
        for wizard in self:
            wizard.candidate_count = len(wizard.line_ids)
            wizard.selected_count = len(wizard.line_ids.filtered("selected"))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "line_ids" in fields_list and "line_ids" not in values:
            values["line_ids"] = [Command.create(vals) for vals in self._candidate_line_values()]
        return values

    @api.model
    def _candidate_line_values(self):
        Partner = self.env["res.partner"]
        candidates = Partner._crm_cleanup_candidates()
        partners = Partner.browse(candidates).sorted("display_name")
        return [
            {
                "partner_id": partner.id,
                "reason_codes": ",".join(candidates[partner.id]["reasons"]),
                "reasons": Partner._crm_cleanup_reason_text(
                    candidates[partner.id]["reasons"], candidates[partner.id]
                ),
                "invoice_count": candidates[partner.id]["recent"],
                "invoice_total": candidates[partner.id]["total"],
                "last_invoice_date": candidates[partner.id]["last"],
                "complaint_count": candidates[partner.id]["complaints"],
            }
            for partner in partners
        ]

    def action_refresh(self):
        self.ensure_one()
        self.line_ids = [Command.clear()] + [
            Command.create(vals) for vals in self._candidate_line_values()
        ]
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Customer Clean-up"),
        }

    def _check_can_archive(self):
        reasons = []
        if not self.env.user.has_group(CUSTOMER_INFO_MANAGER):
            reasons.append(self.env._("Only customer-information managers archive customers."))
        if not self.line_ids.filtered("selected"):
            reasons.append(self.env._("Tick the customers to archive."))
        if reasons:
            raise UserError(
                self.env._("You cannot archive:\n%(reasons)s", reasons="\n".join(reasons))
            )

    def action_archive(self):
        """Archive the ticked customers that still match the rules, with their
        reasons of now; the others are left alone and said so."""
        self.ensure_one()
        self._check_can_archive()
        Partner = self.env["res.partner"]
        candidates = Partner._crm_cleanup_candidates()
        selected = self.line_ids.filtered("selected").partner_id
        matching = selected.filtered(lambda partner: partner.id in candidates)
        reasons = {
            partner: Partner._crm_cleanup_reason_text(
                candidates[partner.id]["reasons"], candidates[partner.id]
            )
            for partner in matching
        }
        matching._crm_cleanup_archive(reasons)
        skipped = selected - matching
        message = self.env._("%(count)s customers archived.", count=len(matching))
        if skipped:
            message += " " + self.env._(
                "No longer matching the rules, kept: %(customers)s",
                customers=", ".join(skipped.mapped("display_name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if not skipped else "warning",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
