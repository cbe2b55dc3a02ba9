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
import datetime
import functools
import os
import re
import sys
import xmlrpc.client
from pathlib import Path

import pytest
from conftest import JsonRpcSession
from suite_stats import STATS

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "security"))
from matrix_roles import ADDONS, ROLES

REPO = Path(__file__).resolve().parent.parent
MATRIX = REPO / "tests" / "security" / "access_matrix.csv"
REFUSED = "only through the buttons of its workflow"
# Errors a user reads as a refusal (a traceback of any other kind is a defect).
CLEAN_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
}
# Arguments of the action methods that take some, by parameter name; any other
# parameter (a reason, a condition) gets a text.
ACTION_ARGUMENTS = {
    "new_due_date": (datetime.date.today() + datetime.timedelta(days=45)).isoformat(),
}
# Values of the context keys Odoo validates before our code runs.
FORGED_VALUES = {"lang": "en_US", "tz": "Asia/Shanghai"}
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


def _classes():
    """(model name, class attributes, action methods) of every class of the addons."""
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
                name_node = attrs.get("_name") or attrs.get("_inherit")
                if name_node is None:
                    continue
                name = ast.literal_eval(name_node)
                name = name[0] if isinstance(name, list) else name
                # action name: its parameters, None for a model method (@api.model)
                actions = {
                    f.name: None
                    if any(ast.unparse(d) == "api.model" for d in f.decorator_list)
                    else [a.arg for a in f.args.args[1:]]
                    for f in cls.body
                    if isinstance(f, ast.FunctionDef) and f.name.startswith("action_")
                }
                if any(
                    isinstance(f, ast.FunctionDef) and f.name == "_unlink_never" for f in cls.body
                ):
                    actions["_unlink_never"] = []
                declared = {
                    key: _literal_names(attrs[key], constants)
                    for key in ("_crm_protected_fields", "_crm_create_fields")
                    if key in attrs
                }
                yield path, name, declared, actions


@functools.cache
def workflow_scan():
    """{model: {"protected", "create", "actions"}} of every model with a class
    declaring _crm_protected_fields, read from the source."""
    scan = {}
    actions = {}
    for path, name, declared, methods in _classes():
        if methods.pop("_unlink_never", None) is not None:
            KEPT_MODELS.add(name)
        actions.setdefault(name, {}).update(methods)
        if "_crm_protected_fields" not in declared or name == "crm.workflow.mixin":
            continue
        assert declared["_crm_protected_fields"], f"{path}: cannot read the protected fields"
        entry = scan.setdefault(name, {"protected": set(), "create": set()})
        entry["protected"] |= declared["_crm_protected_fields"]
        entry["create"] |= declared.get("_crm_create_fields", set())
    for name, entry in scan.items():
        entry["actions"] = actions.get(name, {})
    return scan


# Models whose records are never deleted (an @api.ondelete ``_unlink_never``):
# the logs, archive documents and volumes, erasure requests. Filled by the scan.
KEPT_MODELS = set()


def kept_models():
    workflow_scan()
    return sorted(KEPT_MODELS)


def workflow_models():
    """{model: protected fields} of every workflow model."""
    return {name: entry["protected"] for name, entry in workflow_scan().items()}


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


def matrix_logins(model, operation):
    """Logins of the roles the access matrix grants ``operation`` (a letter) on
    the model, and the administrator."""
    with MATRIX.open(encoding="utf-8") as handle:
        row = next((r for r in csv.DictReader(handle) if r["target"] == model), None)
    roles = [role for role, cell in (row or {}).items() if role in ROLES and operation in cell]
    return [ROLES[role] for role in roles if ROLES[role]] + ["admin"]


def forged(keys):
    """A context setting ``keys`` as a client would: True, or a valid value for
    the keys Odoo checks (a language, a time zone)."""
    return {key: FORGED_VALUES.get(key, True) for key in keys}


def writers(model):
    """Roles the access matrix lets write the model, and the administrator."""
    return matrix_logins(model, "w")


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


def _logins(server):
    clients = {}

    def login(name):
        if name not in clients:
            client = JsonRpcSession(server["url"], server["db"])
            assert client.authenticate(name, name).get("result", {}).get("uid"), name
            clients[name] = client
        return clients[name]

    return login


@pytest.fixture(scope="module")
def sessions(odoo_server):
    return _logins(odoo_server)


@pytest.fixture(scope="module")
def attack_sessions(attack_server):
    return _logins(attack_server)


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
def test_protected_fields_refused_to_every_writer(sessions, rpc, model):
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
            contexts = [{}] + ([forged([key]) for key in keys] if login == "admin" else [])
            for context in contexts:
                message = attempt(client, model, record_id, {field: value}, context)
                attacked += 1
                STATS["protected_writes"] += 1
                STATS["context_keys"] += bool(context)
                if message is None or REFUSED not in message:
                    accepted.append((login, field, context, (message or "accepted")[:100]))
                    STATS["protected_accepted"] += 1
                    STATS["context_honoured"] += bool(context)
            # the same through XML-RPC, the other external API
            message = xmlrpc_attempt(rpc, login, model, record_id, {field: value})
            STATS["protected_writes"] += 1
            if message is None or REFUSED not in message:
                accepted.append((login, field, "xmlrpc", (message or "accepted")[:100]))
                STATS["protected_accepted"] += 1
        [after] = admin.call(model, "read", [record_id], protected)
        assert after == before, f"a refused write changed {model} {record_id} for {login}"
    if not attacked:
        pytest.skip(f"no {model} record in the demo data to attack")
    assert accepted == []


@functools.cache
def _xmlrpc_uid(common, db, login):
    return common.authenticate(db, login, login, {})


def xmlrpc_attempt(rpc, login, model, record_id, vals):
    """The fault of the write through XML-RPC, or None when it was accepted."""
    uid = _xmlrpc_uid(rpc["common"], rpc["db"], login)
    try:
        rpc["object"].execute_kw(rpc["db"], uid, login, model, "write", [[record_id], vals])
    except xmlrpc.client.Fault as fault:
        return fault.faultString
    return None


def call(client, model, method, args, kwargs=None):
    """The error data of the call, or None when it was accepted."""
    reply = client.post(
        f"/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
    )
    return reply["error"].get("data", {}) if "error" in reply else None


def clean_refusal(error):
    """A refusal the user can read: one of Odoo's user-facing errors, with a message."""
    return error.get("name") in CLEAN_ERRORS and bool(error.get("message", "").strip())


@pytest.mark.parametrize("model", sorted(workflow_models()))
def test_protected_values_refused_at_create(attack_sessions, model):
    """A new record starts where its workflow starts, whoever creates it."""
    entry = workflow_scan()[model]
    protected = sorted(entry["protected"] - entry["create"])
    admin = attack_sessions("admin")
    infos = admin.call(model, "fields_get", protected, attributes=["type", "selection", "relation"])
    all_keys = forged(context_keys())
    accepted = []
    for login in matrix_logins(model, "c"):
        client = attack_sessions(login)
        defaults = client.call(model, "default_get", protected)
        for field in protected:
            default = defaults.get(field)
            if infos[field]["type"] == "many2one" and isinstance(default, int):
                default = [default]  # default_get gives an id, read gives (id, name)
            value = other_value(admin, model, field, infos[field], {field: default})
            if value is None:
                continue
            for context in ({}, all_keys):
                error = call(client, model, "create", [{field: value}], {"context": context})
                STATS["protected_writes"] += 1
                STATS["context_keys"] += len(context)
                if error is None or REFUSED not in error.get("message", ""):
                    accepted.append((login, field, bool(context), str(error)[:120]))
                    STATS["protected_accepted"] += 1
                    STATS["context_honoured"] += bool(context)
    assert accepted == []


def _snapshot(admin, model, record_id, fields):
    [row] = admin.call(model, "read", [record_id], fields)
    return row


def _records(admin, model, has_state):
    """One record of the demo per workflow state (one record without states)."""
    if not has_state:
        return admin.call(model, "search", [], limit=1)
    firsts = {}
    for row in admin.call(model, "search_read", [], ["state"], order="id"):
        firsts.setdefault(row["state"], row["id"])
    return sorted(firsts.values())


@pytest.mark.parametrize("model", sorted(workflow_models()))
def test_transitions_out_of_order_and_by_the_wrong_person(attack_sessions, model):
    """Every action of the workflow, on a record in each state, called by every
    role: a refusal is a clear error that changes nothing; a role that may not
    write the model changes nothing; a transition that ran is refused when
    called again from the state it led to."""
    entry = workflow_scan()[model]
    if not entry["actions"]:
        pytest.skip(f"{model} has no action methods")
    admin = attack_sessions("admin")
    has_state = "state" in admin.call(model, "fields_get", ["state"], attributes=["type"])
    watched = sorted(entry["protected"] | ({"state"} if has_state else set()))
    allowed = set(writers(model))
    logins = [login for login in ROLES.values() if login] + ["admin"]
    wrong = []
    for record_id in _records(admin, model, has_state):
        for login in logins:
            client = attack_sessions(login)
            for method, params in sorted(entry["actions"].items()):
                if params is None:
                    continue  # a model method: not a transition of a record
                args = [[record_id], *(ACTION_ARGUMENTS.get(p, "Attack test") for p in params)]
                before = _snapshot(admin, model, record_id, watched)
                error = call(client, model, method, args)
                after = _snapshot(admin, model, record_id, watched)
                STATS["transitions"] += 1
                where = (login, method, before.get("state"))
                if error is not None:
                    if not clean_refusal(error):
                        wrong.append((*where, "unclear error", str(error)[:160]))
                    if after != before:
                        wrong.append((*where, "refused but changed"))
                    continue
                if after == before:
                    continue
                if login not in allowed:
                    wrong.append((*where, "changed by a role that may not write it"))
                if has_state and after["state"] != before["state"]:
                    again = call(client, model, method, args)
                    STATS["transitions"] += 1
                    if again is None or not clean_refusal(again):
                        wrong.append((*where, "ran twice", str(again)[:160]))
                    elif _snapshot(admin, model, record_id, watched) != after:
                        wrong.append((*where, "refused the second time but changed"))
    STATS["transitions_wrong"] += len(wrong)
    assert wrong == [], "\n".join(map(str, wrong))


MAGIC_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}


@pytest.mark.parametrize("model", kept_models())
def test_kept_records_and_logs_cannot_be_forged_or_deleted(attack_sessions, model):
    """A log entry (or a record kept for good) is written by the code path it
    records: no role, not even the administrator with every context key,
    creates one, edits one or deletes one."""
    admin = attack_sessions("admin")
    found = admin.call(model, "search", [], limit=1)
    if not found:
        pytest.skip(f"no {model} record in the demo data")
    infos = admin.call(
        model, "fields_get", [], attributes=["type", "selection", "relation", "store", "readonly"]
    )
    stored = sorted(
        name
        for name, info in infos.items()
        if info.get("store") and name not in MAGIC_FIELDS and info["type"] != "one2many"
    )
    [before] = admin.call(model, "read", found, stored)
    count = admin.call(model, "search_count", [])
    is_log = model not in workflow_models()
    all_keys = forged(context_keys())
    accepted = []
    for login in [login for login in ROLES.values() if login] + ["admin"]:
        client = attack_sessions(login)
        for context in ({}, all_keys):
            kwargs = {"context": context}
            error = call(client, model, "unlink", [found], kwargs)
            if error is None or not clean_refusal(error):
                accepted.append((login, "unlink", bool(context), str(error)[:120]))
            if not is_log:
                continue  # its fields are attacked by the workflow tests
            for field in stored:
                value = other_value(admin, model, field, infos[field], before)
                if value is None:
                    continue
                error = call(client, model, "write", [found, {field: value}], kwargs)
                STATS["protected_writes"] += 1
                STATS["context_keys"] += len(context)
                if error is None or not clean_refusal(error):
                    accepted.append((login, field, bool(context), str(error)[:120]))
                    STATS["protected_accepted"] += 1
            values = {f: v for f in stored if (v := other_value(admin, model, f, infos[f], before))}
            error = call(client, model, "create", [values], kwargs)
            if error is None or not clean_refusal(error):
                accepted.append((login, "create", bool(context), str(error)[:120]))
    assert accepted == [], "\n".join(map(str, accepted))
    assert admin.call(model, "read", found, stored) == [before]
    assert admin.call(model, "search_count", []) == count


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
    assert {"crm.archive.access.log", "crm.partner.consent", "crm.customer.grade.history"} <= set(
        kept_models()
    )
