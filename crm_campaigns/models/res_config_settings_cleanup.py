from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_cleanup import (
    PARAM_COMPLAINTS,
    PARAM_GRADES,
    PARAM_MIN_INVOICES,
    PARAM_NO_REPURCHASE_DAYS,
    PARAM_PERIOD_MONTHS,
)


class ResConfigSettings(models.TransientModel):
    """Thresholds of the customer clean-up (seed 002, 不需入库的)."""

    _inherit = "res.config.settings"

    crm_cleanup_period_months = fields.Integer(
        string="Clean-up Period (months)",
        config_parameter=PARAM_PERIOD_MONTHS[0],
        default=PARAM_PERIOD_MONTHS[1],
        help="Purchases and complaints of this many past months are counted.",
    )
    crm_cleanup_min_invoices = fields.Integer(
        string="Fewest Invoices",
        config_parameter=PARAM_MIN_INVOICES[0],
        default=PARAM_MIN_INVOICES[1],
        help="A customer of the whole period with fewer posted invoices in it has few purchases.",
    )
    crm_cleanup_no_repurchase_days = fields.Integer(
        string="No Repurchase After (days)",
        config_parameter=PARAM_NO_REPURCHASE_DAYS[0],
        default=PARAM_NO_REPURCHASE_DAYS[1],
        help="A customer with a single invoice older than this never bought again.",
    )
    crm_cleanup_complaint_threshold = fields.Integer(
        string="Complaints for a Poor Reputation",
        config_parameter=PARAM_COMPLAINTS[0],
        default=PARAM_COMPLAINTS[1],
        help="This many complaints in the period make a poor reputation; 0 ignores complaints.",
    )
    crm_cleanup_grade_ids = fields.Many2many(
        "crm.customer.grade",
        string="Grades of a Poor Reputation",
        compute="_compute_crm_cleanup_grade_ids",
        inverse="_inverse_crm_cleanup_grade_ids",
        readonly=False,
        help="Customers with one of these grades have a poor reputation.",
    )

    def _compute_crm_cleanup_grade_ids(self):
        grades = self.env["res.partner"]._crm_cleanup_grades()
        for settings in self:
            settings.crm_cleanup_grade_ids = grades

    def _inverse_crm_cleanup_grade_ids(self):
        for settings in self:
            self.env["ir.config_parameter"].sudo().set_param(
                PARAM_GRADES, ",".join(str(gid) for gid in settings.crm_cleanup_grade_ids.ids)
            )

    @api.constrains(
        "crm_cleanup_period_months",
        "crm_cleanup_min_invoices",
        "crm_cleanup_no_repurchase_days",
        "crm_cleanup_complaint_threshold",
    )
    def _check_crm_cleanup_thresholds(self):
        for settings in self:
            if not 1 <= settings.crm_cleanup_period_months <= 120:
                raise ValidationError(
                    self.env._("The clean-up period must be between 1 and 120 months.")
                )
            if not 1 <= settings.crm_cleanup_min_invoices <= 1000:
                raise ValidationError(self.env._("The fewest invoices must be between 1 and 1000."))
            if not 1 <= settings.crm_cleanup_no_repurchase_days <= 3650:
                raise ValidationError(
                    self.env._("The days without repurchase must be between 1 and 3650.")
                )
            if not 0 <= settings.crm_cleanup_complaint_threshold <= 1000:
                raise ValidationError(
                    self.env._("The complaints of a poor reputation must be between 0 and 1000.")
                )
