from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

# Keys of the context that earlier versions trusted; a client can send any of them.
FORGED_CONTEXTS = [
    {},
    {"crm_archive_internal_write": True},
    {"tracking_disable": True},
    {"install_mode": True},
    {"module": "crm_customer_info"},
]


def other_value(record, fname):
    """A value of the field different from the record's, in write() form."""
    field = record._fields[fname]
    value = record[fname]
    if field.type == "selection":
        options = [key for key, __ in field._description_selection(record.env)]
        return next(key for key in options if key != value)
    if field.type == "many2one":
        return record.env[field.comodel_name].sudo().search([("id", "!=", value.id)], limit=1).id
    if field.type == "one2many":
        return None
    if field.type == "many2many":
        other = record.env[field.comodel_name].sudo().search([("id", "not in", value.ids)], limit=1)
        return [Command.set(other.ids)]
    if field.type == "boolean":
        return not value
    if field.type in ("integer", "float", "monetary"):
        return (value or 0) + 7
    if field.type == "date":
        return (value or fields.Date.today()) + timedelta(days=3)
    if field.type == "datetime":
        return (value or fields.Datetime.now()) + timedelta(days=3)
    return f"{value or ''} forged"


@tagged("post_install", "-at_install")
class TestWorkflowGuard(TransactionCase):
    """Every model that inherits crm.workflow.mixin: each protected field is
    refused on write and on create, with any context, even to a user who holds
    every group of the addons; the record is left as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = cls.env["res.groups"].search(
            [("privilege_id.category_id", "!=", False), ("share", "=", False)]
        )
        cls.boss = new_test_user(cls.env, login="t_wf_boss", groups="base.group_user")
        cls.boss.group_ids |= groups

    def workflow_models(self):
        names = self.env.registry["crm.workflow.mixin"]._inherit_children
        return [self.env[name] for name in sorted(names) if not self.env[name]._abstract]

    def test_the_archive_uses_the_guard(self):
        names = {model._name for model in self.workflow_models()}
        for name in ("crm.archive.borrow", "crm.archive.document", "crm.archive.volume"):
            self.assertIn(name, names)

    def test_protected_fields_refused_on_write(self):
        tried = 0
        for model in self.workflow_models():
            records = model.sudo().search([], limit=1)
            if not records:
                continue
            record = records.with_user(self.boss)
            for fname in sorted(model._crm_protected):
                new = other_value(record.sudo(), fname)
                if new is None:
                    continue
                before = record.sudo()[fname]
                for context in FORGED_CONTEXTS:
                    with self.subTest(model=model._name, field=fname, context=context):
                        with self.assertRaisesRegex(UserError, "only through"):
                            record.with_context(**context).write({fname: new})
                        record.invalidate_recordset()
                        self.assertEqual(record.sudo()[fname], before)
                        tried += 1
        self.assertGreater(tried, 50)

    def test_protected_fields_refused_on_create(self):
        borrow = self.env["crm.archive.borrow"].with_user(self.boss)
        for vals in (
            {"state": "approved"},
            {"approver_id": self.boss.id},
            {"name": "BR/forged"},
            {"request_date": fields.Date.today() - timedelta(days=90)},
            {"overdue_escalated": True},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through"):
                borrow.with_context(crm_archive_internal_write=True).create(
                    {"purpose": "forged", "mode": "consult", **vals}
                )
        document = self.env["crm.archive.document"].with_user(self.boss)
        customer = self.env["res.partner"].create({"name": "守卫测试", "is_company": True})
        category = self.env.ref("crm_customer_info.archive_category_basic")
        for vals in ({"state": "bound"}, {"number": "X-1-001"}, {"state": "lent"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through"):
                document.create(
                    {"partner_id": customer.id, "category_id": category.id, "title": "x", **vals}
                )
