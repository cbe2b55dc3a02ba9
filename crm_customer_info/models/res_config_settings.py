from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_review_interval_days = fields.Integer(
        string="Profile Review Interval (days)",
        config_parameter="crm_customer_info.review_interval_days",
        default=60,
        help="Every customer profile is reviewed at least this often; "
        "a review activity is planned for the responsible salesperson.",
    )

    group_crm_salesperson_every_customer = fields.Boolean(
        string="Salespeople Read Every Customer",
        implied_group="crm_customer_info.group_customer_contacts",
        group="crm_customer_info.group_salesperson",
        help="Salespeople read the contact details, grade and history of every customer, "
        "not only of the customers they are responsible for.",
    )

    crm_borrow_default_days = fields.Integer(
        string="Default Loan Duration (days)",
        config_parameter="crm_customer_info.borrow_default_days",
        default=7,
        help="Proposed due date of a new borrowing request, from the request date.",
    )
    crm_borrow_max_days = fields.Integer(
        string="Longest Loan (days)",
        config_parameter="crm_customer_info.borrow_max_days",
        default=30,
        help="A request or a renewal cannot be due later than this, counted from its date.",
    )
    crm_borrow_approver = fields.Selection(
        [("archive_admin", "Archive Administrators"), ("manager", "Managers")],
        string="Loans Approved By",
        config_parameter="crm_customer_info.borrow_approver",
        default="archive_admin",
        required=True,
        help="Who gives the leader's approval of a borrowing request (表2-8 领导批准). "
        "Secret documents always need a manager's second approval; whoever approves "
        "never hands the documents out.",
    )
    crm_borrow_escalation_days = fields.Integer(
        string="Overdue Escalation (days)",
        config_parameter="crm_customer_info.borrow_escalation_days",
        default=3,
        help="Days after the due date before the managers are told of an unreturned loan.",
    )
    crm_privacy_retention_years = fields.Integer(
        string="Personal Data Retention (years)",
        config_parameter="crm_customer_info.privacy_retention_years",
        default=3,
        help="Former customers who stopped trading longer ago than this are proposed "
        "for anonymisation.",
    )

    @api.constrains("crm_privacy_retention_years")
    def _check_crm_privacy_retention_years(self):
        for settings in self:
            if not 1 <= settings.crm_privacy_retention_years <= 100:
                raise ValidationError(
                    self.env._("The personal data retention must be between 1 and 100 years.")
                )

    @api.constrains("crm_review_interval_days")
    def _check_crm_review_interval_days(self):
        for settings in self:
            if not 1 <= settings.crm_review_interval_days <= 3650:
                raise ValidationError(
                    self.env._("The profile review interval must be between 1 and 3650 days.")
                )

    @api.constrains("crm_borrow_default_days", "crm_borrow_max_days", "crm_borrow_escalation_days")
    def _check_crm_borrow_days(self):
        for settings in self:
            if (
                min(
                    settings.crm_borrow_default_days,
                    settings.crm_borrow_max_days,
                    settings.crm_borrow_escalation_days,
                )
                < 1
            ):
                raise ValidationError(
                    self.env._("The borrowing durations must be positive numbers of days.")
                )
            if not settings.crm_borrow_default_days <= settings.crm_borrow_max_days <= 365:
                raise ValidationError(
                    self.env._(
                        "The default loan duration cannot exceed the longest loan, "
                        "which is at most 365 days."
                    )
                )
