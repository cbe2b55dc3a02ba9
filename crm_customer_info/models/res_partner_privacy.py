import json

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain

OFFICER = "crm_customer_info.group_privacy_officer"
SERVICE = "crm_customer_info.group_customer_service"

# Fields every record has, which say nothing about the customer.
_TECHNICAL_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}


class ResPartner(models.Model):
    """Data-subject rights (PIPL articles 45 and 47): access, export, erasure."""

    _inherit = "res.partner"

    # Standard contact fields that identify a person.
    _crm_privacy_standard_fields = [
        "name",
        "email",
        "phone",
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "country_id",
        "website",
        "function",
        "vat",
        "comment",
    ]
    # Standard fields blanked on anonymisation (the name is replaced instead);
    # the VAT number only for individuals (an organisation's is public).
    _crm_anonymise_standard_fields = [
        "email",
        "phone",
        "street",
        "street2",
        "city",
        "zip",
        "website",
        "function",
        "comment",
        "image_1920",
    ]
    # crm_customer_info fields that are business facts, not personal data, or
    # that are kept for legal retention: anonymisation leaves them.
    _crm_anonymise_kept_fields = [
        "grade_id",
        "customer_state",
        "importance",
        "first_trade_date",
        "stop_trade_date",
        "source_id",
        "developer_id",
        "crm_currency_id",
        "review_interval_days",
        "last_review_date",
        "crm_anonymised_date",
    ]
    # Our own assessment of the customer and the records of our dealings with
    # him: left out of the copy a person gets of his own data (the back office
    # sees them with its groups).
    _crm_privacy_internal_fields = [
        *_crm_anonymise_kept_fields,
        "stop_trade_reason",
        "referrer_id",
        "developed_on",
        "visit_route",
        "survey_date",
        "survey_user_id",
        "survey_reviewer_id",
        "key_person_role",
        "decision_influence",
        "reputation",
        "sales_capability",
        "development_potential",
        "current_problems",
        "management_quality",
        "competitor_relations",
        "cooperation_attitude",
        "economic_indicators",
    ]
    # Profile child records deleted on anonymisation (grade history, review
    # log and archive documents are kept).
    _crm_anonymise_child_fields = [
        "family_member_ids",
        "education_ids",
        "employment_ids",
        "club_ids",
        "relationship_ids",
        "competitor_usage_ids",
        "org_event_ids",
    ]

    crm_anonymised_date = fields.Date(
        string="Anonymised On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=SERVICE,
        help="Set when the customer's personal data was erased on an approved request.",
    )
    crm_erasure_request_ids = fields.One2many(
        "crm.privacy.erasure.request", "partner_id", string="Erasure Requests", groups=SERVICE
    )
    crm_erasure_request_count = fields.Integer(
        compute="_compute_crm_erasure_request_count", groups=SERVICE
    )

    def _compute_crm_erasure_request_count(self):
        counts = dict(
            self.env["crm.privacy.erasure.request"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.crm_erasure_request_count = counts.get(partner, 0)

    # ------------------------------------------------------------------
    # Right of access and portability
    # ------------------------------------------------------------------
    @api.model
    def _crm_profile_fields(self):
        """Stored, non-computed fields added to res.partner by this addon."""
        return [
            name
            for name, field in self._fields.items()
            if field._modules[:1] == ("crm_customer_info",)
            and field.store
            and not field.compute
            and not field.related
            and field.type not in ("one2many", "binary")
            and name not in _TECHNICAL_FIELDS
        ]

    @api.model
    def _crm_privacy_value(self, record, fname):
        """JSON-friendly value of one field; None when empty. Linked records
        give their name, as ``read`` does, when the reader may see them."""
        field = record._fields[fname]
        value = record[fname]
        if field.type == "boolean":
            return True if value else None
        if field.type in ("integer", "float", "monetary"):
            return value or None
        if not value:
            return None
        if field.type == "many2one":
            return value.sudo().display_name
        if field.type == "many2many":
            return value._filtered_access("read").sudo().mapped("display_name") or None
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type in ("date", "datetime"):
            return value.isoformat()
        return str(value)

    @api.model
    def _crm_privacy_record_values(self, record, fnames):
        values = {}
        for fname in fnames:
            value = self._crm_privacy_value(record, fname)
            if value is not None:
                values[fname] = value
        return values

    def _crm_privacy_scope(self):
        """Whose copy of the data this is:

        - ``subject``: the reader is the person himself (and no privacy
          officer): his own data, without our assessment of him;
        - ``full``: superuser mode, everything;
        - ``reader``: what the reader's groups, record rules and companies let
          him read; never a field whose groups he lacks.
        """
        self.ensure_one()
        user = self.env.user
        if self == user.partner_id and not user.has_group(OFFICER):
            return "subject"
        return "full" if self.env.su else "reader"

    def _crm_privacy_customer_fields(self, scope):
        self.ensure_one()
        fnames = [
            fname
            for fname in dict.fromkeys(
                self._crm_privacy_standard_fields + self._crm_profile_fields()
            )
            if fname in self._fields
        ]
        if scope == "subject":
            return [fname for fname in fnames if fname not in self._crm_privacy_internal_fields]
        if scope == "reader":
            return [
                fname for fname in fnames if self._has_field_access(self._fields[fname], "read")
            ]
        return fnames

    def _crm_privacy_child_sections(self, scope="full"):
        """(key, title, records, field names) of every child record kind the
        ``scope`` (see ``_crm_privacy_scope``) may see. ``self`` is read in
        the reader's environment for ``reader``, as superuser otherwise."""
        self.ensure_one()
        sections = []

        def add(key, title, source, fnames=None, domain=(), internal=False):
            """``source``: a one2many field of the partner, or a model whose
            ``partner_id`` points to him."""
            if scope == "subject" and internal:
                return
            field = self._fields.get(source)
            model_name, inverse = (
                (field.comodel_name, field.inverse_name) if field else (source, "partner_id")
            )
            Model = self.env[model_name].with_context(active_test=False)
            if scope == "reader" and not (
                (not field or self._has_field_access(field, "read")) and Model.has_access("read")
            ):
                return
            records = Model.search([(inverse, "=", self.id), *domain])
            if fnames is None:
                fnames = [
                    name
                    for name, child_field in Model._fields.items()
                    if child_field.store
                    and child_field.type not in ("one2many", "binary")
                    and name not in _TECHNICAL_FIELDS
                    and name not in ("partner_id", "sequence", "company_id")
                ]
            if scope == "reader":
                fnames = [
                    name for name in fnames if Model._has_field_access(Model._fields[name], "read")
                ]
            sections.append((key, title, records, fnames))

        add("family_members", self.env._("Family Members"), "family_member_ids")
        add("education", self.env._("Education"), "education_ids")
        add("employment", self.env._("Employment"), "employment_ids")
        add("clubs", self.env._("Clubs and Associations"), "club_ids")
        add("relationships", self.env._("Relationships"), "relationship_ids")
        add(
            "competitor_usage",
            self.env._("Competitor Products Used"),
            "competitor_usage_ids",
            internal=True,
        )
        add("events", self.env._("Activities"), "org_event_ids")
        add("consents", self.env._("Consents"), "consent_ids")
        add(
            "grade_history",
            self.env._("Grade History"),
            "grade_history_ids",
            ["date", "old_grade_id", "new_grade_id", "reason"],
            internal=True,
        )
        add(
            "review_log",
            self.env._("Profile Reviews"),
            "review_ids",
            ["date", "outcome", "note", "reviewer_id"],
            internal=True,
        )
        add(
            "archive_documents",
            self.env._("Archive Documents"),
            "crm.archive.document",
            ["number", "title", "document_date"],
            # The customer's copy lists what the portal shares with him: no
            # secret document, no original.
            domain=[("shared_with_customer", "=", True)] if scope == "subject" else (),
        )
        return sections

    def _crm_privacy_collect(self):
        """(partner, customer field names, sections) of the data this reader
        may have: the partner in the environment to read it with."""
        self.ensure_one()
        # Whoever asks must see the partner (record rules, companies).
        self.check_access("read")
        scope = self._crm_privacy_scope()
        # The person himself reads his own restricted fields; a back-office
        # reader reads with his own rights, never as superuser.
        partner = self if scope == "reader" else self.sudo()
        return (
            partner,
            partner._crm_privacy_customer_fields(scope),
            partner._crm_privacy_child_sections(scope),
        )

    def _crm_personal_data(self):
        """The personal data held about this one partner that the reader may
        have, as a JSON-serialisable dict (PIPL article 45)."""
        partner, fnames, sections = self._crm_privacy_collect()
        data = {
            "partner_id": partner.id,
            "exported_on": fields.Datetime.now().isoformat(),
            "customer": self._crm_privacy_record_values(partner, fnames),
        }
        for key, _title, records, section_fnames in sections:
            data[key] = [
                self._crm_privacy_record_values(record, section_fnames) for record in records
            ]
        return data

    def _crm_personal_data_report(self):
        """The same data, labelled, for the PDF: a list of label/value pairs
        for the customer and one table (columns, rows) per child record kind."""
        partner, fnames, sections = self._crm_privacy_collect()
        values = self._crm_privacy_record_values(partner, fnames)
        customer = [
            (partner._fields[fname]._description_string(self.env), self._crm_privacy_text(value))
            for fname, value in values.items()
        ]
        tables = []
        for _key, title, records, section_fnames in sections:
            rows = [self._crm_privacy_record_values(record, section_fnames) for record in records]
            used = [fname for fname in section_fnames if any(fname in row for row in rows)]
            tables.append(
                {
                    "title": title,
                    "columns": [
                        records._fields[fname]._description_string(self.env) for fname in used
                    ],
                    "rows": [[self._crm_privacy_text(row.get(f)) for f in used] for row in rows],
                }
            )
        return {"customer": customer, "tables": tables}

    @api.model
    def _crm_privacy_text(self, value):
        if value is None:
            return ""
        if value is True:
            return self.env._("Yes")
        if isinstance(value, list):
            return ", ".join(value)
        return str(value)

    def action_crm_export_personal_data(self):
        """Download the personal data as a JSON file."""
        self.ensure_one()
        if not self.env.user.has_group(OFFICER):
            raise AccessError(self.env._("Only privacy officers can export personal data."))
        data = self._crm_personal_data()
        # Not linked to the partner: only its creator (and administrators)
        # can read it, it stays out of the partner's attachments.
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"personal_data_{self.id}.json",
                "mimetype": "application/json",
                "raw": json.dumps(data, ensure_ascii=False, indent=2).encode(),
            }
        )
        self.sudo().message_post(
            body=self.env._("Personal data exported by %(user)s.", user=self.env.user.display_name)
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Right of erasure
    # ------------------------------------------------------------------
    def _crm_request_erasure(self, reason, source="backoffice"):
        """Record the customer's request; a privacy officer of the current
        company decides on it. A request pending in this company is returned
        instead of creating a second one."""
        self.ensure_one()
        Request = self.env["crm.privacy.erasure.request"]
        pending = Request.sudo().search(
            [
                ("partner_id", "=", self.id),
                ("state", "=", "requested"),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )
        if pending:
            return pending
        with Request._crm_transition():
            return Request.create(
                {
                    "partner_id": self.id,
                    "reason": reason,
                    "source": source,
                    "requested_by": self.env.user.id,
                }
            )

    def action_crm_request_erasure(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Erasure"),
            "res_model": "crm.privacy.erasure.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id, "default_source": "backoffice"},
        }

    def action_crm_open_erasure_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_privacy_erasure_request_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _crm_anonymise_targets(self):
        """The partners and all their contacts and addresses."""
        return self.with_context(active_test=False).sudo().search([("id", "child_of", self.ids)])

    def _crm_prepare_anonymise_values(self):
        self.ensure_one()
        empty = {
            "many2one": False,
            "many2many": [Command.clear()],
            "boolean": False,
            "integer": 0,
            "float": 0.0,
            "monetary": 0.0,
        }
        values = {
            fname: empty.get(self._fields[fname].type, False)
            for fname in self._crm_profile_fields()
            # Consents only change through their logged buttons; the log is
            # the proof of lawful processing and is kept.
            if fname not in self._crm_anonymise_kept_fields and not fname.startswith("consent_")
        }
        values.update(dict.fromkeys(self._crm_anonymise_standard_fields, False))
        values["name"] = self.env._("Anonymised customer #%(id)s", id=self.id)
        if not self.is_company and self.commercial_partner_id == self:
            values["vat"] = False
        values["crm_anonymised_date"] = fields.Date.context_today(self)
        return values

    def _crm_anonymise(self):
        """Erase the personal data of the partners and their contacts; keep
        what the law requires to keep (invoices and accounting, archive
        documents, grade history, review log, access logs). Complaints, visit
        and information reports stay, emptied of what identifies them; their
        portal accounts are closed.
        Returns a plain-text log of what was done."""
        partners = self._crm_anonymise_targets()
        # No tracking: the chatter would otherwise keep the erased values.
        partners = partners.with_context(tracking_disable=True, mail_notrack=True)
        lines = []
        for fname in self._crm_anonymise_child_fields:
            children = partners.mapped(fname)
            if children:
                lines.append(
                    self.env._(
                        "%(model)s: %(count)s record(s) deleted.",
                        model=children._description,
                        count=len(children),
                    )
                )
                children.unlink()
        # Before the partners lose the names and numbers struck out of texts.
        lines += self.env["crm.personal.data.mixin"]._crm_erase_everywhere(partners)
        lines += partners.user_ids._crm_close_portal_accounts()
        blanked = set()
        for partner in partners:
            values = partner._crm_prepare_anonymise_values()
            blanked |= {
                fname for fname in values if fname != "crm_anonymised_date" and partner[fname]
            }
            partner.write(values)
        # Old values of the blanked fields live on in the tracking of the
        # partner's chatter: remove them too.
        field_ids = [
            self.env["ir.model.fields"]._get("res.partner", fname).id
            for fname in blanked
            if self.env["ir.model.fields"]._get("res.partner", fname)
        ]
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "res.partner"),
                    ("mail_message_id.res_id", "in", partners.ids),
                    ("field_id", "in", field_ids),
                ]
            )
        )
        if trackings:
            lines.append(self.env._("%(count)s tracked change(s) deleted.", count=len(trackings)))
            trackings.unlink()
        lines.insert(
            0,
            self.env._(
                "%(count)s partner(s) anonymised; fields erased: %(fields)s.",
                count=len(partners),
                fields=", ".join(sorted(blanked)) or "-",
            ),
        )
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _crm_retention_domain(self):
        years = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_info.privacy_retention_years", 3)
            or 3
        )
        cutoff = fields.Date.context_today(self) - relativedelta(years=years)
        return (
            Domain("customer_state", "=", "former")
            & Domain("crm_anonymised_date", "=", False)
            & (
                Domain("stop_trade_date", "<", cutoff)
                | (
                    Domain("stop_trade_date", "=", False)
                    & Domain("write_date", "<", fields.Datetime.to_datetime(cutoff))
                )
            )
        )

    @api.model
    def _crm_retention_candidates(self):
        """Former customers kept longer than the retention period, whose
        personal data is still there."""
        return self.sudo().with_context(active_test=False).search(self._crm_retention_domain())

    @api.model
    def action_crm_retention_candidates(self):
        if not self.env.user.has_group(OFFICER):
            raise AccessError(
                self.env._("Only privacy officers can list anonymisation candidates.")
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.res_partner_action_retention_candidates"
        )
        action["domain"] = [("id", "in", self._crm_retention_candidates().ids)]
        return action

    def _crm_check_not_anonymised(self):
        anonymised = self.sudo().filtered("crm_anonymised_date")
        if anonymised:
            raise UserError(
                self.env._(
                    "%(partners)s: already anonymised.",
                    partners=", ".join(anonymised.mapped("display_name")),
                )
            )
