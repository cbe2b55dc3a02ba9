"""Digest KPI: credit exceptions (invoices posted over a credit block)."""

from datetime import timedelta

from odoo import fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCreditDigest(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="t_dg_credit_manager",
            groups="crm_credit.group_credit_manager",
            company_id=cls.env.company.id,
        )
        cls.credit_user = new_test_user(
            cls.env,
            login="t_dg_credit_user",
            groups="crm_credit.group_credit_user",
            company_id=cls.env.company.id,
        )
        cls.digest = cls.env["digest.digest"].create(
            {
                "name": "Credit Digest",
                "company_id": cls.env.company.id,
                "kpi_crm_credit_exceptions": True,
            }
        )
        cls.blocking = cls.env["crm.credit.rating"].search([("block", "=", True)], limit=1)

    def _value(self, days=1):
        end = fields.Datetime.now() + timedelta(minutes=1)
        digest = self.digest.with_user(self.manager).with_context(
            start_datetime=end - timedelta(days=days), end_datetime=end
        )
        digest.invalidate_recordset(["kpi_crm_credit_exceptions_value"])
        return digest.kpi_crm_credit_exceptions_value

    def test_credit_exceptions_count_the_overrides(self):
        self.assertTrue(self.env.ref("digest.digest_digest_default").kpi_crm_credit_exceptions)
        before = self._value()
        self.partner_a._crm_transition_write({"credit_rating_id": self.blocking.id})
        for _i in range(2):
            invoice = self.init_invoice(
                "out_invoice", partner=self.partner_a, amounts=[100.0], taxes=[]
            )
            invoice.with_user(self.manager).write(
                {"credit_override": True, "credit_override_reason": "Prepaid"}
            )
            invoice.action_post()
        self.assertEqual(self._value(), before + 2)
        self.assertEqual(
            self._value(),
            self.env["crm.credit.override.log"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", self.env.company.id),
                    ("date", ">=", fields.Datetime.now() - timedelta(days=1)),
                ]
            ),
        )

    def test_credit_users_do_not_get_the_kpi(self):
        """Only credit managers read the override log: the KPI is left out for others."""
        names = {
            kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.env.company, self.credit_user)
        }
        self.assertNotIn("kpi_crm_credit_exceptions", names)
        names = {
            kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.env.company, self.manager)
        }
        self.assertIn("kpi_crm_credit_exceptions", names)
