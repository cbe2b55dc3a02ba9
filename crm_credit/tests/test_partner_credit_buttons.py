from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestPartnerCreditButtons(CreditCase):
    """From the customer form to its credit evaluations and limit requests."""

    def test_counts_and_actions(self):
        customer = self.customer.with_user(self.user_credit)
        self.assertEqual(customer.credit_evaluation_count, 0)
        evaluation = (
            self.env["crm.credit.evaluation"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id, "character_score": 80, "capacity_score": 70})
        )
        request = (
            self.env["crm.credit.limit.request"]
            .with_user(self.user_credit)
            .create(
                {"partner_id": self.customer.id, "requested_limit": 80000.0, "reason": "Orders"}
            )
        )
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        self.env.invalidate_all()  # the form is read again in a new request
        for partner in (self.customer, contact):
            partner = partner.with_user(self.user_credit)
            self.assertEqual(partner.credit_evaluation_count, 1)
            self.assertEqual(partner.credit_limit_request_count, 1)
            action = partner.action_view_credit_evaluations()
            self.assertEqual(self.env["crm.credit.evaluation"].search(action["domain"]), evaluation)
            action = partner.action_view_credit_limit_requests()
            self.assertEqual(self.env["crm.credit.limit.request"].search(action["domain"]), request)
            self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_salespeople_see_no_counts(self):
        with self.assertRaises(AccessError) as caught:
            self.customer.with_user(self.user_sales).credit_evaluation_count  # noqa: B018
        self.assertIn('access the field "credit_evaluation_count"', str(caught.exception))
