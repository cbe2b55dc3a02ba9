from odoo.tests import TransactionCase, new_test_user


class CreditCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales = new_test_user(
            cls.env, login="t_cr_sales", groups="crm_customer_info.group_salesperson"
        )
        cls.user_credit = new_test_user(
            cls.env, login="t_cr_user", groups="crm_credit.group_credit_user"
        )
        cls.user_credit_manager = new_test_user(
            cls.env, login="t_cr_manager", groups="crm_credit.group_credit_manager"
        )
        Partner = cls.env["res.partner"]
        # A limit as an approved limit request leaves it.
        with Partner._crm_transition():
            cls.customer = Partner.create(
                {"name": "Test Credit Customer", "is_company": True, "credit_limit": 50000.0}
            )
