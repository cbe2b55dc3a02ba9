"""Every cell of security/access_matrix.csv, driven through a real external
client (JSON-RPC with a session cookie, as the web client does) against the
multi-worker server: each role x each model of our addons and each sensitive
profile field x read, search, read_group, export, write, create, unlink."""

import csv
import os
import sys

import pytest
from conftest import JsonRpcSession
from suite_stats import STATS

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "security"))
from matrix_roles import ADDONS, FIELD_OPERATIONS, OPERATIONS, ROLES

MATRIX = os.path.join(os.path.dirname(__file__), "security", "access_matrix.csv")
DENIED = ("AccessError", "SessionExpired", "Session Expired", "rights to export")


def _matrix():
    with open(MATRIX, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Client(JsonRpcSession):
    """Calls that report what the access layer decided, not just errors."""

    @staticmethod
    def error_of(client, model, method, *args):
        reply = client.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )
        data = reply.get("error", {}).get("data", {})
        return data.get("name"), data.get("message")

    def try_call(self, model, method, *args, **kwargs):
        reply = self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
        if "error" not in reply:
            return True, reply["result"]
        error = reply["error"]
        data = error.get("data", {})
        text = f"{data.get('name', '')} {data.get('message', '')} {error.get('message', '')}"
        return not any(marker in text for marker in DENIED), text


@pytest.fixture(scope="module")
def clients(odoo_server):
    sessions = {}
    for role, login in ROLES.items():
        client = Client(odoo_server["url"], odoo_server["db"])
        if login:
            reply = client.authenticate(login, login)
            assert reply.get("result", {}).get("uid"), f"demo user {login} cannot log in"
        sessions[role] = client
    return sessions


@pytest.fixture(scope="module")
def probes(clients):
    """One existing record per model (as superuser-like admin), and the
    customer whose sensitive fields are probed."""
    admin = Client(clients["manager"].url, clients["manager"].db)
    admin.authenticate("admin", "admin")
    ids = {}
    for row in _matrix():
        model = row["target"].split(":")[0]
        if model not in ids:
            ids[model] = admin.call(model, "search", [], limit=1, context={"active_test": False})
    [wang] = admin.call("res.partner", "search", [("name", "=", "Wang Lei")])
    values = admin.call(
        "res.partner",
        "read",
        [wang],
        [r["target"].split(":")[1] for r in _matrix() if ":" in r["target"]],
    )[0]
    yield {"ids": ids, "wang": wang, "values": values, "admin": admin}
    probes_left = admin.call("res.partner", "search", [("name", "=", "Matrix probe")])
    if probes_left:
        admin.call("res.partner", "unlink", probes_left)


def _model_operation(client, model, letter, expected, record_ids):
    """Perform one operation; return whether the access layer let it through."""
    if letter == "r":
        return client.try_call(model, "search_read", [], ["display_name"], limit=2)[0]
    if letter == "s":
        return client.try_call(model, "search_count", [("id", "!=", 0)])[0]
    if letter == "g":
        return client.try_call(model, "formatted_read_group", [], [], ["__count"])[0]
    if letter == "e":
        # Export what the role itself sees; with nothing to export, the
        # export right alone proves nothing: reading is needed too.
        ok, own_ids = client.try_call(model, "search", [], limit=1)
        own_ids = own_ids if ok else record_ids
        exported = client.try_call(model, "export_data", own_ids, ["display_name"])[0]
        if not own_ids:
            exported = exported and _model_operation(client, model, "r", expected, own_ids)
        return exported
    operation = OPERATIONS[letter]
    # Writing and creating are asked of the access layer, not done: an empty
    # write or create proves nothing (overrides return early or fail on
    # required fields first) and a real one would change the data.
    ok, result = client.try_call(model, "has_access", [], operation)
    allowed = ok and result is True
    if letter == "u" and not expected and record_ids:
        # A refused deletion is also tried for real.
        allowed = allowed or client.try_call(model, "unlink", record_ids)[0]
    return allowed


def _field_operation(client, name, letter, wang, value):
    if letter == "r":
        return client.try_call("res.partner", "read", [wang], [name])[0]
    if letter == "s":
        return client.try_call("res.partner", "search_count", [(name, "!=", False)])[0]
    if letter == "g":
        return client.try_call("res.partner", "formatted_read_group", [], [name], ["__count"])[0]
    if letter == "e":
        return client.try_call("res.partner", "export_data", [wang], [name])[0]
    if letter == "w":
        return client.try_call("res.partner", "write", [wang], {name: value})[0]
    return client.try_call("res.partner", "create", {"name": "Matrix probe", name: False})[0]


def test_matrix_lists_every_model_of_our_addons(probes):
    admin = probes["admin"]
    data = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "in", ADDONS), ("model", "=", "ir.model")],
        ["res_id"],
    )
    models = {
        row["model"]
        for row in admin.call("ir.model", "read", [d["res_id"] for d in data], ["model"])
    }
    listed = {row["target"] for row in _matrix()}
    for model in sorted(models - listed):
        # Only abstract models (no table, nothing to reach) may be left out.
        name, _message = Client.error_of(admin, model, "search_count", [])
        assert name, f"{model} is missing from security/access_matrix.csv"
    assert set(ROLES) == set(_matrix()[0]) - {"target"}


@pytest.mark.parametrize("role", list(ROLES))
def test_access_matrix(clients, probes, role):
    client = clients[role]
    mismatches = []
    for row in _matrix():
        target, cell = row["target"], row[role]
        field = ":" in target
        letters = FIELD_OPERATIONS if field else OPERATIONS
        for letter in letters:
            expected = letter in cell
            if field:
                name = target.split(":")[1]
                value = probes["values"].get(name)
                allowed = _field_operation(client, name, letter, probes["wang"], value)
            else:
                allowed = _model_operation(client, target, letter, expected, probes["ids"][target])
            STATS["cells"] += 1
            if allowed == expected:
                STATS["allowed" if allowed else "denied"] += 1
            elif allowed:
                STATS["leaks"] += 1
                mismatches.append(f"LEAK {target} {OPERATIONS[letter]}")
            else:
                STATS["over_denied"] += 1
                mismatches.append(f"DENIED {target} {OPERATIONS[letter]}")
    assert not mismatches, f"{role}: " + "; ".join(mismatches)
