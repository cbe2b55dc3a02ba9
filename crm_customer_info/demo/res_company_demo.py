from odoo import api, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _crm_demo_set_chinese_company(self):
        """Make the demo company a Chinese company keeping its books in yuan.

        Called first by the demo data of each addon, before any amount:
        account's own demo gives the main company Odoo's generic chart in
        dollars, in the same run as our addons or in a later one.
        """
        company = self.env.ref("base.main_company")
        yuan = self.env.ref("base.CNY")
        company.write(
            {
                "name": "上海华晟工贸有限公司",
                "street": "浦东新区张杨路 1588 号",
                "city": "上海",
                "zip": "200122",
                "state_id": self.env.ref("base.state_cn_SH").id,
                "country_id": self.env.ref("base.cn").id,
                "phone": "+86 21 5830 6688",
            }
        )
        old_currency = company.currency_id
        if old_currency == yuan:
            return
        if "account.move" in self.env and company.root_id._existing_accounting():
            account = self.env["ir.module.module"].search([("name", "=", "account")])
            if not (account.demo and company.chart_template):
                return  # entries that are not Odoo's demo are never deleted
            self._crm_demo_rebuild_accounting_in(company, yuan)
        else:
            company.currency_id = yuan
        # Profile figures follow the company currency unless chosen otherwise.
        self.env["res.partner"].with_context(active_test=False).search(
            [("crm_currency_id", "=", old_currency.id)]
        ).crm_currency_id = yuan

    @api.model
    def _crm_demo_rebuild_accounting_in(self, company, currency):
        """Odoo refuses a new currency once journal items exist. As Odoo does
        when its demo switches to another chart of accounts, the company's
        demo entries go and Odoo's accounting demo is loaded again, now in
        the new currency."""
        self.env["account.move"].with_context(active_test=False).search(
            [("company_id", "child_of", company.id)]
        ).with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        self.env["account.bank.statement"].search([("company_id", "child_of", company.id)]).unlink()
        company.currency_id = currency
        self.env["account.chart.template"].with_company(company).with_context(
            default_company_id=company.id, tracking_disable=True
        )._install_demo(company)
