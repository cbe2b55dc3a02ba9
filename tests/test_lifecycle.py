"""Install, update, uninstall and reinstall on a copy of the test database:
data survives an update of the three addons, crm_customer_info keeps working
without crm_campaigns and crm_credit, and both install again."""

import os
import subprocess
import sys

import pytest

ODOO = os.path.join(os.path.dirname(sys.executable), "odoo")
KEPT = {
    "customers": "SELECT count(*) FROM res_partner WHERE grade_id IS NOT NULL",
    "documents": "SELECT count(*) FROM crm_archive_document",
    "loans": "SELECT count(*) FROM crm_archive_borrow",
    "grade history": "SELECT count(*) FROM crm_customer_grade_history",
    "consents": "SELECT count(*) FROM crm_partner_consent",
}
CREDIT = {"evaluations": "SELECT count(*) FROM crm_credit_evaluation"}
CAMPAIGNS = {
    "campaigns": "SELECT count(*) FROM crm_campaign",
    "rfm scores": "SELECT count(*) FROM res_partner WHERE rfm_code IS NOT NULL",
    "care rules": "SELECT count(*) FROM crm_care_rule",
}
CHECK_CUSTOMER_INFO = """
partner = env["res.partner"].search([("name", "=", "Wang Lei")])
assert partner.birthday and partner.grade_id, "profile lost"
document = env["crm.archive.document"].search([], limit=1)
assert document.number and document.partner_id, "archive lost"
borrow = env["crm.archive.borrow"].create(
    {"purpose": "Lifecycle", "mode": "consult", "line_ids": [(0, 0, {"document_id": document.id})]}
)
borrow.action_submit()
print("CUSTOMER_INFO_OK")
"""


@pytest.fixture(scope="module")
def copy_db(odoo_server_db_copy):
    return odoo_server_db_copy


def _psql(db, query):
    out = subprocess.run(
        ["psql", "-d", db, "-Atc", query], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def _counts(db, queries):
    return {name: int(_psql(db, query)) for name, query in queries.items()}


def _odoo(conf, db, *args, script=None):
    cmd = [ODOO, *args, "-c", conf, "-d", db, "--http-port=0", "--log-level=warn"]
    if script is None:
        cmd.append("--stop-after-init")
    out = subprocess.run(
        cmd, input=script, capture_output=True, text=True, timeout=900, check=False
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def _modules(db):
    rows = _psql(
        db,
        "SELECT name || '=' || state FROM ir_module_module "
        "WHERE name IN ('crm_customer_info', 'crm_credit', 'crm_campaigns') ORDER BY name",
    )
    return dict(line.split("=") for line in rows.splitlines())


def test_update_uninstall_and_reinstall(copy_db):
    db, conf = copy_db
    before = _counts(db, {**KEPT, **CREDIT, **CAMPAIGNS})
    assert all(before.values()), before

    _odoo(conf, db, "-u", "crm_customer_info,crm_credit,crm_campaigns")
    assert _counts(db, {**KEPT, **CREDIT, **CAMPAIGNS}) == before

    for module in ("crm_campaigns", "crm_credit"):
        _odoo(
            conf,
            db,
            "shell",
            script=(
                f"env['ir.module.module'].search([('name', '=', '{module}')])"
                ".button_immediate_uninstall()\nenv.cr.commit()\n"
            ),
        )
    assert _modules(db) == {
        "crm_campaigns": "uninstalled",
        "crm_credit": "uninstalled",
        "crm_customer_info": "installed",
    }
    assert _counts(db, KEPT) == {name: before[name] for name in KEPT}
    assert "CUSTOMER_INFO_OK" in _odoo(conf, db, "shell", script=CHECK_CUSTOMER_INFO)

    documents = _psql(db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM crm_archive_document")
    _odoo(conf, db, "-i", "crm_credit,crm_campaigns")
    assert set(_modules(db).values()) == {"installed"}
    # Every document is still there; the credit demo files its new forms.
    after = _psql(db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM crm_archive_document")
    assert set(documents.split(",")) <= set(after.split(","))
    assert _counts(db, {"campaigns": CAMPAIGNS["campaigns"]})["campaigns"] > 0
