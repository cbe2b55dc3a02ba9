"""No role reads beyond its tier, by any path an external client has.

Generated from the server, not listed by hand:

- every field of the addons that carries ``groups=``, for every role lacking
  those groups: read, search, order, group by and export on its own model, and
  search and group by through a related path (``many2one.field``) from every
  model the role reads that points to the field's model (found in
  ``ir.model.fields``); each path is tried with one field and each field with
  one path, in turn;
- customer service on the demo customer who withdrew his consent: every
  sensitive field by read, search, order, group by, export, through every
  related path from a record linked to him, his family members' resident IDs,
  and the customer card it prints;
- every portal customer's RPC reads of his own partner and his company: none of
  our internal classifications.

Each read counts in the summary line's "restricted reads tried, revealed"."""

import functools
import itertools
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import JsonRpcSession
from suite_stats import STATS
from test_report_audience import document_text

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "security"))
from matrix_roles import ADDONS, ROLES, SENSITIVE_FIELDS

PORTAL_ROLES = ("portal_a", "portal_b")
WITHDRAWN = "吴海涛"
PERSON_CARD = "crm_customer_info.report_person_card"
MAGIC_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
# What a customer reads of his own partner through RPC: his consents.
PORTAL_OWN_FIELDS = {
    "consent_email",
    "consent_sms",
    "consent_phone",
    "consent_post",
    "consent_sensitive",
}


def login(server, name):
    client = JsonRpcSession(server["url"], server["db"])
    result = client.authenticate(name, name)["result"]
    assert result["uid"], name
    return client, result


@pytest.fixture(scope="module")
def admin(odoo_server):
    return login(odoo_server, "admin")[0]


@pytest.fixture(scope="module")
def readers(odoo_server):
    """role -> (client, uid, partner id)"""
    found = {}
    for role, name in ROLES.items():
        if name:
            client, result = login(odoo_server, name)
            found[role] = (client, result["uid"], result["partner_id"])
    return found


@functools.cache
def transient_models(admin):
    """Wizards hold no data of their own to reveal."""
    rows = admin.call("ir.model", "search_read", [("transient", "=", True)], ["model"])
    return {row["model"] for row in rows}


@functools.cache
def our_field_ids(admin):
    """Ids of the fields the addons define (not Odoo's own fields they extend)."""
    rows = admin.call(
        "ir.model.data",
        "search_read",
        [("model", "=", "ir.model.fields")],
        ["res_id", "module"],
    )
    ours = {row["res_id"] for row in rows if row["module"] in ADDONS}
    return ours - {row["res_id"] for row in rows if row["module"] not in ADDONS}


@pytest.fixture(scope="module")
def our_fields(admin):
    """model -> {field name: field} of every field the addons define."""
    ids = sorted(our_field_ids(admin))
    found = {}
    for row in admin.call(
        "ir.model.fields", "read", ids, ["model", "name", "store", "required", "ttype"]
    ):
        if row["model"] not in transient_models(admin) and row["name"] not in MAGIC_FIELDS:
            found.setdefault(row["model"], {})[row["name"]] = row
    return found


def hidden_fields(admin, client, our_fields):
    """The fields of the addons the administrator sees and the reader does
    not (fields_get leaves out what the reader's groups do not give him), on
    every model the reader reads."""
    hidden = []
    for model, names in sorted(our_fields.items()):
        if not reads_model(client, model):
            continue
        seen = set(client.call(model, "fields_get", [], ["type"]))
        everything = admin.call(model, "fields_get", [], ["type"])
        hidden += [
            field
            for name, field in sorted(names.items())
            if name in everything and name not in seen
        ]
    return hidden


@functools.cache
def reads_model(client, model):
    """Whether the reader reads records of the model: where he sees none, an
    accepted search or group reveals nothing (Odoo answers an empty query
    without looking at its fields)."""
    ok, result = client.attempt(model, "search_count", [])
    return ok and result > 0


@functools.cache
def record_of(admin, model):
    return admin.call(model, "search", [], limit=1, context={"active_test": False})


def tally(revealed, what, ok, result):
    STATS["restricted_reads"] += 1
    if ok:
        STATS["revealed"] += 1
        revealed.append(f"{what} -> {str(result)[:120]}")


def group_spec(field, path=None):
    """A group-by of the field (dates by day)."""
    spec = path or field["name"]
    return f"{spec}:day" if field["ttype"] in ("date", "datetime") else spec


def direct_reads(client, admin, field, revealed):
    model, name = field["model"], field["name"]
    ids = record_of(admin, model)
    tally(revealed, f"{model}.read({name})", *client.attempt(model, "read", ids, [name]))
    tally(
        revealed,
        f"{model}.export_data({name})",
        *client.attempt(model, "export_data", ids, [name]),
    )
    if not field["store"]:
        return
    if not field["required"]:  # Odoo answers "required field set" without reading it
        tally(
            revealed,
            f"{model}.search({name})",
            *client.attempt(model, "search_count", [(name, "!=", False)]),
        )
    tally(
        revealed,
        f"{model} ordered by {name}",
        *client.attempt(model, "search", [], limit=1, order=f"{name} desc"),
    )
    tally(
        revealed,
        f"{model} grouped by {name}",
        *client.attempt(model, "formatted_read_group", [], [group_spec(field)], ["__count"]),
    )


def path_reads(client, source, many2one, field, revealed):
    path = f"{many2one}.{field['name']}"
    if not field["required"]:
        tally(
            revealed,
            f"{source} searched on {path}",
            *client.attempt(source, "search_count", [(path, "!=", False)]),
        )
    tally(
        revealed,
        f"{source} grouped by {path}",
        *client.attempt(source, "formatted_read_group", [], [group_spec(field, path)], ["__count"]),
    )


def linked_reads(client, paths, partner_ids, names, revealed):
    """Group by and search on each of ``names`` through every path from a
    model holding records linked to the partners; returns how many models
    were tried."""
    tried = 0
    for source, many2one in paths:
        link = [(many2one, "in", partner_ids)]
        if not reads_model(client, source):
            continue
        ok, linked = client.attempt(source, "search_count", link)
        if not ok or not linked:
            continue
        tried += 1
        for name in names:
            path = f"{many2one}.{name}"
            ok, groups = client.attempt(source, "formatted_read_group", link, [path], ["__count"])
            tally(
                revealed, f"{source} grouped by {path}", ok and any(g[path] for g in groups), groups
            )
            ok, count = client.attempt(source, "search_count", [*link, (path, "!=", False)])
            tally(revealed, f"{source} searched on {path}", ok and count > 0, count)
    return tried


@pytest.fixture(scope="module")
def paths_to(admin):
    """model -> [(source model, many2one field)] of every stored many2one."""
    rows = admin.call(
        "ir.model.fields",
        "search_read",
        [("ttype", "=", "many2one"), ("store", "=", True)],
        ["model", "name", "relation"],
    )
    found = {}
    for row in rows:
        if row["model"] not in transient_models(admin):
            found.setdefault(row["relation"], []).append((row["model"], row["name"]))
    return found


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"public"}))
def test_no_role_reads_a_restricted_field_by_any_path(admin, readers, our_fields, paths_to, role):
    client = readers[role][0]
    hidden = hidden_fields(admin, client, our_fields)
    revealed = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda field: direct_reads(client, admin, field, revealed), hidden))
    # Related paths: every path with one field, every field with one path.
    for model, fields in itertools.groupby(
        sorted((f for f in hidden if f["store"]), key=lambda f: f["model"]),
        key=lambda f: f["model"],
    ):
        fields = list(fields)
        paths = [p for p in paths_to.get(model, []) if reads_model(client, p[0])]
        if not paths:
            continue
        pairs = [
            (paths[i % len(paths)], fields[i % len(fields)])
            for i in range(max(len(paths), len(fields)))
        ]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda pair: path_reads(client, *pair[0], pair[1], revealed), pairs))
    if role not in ("manager",):
        assert hidden, f"{role} lacks no field: the test would prove nothing"
    assert not revealed, f"{role}: " + "; ".join(revealed)


# ---------------------------------------------------------------------------
# A customer who withdrew his consent
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def withdrawn(admin):
    [partner] = admin.call("res.partner", "search", [("name", "=", WITHDRAWN)])
    values = admin.call("res.partner", "read", [partner], [*SENSITIVE_FIELDS, "consent_sensitive"])[
        0
    ]
    assert not values["consent_sensitive"], "the demo customer withdrew his consent"
    kept = {name: value for name, value in values.items() if name in SENSITIVE_FIELDS and value}
    assert {"resident_id", "income_range", "health_status"} <= set(kept), kept
    members = admin.call(
        "crm.partner.family.member",
        "search_read",
        [("partner_id", "=", partner), ("resident_id", "!=", False)],
        ["resident_id"],
    )
    assert members, "his wife's resident ID is on file"
    meta = admin.call("res.partner", "fields_get", list(kept), ["selection"])
    printed = {
        dict(meta[name].get("selection") or []).get(value, value).replace(" ", "")
        for name, value in kept.items()
        if isinstance(value, str)
    } | {member["resident_id"] for member in members}
    return {"id": partner, "kept": kept, "members": members, "printed": printed}


def test_withdrawn_consent_hides_the_values_from_customer_service(
    admin, readers, withdrawn, paths_to
):
    client = readers["customer_service"][0]
    partner, kept = withdrawn["id"], withdrawn["kept"]
    revealed = []
    values = client.call("res.partner", "read", [partner], list(kept))[0]
    tally(revealed, "read", any(values[name] for name in kept), values)
    # An empty partner created after him sorts with him when his values are hidden.
    [probe] = admin.call("res.partner", "create", [{"name": "排序对照"}])
    try:
        for name, value in kept.items():
            count = client.call(
                "res.partner", "search_count", [(name, "=", value), ("id", "=", partner)]
            )
            tally(revealed, f"search {name}", count > 0, count)
            groups = client.call(
                "res.partner", "formatted_read_group", [("id", "=", partner)], [name], ["__count"]
            )
            tally(revealed, f"group by {name}", any(g[name] for g in groups), groups)
            ordered = client.call(
                "res.partner", "search", [("id", "in", [partner, probe])], order=f"{name} desc, id"
            )
            tally(revealed, f"order by {name}", ordered != [partner, probe], ordered)
        exported = client.call("res.partner", "export_data", [partner], list(kept))
    except RuntimeError as error:
        if "export" not in str(error):
            raise
        exported = {"datas": [[]]}
    finally:
        admin.call("res.partner", "unlink", [probe])
    tally(revealed, "export", any(exported["datas"][0]), exported)
    # From every model with a record linked to him, through the related path.
    tried = linked_reads(client, paths_to["res.partner"], [partner], list(kept), revealed)
    assert tried >= 3, "records of several models are linked to him"
    # His family members' resident IDs.
    Member = "crm.partner.family.member"
    for member in withdrawn["members"]:
        read = client.call(Member, "read", [member["id"]], ["resident_id"])[0]["resident_id"]
        tally(revealed, "family member read", bool(read), read)
        count = client.call(Member, "search_count", [("resident_id", "=", member["resident_id"])])
        tally(revealed, "family member search", count > 0, count)
        groups = client.call(
            Member,
            "formatted_read_group",
            [("id", "=", member["id"])],
            ["resident_id"],
            ["__count"],
        )
        tally(revealed, "family member group", any(g["resident_id"] for g in groups), groups)
    # The customer card customer service prints.
    for fmt in ("pdf", "html"):
        status, _url, body = client.get(f"/report/{fmt}/{PERSON_CARD}/{partner}")
        assert status == 200, status
        text = document_text(body)
        shown = [value for value in withdrawn["printed"] if re.sub(r"\s+", "", value) in text]
        tally(revealed, f"person card ({fmt})", bool(shown), shown)
    assert not revealed, "; ".join(revealed)
    # The values were kept: a manager reads them.
    manager = readers["manager"][0]
    assert manager.call("res.partner", "read", [partner], list(kept))[0] == {"id": partner, **kept}


# ---------------------------------------------------------------------------
# Portal customers on their own partner and company
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("role", PORTAL_ROLES)
def test_portal_customer_reads_none_of_our_classifications(admin, readers, role):
    client, _uid, partner = readers[role]
    company = admin.call("res.partner", "read", [partner], ["commercial_partner_id"])[0][
        "commercial_partner_id"
    ][0]
    ours = {
        row["name"]
        for row in admin.call(
            "ir.model.fields", "read", sorted(our_field_ids(admin)), ["model", "name"]
        )
        if row["model"] == "res.partner"
    }
    visible = client.call("res.partner", "fields_get", [], ["type"])
    revealed = []
    for name in sorted((ours & set(visible)) - MAGIC_FIELDS - PORTAL_OWN_FIELDS):
        ok, rows = client.attempt("res.partner", "read", [partner, company], [name])
        shown = ok and any(row[name] not in (False, 0, 0.0, [], "") for row in rows)
        tally(revealed, f"own partner {name}", shown, rows)
    assert len(ours) > 100
    assert not revealed, f"{role}: " + "; ".join(revealed)


# ---------------------------------------------------------------------------
# A salesperson on another salesperson's customers
# ---------------------------------------------------------------------------
def test_salesperson_reads_names_only_of_colleagues_customers(admin, readers, paths_to):
    """The fields he reads empty where a manager reads a value are found on
    the server; none comes back by search, group by or a related path."""
    sales, uid, _partner = readers["salesperson"]
    theirs = admin.call(
        "res.partner",
        "search",
        [("user_id", "not in", [uid, False]), ("is_company", "=", True), ("user_ids", "=", False)],
    )
    assert theirs, "the demo has customers of other salespeople"
    manager = readers["manager"][0]
    hidden = set()
    for name in sales.call("res.partner", "fields_get", [], ["type"]):
        ok, seen = sales.attempt("res.partner", "read", theirs, [name])
        if not ok:  # a field whose records he may not read (Odoo's own rules)
            continue
        rows = manager.call("res.partner", "read", theirs, [name])
        if any(row[name] and not own[name] for row, own in zip(rows, seen, strict=True)):
            hidden.add(name)
    assert {"phone", "email", "street", "city", "grade_id"} <= hidden, sorted(hidden)
    assert "name" not in hidden and "function" not in hidden, "he reads names and titles"
    revealed = []
    stored = admin.call("res.partner", "fields_get", sorted(hidden), ["store", "type"])
    for name in sorted(hidden):
        if not stored[name]["store"] or stored[name]["type"] in ("one2many", "many2many"):
            continue
        count = sales.call(
            "res.partner", "search_count", [("id", "in", theirs), (name, "!=", False)]
        )
        tally(revealed, f"search {name}", count > 0, count)
        spec = group_spec({"name": name, "ttype": stored[name]["type"]})
        groups = sales.call(
            "res.partner", "formatted_read_group", [("id", "in", theirs)], [spec], ["__count"]
        )
        tally(revealed, f"group by {spec}", any(g[spec] for g in groups), groups)
    tried = linked_reads(
        sales, paths_to["res.partner"], theirs, ["phone", "email", "grade_id"], revealed
    )
    assert tried, "records of other models point to those customers"
    assert not revealed, "; ".join(revealed)
    # The wider roles read them.
    for role in ("customer_service", "credit_user", "marketing_user"):
        rows = readers[role][0].call("res.partner", "read", theirs, ["phone", "email"])
        assert any(row["phone"] or row["email"] for row in rows), role
