from odoo import api, fields, models


class CrmCustomerGrade(models.Model):
    _name = "crm.customer.grade"
    _description = "Customer Grade"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code shown on cards and lists, such as A.")
    description = fields.Text(translate=True)
    color = fields.Integer(help="Colour of the grade's badge.")
    sequence = fields.Integer(default=10, help="The most important grade first.")
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")

    _code_uniq = models.Constraint("UNIQUE(code)", "A grade with this code already exists.")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("grade_id", "in", self.ids)], ["grade_id"], ["__count"]
            )
        )
        for grade in self:
            grade.partner_count = counts.get(grade, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for grade in self:
            grade.display_name = f"{grade.code} · {grade.name}" if grade.code else grade.name
