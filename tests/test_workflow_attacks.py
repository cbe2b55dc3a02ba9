"""Authority lives in the models: every field a workflow decides, attacked through
JSON-RPC as every role that may write the model, with every context key the
addons read.

Nothing here is listed by hand. The workflow models and their protected fields
are read from the addons' source (``_crm_protected_fields`` declarations), the
context keys from every ``context.get(...)``, ``with_context(key=...)`` and
``*_KEY = "..."`` in it, the roles from security/access_matrix.csv: a model,
field or key added later is attacked too.
"""

import ast
import csv
import functools
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import JsonRpcSession
from suite_stats import STATS

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "security"))
from matrix_roles import ADDONS, ROLES

REPO = Path(__file__).resolve().parent.parent
MATRIX = REPO / "tests" / "security" / "access_matrix.csv"
REFUSED = "only through the buttons of its workflow"
# Keys Odoo itself reads that mean something to our code paths.
ODOO_KEYS = ["tracking_disable", "install_mode", "import_file", "active_test", "cron_id"]


def _literal_names(node, constants):
    """Field names of a set/frozenset literal, or of a constant naming one."""
    if isinstance(node, ast.Name):
        return constants.get(node.id, set())
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "frozenset" and node.args:
        return _literal_names(node.args[0], constants)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _literal_names(node.left, constants) | _literal_names(node.right, constants)
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        names = set()
        for element in node.elts:
            if isinstance(element, ast.Starred):
                names |= _literal_names(element.value, constants)
            elif isinstance(element, ast.Constant):
                names.add(element.value)
        return names
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return set()
    return set(value) if isinstance(value, (set, frozenset, list, tuple)) else set()


@functools.cache
def workflow_models():
    """{model: protected fields} of every class declaring _crm_protected_fields."""
    models = {}
    for addon in ADDONS:
        for path in sorted((REPO / addon / "models").glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = {}
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target = node.targets[0]
                    if isinstance(target, ast.Name):
                        constants[target.id] = _literal_names(node.value, constants)
            for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
                attrs = {
                    n.targets[0].id: n.value
                    for n in cls.body
                    if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                }
                if "_crm_protected_fields" not in attrs:
                    continue
                name_node = attrs.get("_name") or attrs.get("_inherit")
                name = ast.literal_eval(name_node)
                name = name[0] if isinstance(name, list) else name
                if name == "crm.workflow.mixin":
                    continue
                fields = _literal_names(attrs["_crm_protected_fields"], constants)
                assert fields, f"{path}: cannot read the protected fields of {name}"
                models.setdefault(name, set()).update(fields)
    return models


@functools.cache
def context_keys():
    """Every context key the addons read or set, and Odoo's that matter."""
    patterns = [
        r"context\.get\(\s*[\"']([a-z_]+)[\"']",
        r"context\[\s*[\"']([a-z_]+)[\"']\s*\]",
        r"with_context\(\s*([a-z_]+)\s*=",
        r"^[A-Z_]*KEY\s*=\s*[\"']([a-z_]+)[\"']",
    ]
    keys = set(ODOO_KEYS)
    for addon in ADDONS:
        for path in (REPO / addon).rglob("*.py"):
            if "tests" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in patterns:
                keys.update(re.findall(pattern, text, flags=re.MULTILINE))
    return sorted(keys)


def writers(model):
    """Roles the access matrix lets write the model, and the administrator."""
    with MATRIX.open(encoding="utf-8") as handle:
        row = next((r for r in csv.DictReader(handle) if r["target"] == model), None)
    roles = [role for role, cell in (row or {}).items() if role in ROLES and "w" in cell]
    return [ROLES[role] for role in roles if ROLES[role]] + ["admin"]


def other_value(admin, model, field, info, record):
    """A value different from the record's, as a client would send it."""
    value = record[field]
    kind = info["type"]
    if kind == "selection":
        options = [key for key, __ in info["selection"] if key != value]
        return options[0] if options else None
    if kind == "many2one":
        current = value[0] if value else 0
        found = admin.call(info["relation"], "search", [("id", "!=", current)], limit=1)
        return found[0] if found else None
    if kind == "many2many":
        found = admin.call(info["relation"], "search", [("id", "not in", value)], limit=1)
        return [(6, 0, found)] if found else None
    if kind == "one2many":
        return None
    if kind == "boolean":
        return not value
    if kind in ("integer", "float", "monetary"):
        return (value or 0) + 7
    if kind == "date":
        return "2001-02-03" if value != "2001-02-03" else "2002-03-04"
    if kind == "datetime":
        return "2001-02-03 04:05:06"
    return f"{value or ''} forged"


@pytest.fixture(scope="module")
def sessions(odoo_server):
    clients = {}

    def login(name):
        if name not in clients:
            client = JsonRpcSession(odoo_server["url"], odoo_server["db"])
            assert client.authenticate(name, name).get("result", {}).get("uid"), name
            clients[name] = client
        return clients[name]

    return login


def attempt(client, model, record_id, vals, context):
    """The error message of the write, or None when it was accepted."""
    reply = client.post(
        f"/web/dataset/call_kw/{model}/write",
        {
            "model": model,
            "method": "write",
            "args": [[record_id], vals],
            "kwargs": {"context": context},
        },
    )
    if "error" not in reply:
        return None
    return reply["error"].get("data", {}).get("message", "")


@pytest.mark.parametrize("model", sorted(workflow_models()))
def test_protected_fields_refused_to_every_writer(sessions, model):
    protected = sorted(workflow_models()[model])
    admin = sessions("admin")
    infos = admin.call(model, "fields_get", protected, attributes=["type", "selection", "relation"])
    keys = context_keys()
    accepted, attacked = [], 0
    for login in writers(model):
        client = sessions(login)
        # a record this user may write, so that only the workflow guard stands
        # between him and the protected fields
        found = client.call(model, "search", [], limit=1)
        if not found:
            continue
        record_id = found[0]
        [before] = admin.call(model, "read", [record_id], protected)
        for field in protected:
            value = other_value(admin, model, field, infos[field], before)
            if value is None:
                continue
            contexts = [{}] + ([{key: True} for key in keys] if login == "admin" else [])
            for context in contexts:
                message = attempt(client, model, record_id, {field: value}, context)
                attacked += 1
                STATS["protected_writes"] += 1
                STATS["context_keys"] += bool(context)
                if message is None or REFUSED not in message:
                    accepted.append((login, field, context, (message or "accepted")[:100]))
                    STATS["protected_accepted"] += 1
                    STATS["context_honoured"] += bool(context)
        [after] = admin.call(model, "read", [record_id], protected)
        assert after == before, f"a refused write changed {model} {record_id} for {login}"
    if not attacked:
        pytest.skip(f"no {model} record in the demo data to attack")
    assert accepted == []


def test_the_scan_finds_the_workflows_and_the_keys():
    """The scanner itself: a broken scan would attack nothing and pass."""
    models = workflow_models()
    for model in ("crm.archive.borrow", "crm.archive.document", "crm.complaint", "res.partner"):
        assert model in models
    assert {"state", "approver_id", "handler_id"} <= models["crm.archive.borrow"]
    assert {"consent_email", "consent_sensitive"} <= models["res.partner"]
    keys = context_keys()
    assert "grade_change_reason" in keys or "crm_consent_channel" in keys
    assert "tracking_disable" in keys
