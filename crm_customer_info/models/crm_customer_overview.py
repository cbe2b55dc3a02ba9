from odoo import api, fields, models

from .res_partner import LIFECYCLE

# Rows shown in each actionable list; the button next to it opens all of them.
OVERVIEW_LIST_LIMIT = 10


class CrmCustomerOverview(models.Model):
    """The managers' overview: key numbers and actionable lists.

    One record (``crm_customer_info.crm_customer_overview_main``) is shown in a
    read-only form. Nothing is stored: every counter is computed when the form
    is read, with the rights of the reader, so record rules and company
    restrictions apply. The other addons ``_inherit`` this model to add their
    sections.
    """

    _name = "crm.customer.overview"
    _description = "Customer Management Overview"

    name = fields.Char(required=True, translate=True)
    potential_count = fields.Integer(string="Potential Customers", compute="_compute_customers")
    current_count = fields.Integer(string="Current Customers", compute="_compute_customers")
    former_count = fields.Integer(string="Former Customers", compute="_compute_customers")
    new_customer_count = fields.Integer(
        string="New This Month", compute="_compute_customers", help="Customers created this month."
    )
    grade_a_count = fields.Integer(string="Key Customers (A)", compute="_compute_customers")
    review_due_count = fields.Integer(string="Reviews Due", compute="_compute_reviews")
    review_due_partner_ids = fields.Many2many(
        "res.partner", string="Profiles to Review", compute="_compute_reviews"
    )
    overdue_loan_count = fields.Integer(string="Overdue Loans", compute="_compute_archive")
    documents_out_count = fields.Integer(
        string="Documents Out", compute="_compute_archive", help="Archive documents lent out."
    )
    overdue_borrow_ids = fields.Many2many(
        "crm.archive.borrow", string="Overdue Borrowing Requests", compute="_compute_archive"
    )

    # ------------------------------------------------------------
    # Domains: one place for the counters and the lists they open
    # ------------------------------------------------------------

    @api.model
    def _get_month_start(self):
        return fields.Date.context_today(self).replace(day=1)

    @api.model
    def _get_customer_domain(self, key):
        domains = {
            "potential": [("customer_state", "=", "potential")],
            "current": [("customer_state", "=", "current")],
            "former": [("customer_state", "=", "former")],
            "new": [
                ("customer_state", "!=", False),
                ("create_date", ">=", fields.Date.to_string(self._get_month_start())),
            ],
            "grade_a": [("grade_id.code", "=", "A")],
            "review_due": [("review_due", "=", True)],
        }
        return domains[key]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_customers(self):
        Partner = self.env["res.partner"]
        by_state = dict(
            Partner._read_group([("customer_state", "!=", False)], ["customer_state"], ["__count"])
        )
        new_count = Partner.search_count(self._get_customer_domain("new"))
        grade_a_count = Partner.search_count(self._get_customer_domain("grade_a"))
        for overview in self:
            for state, _label in LIFECYCLE:
                overview[f"{state}_count"] = by_state.get(state, 0)
            overview.new_customer_count = new_count
            overview.grade_a_count = grade_a_count

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_reviews(self):
        Partner = self.env["res.partner"]
        domain = self._get_customer_domain("review_due")
        count = Partner.search_count(domain)
        partners = Partner.search(
            domain, order="next_review_date asc, id asc", limit=OVERVIEW_LIST_LIMIT
        )
        for overview in self:
            overview.review_due_count = count
            overview.review_due_partner_ids = partners

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_archive(self):
        Borrow = self.env["crm.archive.borrow"]
        overdue = [("is_overdue", "=", True)]
        overdue_count = Borrow.search_count(overdue)
        borrows = Borrow.search(overdue, order="due_date asc, id asc", limit=OVERVIEW_LIST_LIMIT)
        documents_out = self.env["crm.archive.document"].search_count([("state", "=", "lent")])
        for overview in self:
            overview.overdue_loan_count = overdue_count
            overview.documents_out_count = documents_out
            overview.overdue_borrow_ids = borrows

    # ------------------------------------------------------------
    # Buttons: each number opens its records
    # ------------------------------------------------------------

    @api.model
    def _get_list_action(self, xmlid, domain, name=None, context=None):
        """The window action ``xmlid`` restricted to ``domain``, list view first."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context or {}
        if name:
            action["name"] = name
        action["views"] = sorted(action["views"], key=lambda view: view[1] != "list")
        action.pop("path", None)
        return action

    def _action_open_customers(self, key, name):
        return self._get_list_action(
            "crm_customer_info.res_partner_action_customers",
            self._get_customer_domain(key),
            name=name,
        )

    def action_open_potential(self):
        return self._action_open_customers("potential", self.env._("Potential Customers"))

    def action_open_current(self):
        return self._action_open_customers("current", self.env._("Current Customers"))

    def action_open_former(self):
        return self._action_open_customers("former", self.env._("Former Customers"))

    def action_open_new_customers(self):
        return self._action_open_customers("new", self.env._("New Customers This Month"))

    def action_open_grade_a(self):
        return self._action_open_customers("grade_a", self.env._("Key Customers (A)"))

    def action_open_review_due(self):
        return self._action_open_customers("review_due", self.env._("Reviews Due"))

    def action_open_overdue_loans(self):
        return self._get_list_action(
            "crm_customer_info.crm_archive_borrow_action",
            [("is_overdue", "=", True)],
            name=self.env._("Overdue Loans"),
        )

    def action_open_documents_out(self):
        return self._get_list_action(
            "crm_customer_info.crm_archive_document_action",
            [("state", "=", "lent")],
            name=self.env._("Documents Out"),
        )
