"""Hostile input through a real client: each case must end in a clear
ValidationError or UserError (or be escaped when rendered) and leave the
data as it was."""

import base64
import re
import urllib.parse

import pytest
from conftest import JsonRpcSession
from suite_stats import STATS

CLEAN_ERRORS = ("ValidationError", "UserError")
PAYLOAD = "<script>alert('crm')</script><img src=x onerror=alert(1)>"


class Client(JsonRpcSession):
    def attempt(self, model, method, *args, **kwargs):
        """(error name or None, message) of one call."""
        reply = self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
        if "error" not in reply:
            return None, reply["result"]
        data = reply["error"].get("data", {})
        return data.get("name", ""), data.get("message", "")

    def form(self, path, fields):
        status, _url, body = self.get(path)
        assert status == 200, path
        token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
        request = urllib.request.Request(self.url + path, data)
        try:
            with self.opener.open(request, timeout=60) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()


def _client(odoo_server, login):
    client = Client(odoo_server["url"], odoo_server["db"])
    assert client.authenticate(login, login)["result"]["uid"], login
    return client


@pytest.fixture(scope="module")
def users(odoo_server):
    return {
        login: _client(odoo_server, login)
        for login in ("admin", "service", "archivist", "marketing", "manager", "credit", "portal")
    }


def _ids(admin, model, domain):
    ids = admin.call(model, "search", domain, context={"active_test": False})
    assert ids, (model, domain)
    return ids


def _rejected(users, login, call, snapshot):
    """Run ``call`` as ``login``: a clean error and an unchanged snapshot."""
    before = snapshot()
    name, message = users[login].attempt(*call[:2], *call[2:])
    after = snapshot()
    STATS["hostile"] += 1
    clean = any(kind in (name or "") for kind in CLEAN_ERRORS) and bool(message)
    STATS["hostile_clean"] += clean and before == after
    assert clean, (call[:2], name, message)
    assert before == after, call[:2]
    return message


def _counter(admin, model, domain):
    return lambda: admin.call(model, "search_count", domain)


def _reader(admin, model, ids, fields):
    return lambda: admin.call(model, "read", ids, fields)


# ----------------------------------------------------------------------
# Profile values
# ----------------------------------------------------------------------
PARTNER_CASES = [
    # (person or company, field, value, what the message names)
    ("person", "resident_id", "11010119900307451X", "Resident ID"),
    ("person", "resident_id", "110101199002304518", "Resident ID"),
    ("person", "resident_id", "12345", "Resident ID"),
    ("person", "birthday", "2999-01-01", "future"),
    ("person", "wedding_anniversary", "1901-01-01", "birthday"),
    ("person", "height_cm", 999, ""),
    ("person", "height_cm", -20, ""),
    ("company", "vat", "91310000ABCDEFGH99", ""),
    ("company", "vat", "<b>913101</b>", ""),
    ("company", "staff_count", -5, "negative"),
    ("company", "staff_count", 10**12, "too large"),
    ("company", "registered_capital", 1e20, "too large"),
    ("company", "founding_date", "2999-12-31", "future"),
    ("company", "state_share_pct", 250, "100"),
]


@pytest.mark.parametrize(("kind", "field", "value", "hint"), PARTNER_CASES)
def test_bad_profile_values(users, kind, field, value, hint):
    admin = users["admin"]
    name = "Wang Lei" if kind == "person" else "Shanghai Hengyuan Trading Co., Ltd."
    ids = _ids(admin, "res.partner", [("name", "=", name)])
    message = _rejected(
        users,
        "service",
        ("res.partner", "write", ids, {field: value}),
        _reader(admin, "res.partner", ids, [field, "write_date"]),
    )
    assert hint in message


# ----------------------------------------------------------------------
# Files of archive documents
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filename", "raw"),
    [
        ("licence.pdf", b"<html><script>alert(1)</script></html>"),
        ("scan.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'),
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200),
    ],
)
def test_wrong_type_files_are_not_filed(users, filename, raw):
    admin = users["admin"]
    [customer] = _ids(admin, "res.partner", [("name", "=", "Shanghai Hengyuan Trading Co., Ltd.")])
    [category] = _ids(admin, "crm.archive.category", [])[:1]
    archivist = users["archivist"]
    name, upload = archivist.attempt(
        "ir.attachment", "create", {"name": filename, "datas": base64.b64encode(raw).decode()}
    )
    assert name is None, upload
    count = _counter(admin, "crm.archive.document", [("partner_id", "=", customer)])
    _rejected(
        users,
        "archivist",
        (
            "crm.archive.document",
            "create",
            {
                "partner_id": customer,
                "category_id": category,
                "title": "Hostile upload",
                "document_date": "2024-01-05",
                "attachment_ids": [(6, 0, [upload])],
            },
        ),
        count,
    )


def test_oversized_file_is_not_filed(users):
    admin = users["admin"]
    param = "crm_customer_info.archive_max_file_mb"
    admin.call("ir.config_parameter", "set_param", param, "1")
    try:
        [customer] = _ids(
            admin, "res.partner", [("name", "=", "Shanghai Hengyuan Trading Co., Ltd.")]
        )
        [category] = _ids(admin, "crm.archive.category", [])[:1]
        raw = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10) + b"\n%%EOF\n"
        _name, upload = users["archivist"].attempt(
            "ir.attachment", "create", {"name": "big.pdf", "datas": base64.b64encode(raw).decode()}
        )
        message = _rejected(
            users,
            "archivist",
            (
                "crm.archive.document",
                "create",
                {
                    "partner_id": customer,
                    "category_id": category,
                    "title": "Oversized upload",
                    "document_date": "2024-01-05",
                    "attachment_ids": [(6, 0, [upload])],
                },
            ),
            lambda: admin.call(
                "crm.archive.document", "search_count", [("title", "=", "Oversized upload")]
            ),
        )
        assert "1 MB" in message
    finally:
        admin.call("ir.config_parameter", "set_param", param, "25")


# ----------------------------------------------------------------------
# Workflow buttons in the wrong state, bad amounts and rules
# ----------------------------------------------------------------------
def test_workflow_buttons_in_the_wrong_state(users):
    admin = users["admin"]
    [document] = _ids(admin, "crm.archive.document", [("title", "=", "成品出厂检验报告")])
    borrow = users["service"].call(
        "crm.archive.borrow",
        "create",
        {"purpose": "Hostile", "mode": "consult", "line_ids": [(0, 0, {"document_id": document})]},
    )
    state = _reader(admin, "crm.archive.borrow", [borrow], ["state", "approver_id"])
    for method in ("action_lend", "action_approve"):
        _rejected(users, "archivist", ("crm.archive.borrow", method, [borrow]), state)
    _rejected(users, "service", ("crm.archive.borrow", "action_return", [borrow], "ok"), state)
    users["service"].call("crm.archive.borrow", "action_cancel", [borrow])

    [campaign] = _ids(admin, "crm.campaign", [("state", "=", "plan")])[:1]
    campaign_state = _reader(admin, "crm.campaign", [campaign], ["state"])
    _rejected(users, "manager", ("crm.campaign", "action_evaluate", [campaign]), campaign_state)
    _rejected(users, "manager", ("crm.campaign", "action_done", [campaign]), campaign_state)

    requests = admin.call("crm.credit.limit.request", "search", [("state", "=", "draft")], limit=1)
    if requests:
        _rejected(
            users,
            "credit",
            ("crm.credit.limit.request", "action_approve", requests),
            _reader(admin, "crm.credit.limit.request", requests, ["state"]),
        )


def test_bad_amounts_and_rules(users):
    admin = users["admin"]
    campaigns = _counter(admin, "crm.campaign", [])
    _rejected(
        users,
        "marketing",
        ("crm.campaign", "create", {"name": "Hostile", "channel": "visit", "budget": -100}),
        campaigns,
    )
    _rejected(
        users,
        "marketing",
        ("crm.campaign", "create", {"name": "Hostile", "channel": "visit", "conversion_days": 0}),
        campaigns,
    )
    segments = _counter(admin, "crm.rfm.segment", [])
    _rejected(
        users,
        "manager",
        (
            "crm.rfm.segment",
            "create",
            {"name": "Overlap", "r_min": 5, "r_max": 5, "f_min": 5, "f_max": 5},
        ),
        segments,
    )
    _rejected(
        users,
        "manager",
        ("crm.rfm.segment", "create", {"name": "Empty", "r_min": 4, "r_max": 2}),
        segments,
    )
    rules = _counter(admin, "crm.care.rule", [])
    _rejected(
        users,
        "manager",
        ("crm.care.rule", "create", {"name": "Hostile", "days_before": -3, "action": "gift"}),
        rules,
    )
    _rejected(
        users,
        "admin",
        ("res.config.settings", "create", {"crm_rfm_window_days": 0}),
        lambda: admin.call("ir.config_parameter", "get_param", "crm_campaigns.rfm_window_days"),
    )


# ----------------------------------------------------------------------
# Imports
# ----------------------------------------------------------------------
IMPORT_OPTIONS = {
    "has_headers": True,
    "separator": ",",
    "quoting": '"',
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
}


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        # No name column at all.
        (b"city,phone\nShanghai,021 5555\n", ["city", "phone"]),
        (b"name,birthday\nImport Hostile B,2023-02-30\n", ["name", "birthday"]),
        (
            b"name,is_company,staff_count\nImport Hostile C,1,-4\n",
            ["name", "is_company", "staff_count"],
        ),
        (b"name,resident_id\nImport Hostile D,not-an-id\n", ["name", "resident_id"]),
        # GBK bytes read as UTF-8.
        ("name,city\nImport Hostile E,上海\n".encode("gbk"), ["name", "city"]),
    ],
)
def test_broken_csv_imports_load_nothing(users, data, fields):
    """The import screen's own path (base_import): errors are reported as
    messages, nothing is created."""
    admin, service = users["admin"], users["service"]
    before = admin.call("res.partner", "search_count", [])
    wizard = service.call(
        "base_import.import",
        "create",
        {
            "res_model": "res.partner",
            "file": base64.b64encode(data).decode(),
            "file_type": "text/csv",
            "file_name": "customers.csv",
        },
    )
    name, result = service.attempt(
        "base_import.import", "execute_import", [wizard], fields, fields, IMPORT_OPTIONS
    )
    after = admin.call("res.partner", "search_count", [])
    STATS["hostile"] += 1
    reported = (
        name is None
        and not result.get("ids")
        and any(m.get("type", "error") == "error" and m.get("message") for m in result["messages"])
    )
    STATS["hostile_clean"] += reported and before == after
    assert reported, (name, result)
    assert before == after


# ----------------------------------------------------------------------
# Script payloads rendered in the portal and in PDFs; forged portal ids
# ----------------------------------------------------------------------
def test_script_payloads_are_escaped_in_portal_and_reports(users, odoo_server):
    admin, portal = users["admin"], users["portal"]
    [portal_partner] = admin.call(
        "res.users", "search_read", [("login", "=", "portal")], ["partner_id"]
    )
    partner = portal_partner["partner_id"][0]
    admin.call("res.partner", "write", [partner], {"hobbies": PAYLOAD, "function": PAYLOAD})
    STATS["hostile"] += 2
    status, _url, body = portal.get("/my/profile")
    assert status == 200
    assert PAYLOAD.encode() not in body
    assert b"&lt;script&gt;alert(" in body
    status, _url, html = users["service"].get(
        f"/report/html/crm_customer_info.report_person_card/{partner}"
    )
    assert status == 200
    assert PAYLOAD.encode() not in html
    assert b"&lt;script&gt;" in html
    STATS["hostile_clean"] += 2


def test_forged_ids_in_portal_forms(users):
    admin, portal = users["admin"], users["portal"]
    [other] = _ids(admin, "res.partner", [("name", "=", "Wang Lei")])
    before = admin.call("res.partner", "read", [other], ["hobbies", "phone"])
    status, _body = portal.form(
        "/my/profile",
        {"hobbies": "forged", "phone": "+86 100", "partner_id": str(other), "id": str(other)},
    )
    STATS["hostile"] += 1
    assert status in (200, 303)
    assert admin.call("res.partner", "read", [other], ["hobbies", "phone"]) == before
    # Another customer's shared document and file: not found, like a missing id.
    documents = admin.call(
        "crm.archive.document",
        "search_read",
        [("partner_id", "!=", False), ("attachment_ids", "!=", False)],
        ["id", "partner_id", "attachment_ids"],
    )
    foreign = [d for d in documents if d["partner_id"][1] != "Shanghai Hengyuan Trading Co., Ltd."]
    for document in foreign[:3]:
        status, _url, body = portal.get(
            f"/my/documents/{document['id']}/download/{document['attachment_ids'][0]}"
        )
        assert status == 404, document
        assert b"%PDF" not in body
    STATS["hostile_clean"] += 1


def test_forged_transition_context_does_not_skip_the_buttons(users):
    """A client cannot send the context a state button uses internally."""
    admin = users["admin"]
    [campaign] = _ids(admin, "crm.campaign", [("state", "=", "plan")])[:1]
    before = admin.call("crm.campaign", "read", [campaign], ["state", "revenue"])
    name, message = users["marketing"].attempt(
        "crm.campaign",
        "write",
        [campaign],
        {"state": "evaluated", "revenue": 10**6},
        context={"crm_campaign_transition": True},
    )
    STATS["hostile"] += 1
    after = admin.call("crm.campaign", "read", [campaign], ["state", "revenue"])
    clean = "UserError" in (name or "") and before == after
    STATS["hostile_clean"] += clean
    assert clean, (name, message)
