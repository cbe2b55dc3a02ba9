"""Write a first draft of access_matrix.csv from a database's rights.

Run inside ``odoo shell`` on a demo database::

    .venv/bin/odoo shell -c .local/odoo.conf -d DB < tests/security/generate_matrix.py

The draft only restates what the database does: review every changed line of
the diff against the design before committing it, the committed file is the
specification the black-box test holds the server to.
"""

import csv
import os
import sys

sys.path.insert(0, os.path.join(os.getcwd(), "tests", "security"))
from matrix_roles import ADDONS, FIELD_OPERATIONS, OPERATIONS, ROLES, SENSITIVE_FIELDS

env = env  # noqa: F821 (provided by odoo shell)
users = {
    role: env["res.users"].search([("login", "=", login)]) for role, login in ROLES.items() if login
}
models = sorted(
    name
    for name in set(
        env["ir.model.data"]
        .search([("module", "in", ADDONS), ("model", "=", "ir.model")])
        .mapped(lambda data: env["ir.model"].browse(data.res_id).model)
    )
    # Abstract models have no records to reach.
    if not env[name]._abstract
)


def model_cell(user, model):
    records = env[model].with_user(user).browse()
    cell = ""
    for letter in OPERATIONS:
        operation = {"s": "read", "g": "read", "e": "read"}.get(letter, OPERATIONS[letter])
        allowed = records.has_access(operation)
        if letter == "e":
            allowed = allowed and user.has_group("base.group_allow_export")
        cell += letter if allowed else ""
    return cell or "-"


def field_cell(user, name):
    partners = env["res.partner"].with_user(user)
    field = partners._fields[name]
    readable = partners.browse().has_access("read") and partners._has_field_access(field, "read")
    writable = partners._has_field_access(field, "write")
    cell = ""
    for letter in FIELD_OPERATIONS:
        if letter in "rsg":
            allowed = readable
        elif letter == "e":
            allowed = readable and user.has_group("base.group_allow_export")
        else:
            allowed = writable and partners.browse().has_access(OPERATIONS[letter])
        cell += letter if allowed else ""
    return cell or "-"


path = os.path.join(os.getcwd(), "tests", "security", "access_matrix.csv")
with open(path, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["target", *ROLES])
    for model in models:
        writer.writerow(
            [model] + [model_cell(users[role], model) if role in users else "-" for role in ROLES]
        )
    for name in SENSITIVE_FIELDS:
        writer.writerow(
            [f"res.partner:{name}"]
            + [field_cell(users[role], name) if role in users else "-" for role in ROLES]
        )
print(f"wrote {path}")
