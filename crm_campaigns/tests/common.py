from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class CampaignCase(TransactionCase):
    """One user per campaign role and a factory for posted customer invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.user_sales = new_test_user(
            cls.env, login="t_cp_sales", groups="crm_customer_info.group_salesperson"
        )
        cls.user_marketing = new_test_user(
            cls.env, login="t_cp_user", groups="crm_campaigns.group_campaign_user"
        )
        cls.user_marketing_manager = new_test_user(
            cls.env, login="t_cp_manager", groups="crm_campaigns.group_campaign_manager"
        )
        # Care on birthdays and anniversaries: a campaign user from customer service.
        cls.user_care = new_test_user(
            cls.env,
            login="t_cp_care",
            groups="crm_campaigns.group_campaign_user,crm_customer_info.group_customer_service",
        )

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """Odoo's assertRaises rolls the failed operation back to a savepoint;
        keep that when a message is checked too."""
        if args or kwargs:
            return super().assertRaisesRegex(expected_exception, expected_regex, *args, **kwargs)
        return _RaisesRegex(self, expected_exception, expected_regex)

    @classmethod
    def _invoice(
        cls, partner, amount, days_ago=0, move_type="out_invoice", product=None, post=True
    ):
        """A customer invoice (or credit note) of ``amount`` untaxed, dated
        ``days_ago`` days before today, posted unless ``post`` is false."""
        line = {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": [Command.clear()]}
        if product:
            line["product_id"] = product.id
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": cls.today - timedelta(days=days_ago),
                "invoice_line_ids": [Command.create(line)],
            }
        )
        if post:
            move.action_post()
        return move


class _RaisesRegex:
    def __init__(self, case, exception, regex):
        self.manager = case.assertRaises(exception)
        self.case = case
        self.regex = regex

    def __enter__(self):
        self.context = self.manager.__enter__()
        return self.context

    def __exit__(self, *exc_info):
        result = self.manager.__exit__(*exc_info)
        self.case.assertRegex(str(self.context.exception), self.regex)
        return result
