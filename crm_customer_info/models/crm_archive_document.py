from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

DOCUMENT_STATES = [
    ("filed", "Filed"),
    ("lent", "Lent"),
    ("bound", "Bound into a Volume"),
    ("destroyed", "Destroyed"),
]
CONFIDENTIALITY = [("internal", "Internal"), ("confidential", "Confidential"), ("secret", "Secret")]
# Documents in these states are kept as they are: bound into a volume, or destroyed.
READONLY_STATES = ("bound", "destroyed")
MIN_YEAR = 1900
# Marks the writes of the archive's own flows (closing a year, destruction) in
# the context. The value is a Python object: no RPC caller can send it.
# Set by filing, lending, closing a year and destruction only (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset({"number", "running_number", "state", "volume_id"})
# Uploads not yet tied to a record, which a document may take over.
ADOPTABLE_RES_MODELS = (False, "crm.archive.document", "mail.compose.message")


class CrmArchiveDocument(models.Model):
    _name = "crm.archive.document"
    _description = "Customer Archive Document"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.workflow.mixin"]
    _order = "partner_id, category_id, number, id"
    _crm_protected_fields = PROTECTED_FIELDS
    _rec_name = "number"
    # Pickers (a loan's lines, the access log) find a document by its number,
    # its title or its customer.
    _rec_names_search = ["number", "title", "partner_id.complete_name"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('parent_id', '=', False)]",
        tracking=True,
        help="The customer file (commercial partner) this document belongs to.",
    )
    category_id = fields.Many2one(
        "crm.archive.category",
        string="Category",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    type_id = fields.Many2one(
        "crm.archive.document.type",
        string="Document Type",
        ondelete="restrict",
        domain="[('category_id', '=', category_id)]",
    )
    number = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        default="/",
        help="Customer reference, category and running number, given when filed.",
    )
    running_number = fields.Integer(
        readonly=True,
        copy=False,
        aggregator=False,
        help="Running number of the document inside its customer's category.",
    )
    title = fields.Char(required=True, tracking=True)
    document_date = fields.Date(default=fields.Date.context_today)
    year = fields.Integer(
        compute="_compute_year", store=True, readonly=False, index=True, aggregator=False
    )
    pages = fields.Integer(default=1)
    original = fields.Selection(
        [("original", "Original"), ("copy", "Copy")],
        required=True,
        default="copy",
        tracking=True,
        help="Originals can only be consulted on site, never lent.",
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY,
        required=True,
        default="internal",
        tracking=True,
        help="Secret documents need a second approval by a manager to be borrowed.",
    )
    location = fields.Char(string="Storage Location", help="Cabinet, shelf and box.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_archive_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Attachments",
        copy=False,
        help="Scans of the document. Those of originals and secret documents open only during the "
        "reader's own running consultation or loan, and every opening is logged.",
    )
    state = fields.Selection(
        DOCUMENT_STATES,
        string="Status",
        default="filed",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    shared_with_customer = fields.Boolean(
        tracking=True, help="The customer can download it from the portal."
    )
    volume_id = fields.Many2one(
        "crm.archive.volume",
        string="Volume",
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _number_uniq = models.Constraint(
        "UNIQUE(partner_id, category_id, number)",
        "This number is already used in the customer's archive category.",
    )

    @api.depends("number", "title")
    def _compute_display_name(self):
        for document in self:
            document.display_name = " ".join(filter(None, [document.number, document.title]))

    @api.depends("document_date")
    def _compute_year(self):
        for document in self:
            document.year = document.document_date.year if document.document_date else 0

    @api.constrains("shared_with_customer", "original", "confidentiality")
    def _check_shared_with_customer(self):
        if shared := self.filtered(
            lambda d: d.shared_with_customer and d._crm_is_restricted_file()
        ):
            raise ValidationError(
                self.env._(
                    "%(documents)s: originals and secret documents are not shared with the "
                    "customer; file a copy and share that.",
                    documents=", ".join(shared.mapped("display_name")),
                )
            )

    @api.constrains("pages")
    def _check_pages(self):
        for document in self:
            if document.pages < 1:
                raise ValidationError(
                    self.env._(
                        "Pages of %(document)s: %(pages)s is not possible, a document has at "
                        "least 1 page.",
                        document=document.title,
                        pages=document.pages,
                    )
                )

    @api.constrains("year", "document_date")
    def _check_year(self):
        max_year = fields.Date.context_today(self).year + 1
        for document in self:
            if not MIN_YEAR <= document.year <= max_year:
                raise ValidationError(
                    self.env._(
                        "Year of %(document)s: %(year)s is not a sensible year, give one between "
                        "%(min)s and %(max)s.",
                        document=document.title,
                        year=document.year,
                        min=MIN_YEAR,
                        max=max_year,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_create_values(vals_list)
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = self._commercial_partner_id(vals["partner_id"])
        to_number = [
            vals
            for vals in vals_list
            if vals.get("number", "/") == "/" and vals.get("partner_id") and vals.get("category_id")
        ]
        keys = [(vals["partner_id"], vals["category_id"]) for vals in to_number]
        for vals, number_vals in zip(to_number, self._next_number_values(keys), strict=True):
            vals.update(number_vals)
        with self._crm_transition():
            documents = super().create(vals_list)
        documents.filtered("attachment_ids")._adopt_attachments()
        return documents

    def write(self, vals):
        if not self._crm_in_transition():
            self._check_writable(vals)
        if vals.get("partner_id"):
            vals = dict(vals, partner_id=self._commercial_partner_id(vals["partner_id"]))
        moved = self.browse()
        if ("partner_id" in vals or "category_id" in vals) and "number" not in vals:
            moved = self.filtered(
                lambda d: (d.partner_id.id, d.category_id.id) != self._number_key(d, vals)
            )
        result = super(CrmArchiveDocument, self - moved).write(vals) if self - moved else True
        if moved:
            # A document moved to another customer or category takes the next number there.
            keys = [self._number_key(document, vals) for document in moved]
            for document, number_vals in zip(moved, self._next_number_values(keys), strict=True):
                with document._crm_transition():
                    super(CrmArchiveDocument, document).write(dict(vals, **number_vals))
        if "attachment_ids" in vals:
            self._adopt_attachments()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Archive documents are never deleted; destroy them through their volume.")
        )

    # ------------------------------------------------------------------
    # Numbering
    # ------------------------------------------------------------------

    @api.model
    def _commercial_partner_id(self, partner_id):
        # A document belongs to the customer's file, never to one of its contacts.
        return self.env["res.partner"].browse(partner_id).commercial_partner_id.id

    @api.model
    def _number_key(self, document, vals):
        return (
            vals.get("partner_id", document.partner_id.id),
            vals.get("category_id", document.category_id.id),
        )

    @api.model
    def _next_number_values(self, keys):
        """``number`` and ``running_number`` of new documents, one per (partner id,
        category id) of ``keys``, in order: ``<customer ref or id>-<category code>-<NNN>``.

        Each customer's category is locked until the end of the transaction, so
        concurrent filings never draw the same running number."""
        if not keys:
            return []
        pairs = sorted(set(keys))
        self.env.execute_query(
            SQL(
                "SELECT pg_advisory_xact_lock(hashtextextended(lock_key, 0))"
                " FROM unnest(%s::text[]) AS lock_key",
                [f"crm.archive.document:{partner}:{category}" for partner, category in pairs],
            )
        )
        self.flush_model(["partner_id", "category_id", "running_number"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, category_id, MAX(running_number)
                  FROM crm_archive_document
                 WHERE (partner_id, category_id) IN %s
              GROUP BY partner_id, category_id
                """,
                tuple(pairs),
            )
        )
        last = {(partner, category): running or 0 for partner, category, running in rows}
        partners = self.env["res.partner"].browse({partner for partner, __ in pairs})
        categories = self.env["crm.archive.category"].browse({category for __, category in pairs})
        refs = {partner.id: partner.ref or str(partner.id) for partner in partners}
        codes = {category.id: category.code for category in categories}
        values = []
        for partner, category in keys:
            last[partner, category] = running = last.get((partner, category), 0) + 1
            values.append(
                {
                    "running_number": running,
                    "number": f"{refs[partner]}-{codes[category]}-{running:03d}",
                }
            )
        return values

    # ------------------------------------------------------------------
    # Read-only rules and attachments
    # ------------------------------------------------------------------

    @api.model
    def _readonly_exempt_fields(self):
        # Chatter bookkeeping (followers, activities, main attachment) goes on.
        mixin_fields = set(self.env["mail.thread"]._fields) | set(
            self.env["mail.activity.mixin"]._fields
        )
        return mixin_fields - set(models.MAGIC_COLUMNS)

    def _check_writable(self, vals):
        """Bound and destroyed documents are kept as they are; documents are bound
        and destroyed only through their volume."""
        changed = set(vals) - self._readonly_exempt_fields()
        if not changed:
            return
        reasons = []
        locked = self.filtered(lambda d: d.state in READONLY_STATES or d.volume_id)
        if locked:
            reasons.append(
                self.env._(
                    "%(documents)s: bound into a volume or destroyed, these documents are "
                    "read-only.",
                    documents=", ".join(locked.mapped("number")),
                )
            )
        if reasons:
            raise UserError("\n".join(reasons))

    def _adopt_attachments(self):
        """Point the uploads of the documents at them, so that ``ir.attachment``
        applies the document's access rights and rules to its scans."""
        Attachment = self.env["ir.attachment"]
        to_adopt = defaultdict(Attachment.browse)
        foreign = Attachment
        for document_sudo in self.sudo():
            for attachment_sudo in document_sudo.attachment_ids:
                if (attachment_sudo.res_model, attachment_sudo.res_id) == (
                    self._name,
                    document_sudo.id,
                ):
                    continue
                if (
                    attachment_sudo.res_id
                    or attachment_sudo.res_field
                    or attachment_sudo.res_model not in ADOPTABLE_RES_MODELS
                ):
                    foreign |= attachment_sudo
                else:
                    to_adopt[document_sudo.id] |= attachment_sudo
        if foreign:
            raise UserError(
                self.env._(
                    "These files already belong to another record: %(attachments)s. Upload "
                    "them to the archive document instead.",
                    attachments=", ".join(foreign.mapped("name")),
                )
            )
        if not to_adopt:
            return
        # Only one's own uploads: the document must not open someone else's file.
        Attachment.browse({a.id for atts in to_adopt.values() for a in atts}).check_access("read")
        for document_id, attachments_sudo in to_adopt.items():
            attachments_sudo.write(
                {"res_model": self._name, "res_id": document_id, "public": False}
            )

    # ------------------------------------------------------------------
    # Annual volumes
    # ------------------------------------------------------------------

    def _bind_into_volumes(self):
        """Bind filed documents into the volume of their customer, category, year
        and company (每年分年度清理、按类装订成固定卷保存), creating the missing
        volumes; documents filed late join their year's closed volume.

        :return: the volumes the documents were bound into
        """
        if not self:
            return self.env["crm.archive.volume"]
        reasons = []
        if not_filed := self.filtered(lambda d: d.state != "filed" or d.volume_id):
            reasons.append(
                self.env._(
                    "%(documents)s: only filed documents are bound into a volume.",
                    documents=", ".join(not_filed.mapped("number")),
                )
            )
        current_year = fields.Date.context_today(self).year
        if open_years := sorted({y for y in self.mapped("year") if y >= current_year}):
            reasons.append(
                self.env._(
                    "%(years)s: a year is closed once it has ended.",
                    years=", ".join(map(str, open_years)),
                )
            )
        groups = defaultdict(self.browse)
        for document in self:
            key = (
                document.partner_id.id,
                document.category_id.id,
                document.year,
                document.company_id.id,
            )
            groups[key] |= document
        partner_ids, category_ids, years, company_ids = (
            set(column) for column in zip(*groups, strict=True)
        )
        Volume = self.env["crm.archive.volume"]
        existing = Volume.search(
            Domain("partner_id", "in", list(partner_ids))
            & Domain("category_id", "in", list(category_ids))
            & Domain("year", "in", list(years))
            & Domain("company_id", "in", list(company_ids))
        )
        volumes = {volume._volume_key(): volume for volume in existing}
        volumes = {key: volumes[key] for key in groups if key in volumes}
        if destroyed := [v for v in volumes.values() if v.state == "destroyed"]:
            reasons.append(
                self.env._(
                    "%(volumes)s: these volumes are destroyed.",
                    volumes=", ".join(v.name for v in destroyed),
                )
            )
        if reasons:
            raise UserError("\n".join(reasons))
        missing = [key for key in groups if key not in volumes]
        new_volumes = Volume.create(
            [
                {
                    "partner_id": partner,
                    "category_id": category,
                    "year": year,
                    "company_id": company,
                }
                for partner, category, year, company in missing
            ]
        )
        volumes.update(zip(missing, new_volumes, strict=True))
        for key, documents in groups.items():
            documents._crm_transition_write({"volume_id": volumes[key].id, "state": "bound"})
            volumes[key].message_post(
                body=self.env._(
                    "%(count)s documents bound into the volume: %(documents)s",
                    count=len(documents),
                    documents=", ".join(documents.mapped("number")),
                )
            )
        return Volume.union(*volumes.values())
