import json

from markupsafe import Markup

from odoo import fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import ValidationError
from odoo.http import content_disposition, request

# What a customer may change about themselves on the portal; everything else
# in the profile is kept by customer service.
PORTAL_PERSON_FIELDS = [
    "phone",
    "wechat",
    "qq",
    "birthday",
    "hobbies",
    "favourite_food",
    "favourite_sports",
    "favourite_books",
    "favourite_topics",
    "favourite_media",
]
# Company data an organisation's portal users may change.
PORTAL_COMPANY_FIELDS = ["phone", "website", "business_scope", "main_products", "staff_count"]
PORTAL_CONSENT_CHANNELS = ["email", "sms", "phone", "post", "sensitive"]
COMPANY_PREFIX = "company_"
CONSENT_PREFIX = "consent_"


class CrmCustomerPortal(CustomerPortal):
    # -------------------------------------------------------------------------
    # Home
    # -------------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "crm_document_count" in counters:
            partner = request.env.user.partner_id
            values["crm_document_count"] = (
                request.env["crm.archive.document"]
                .sudo()
                .search_count(self._crm_documents_domain(partner))
            )
        return values

    # -------------------------------------------------------------------------
    # Profile
    # -------------------------------------------------------------------------

    def _crm_portal_company_sudo(self, partner_sudo):
        """The organisation whose data the user may edit, or an empty recordset."""
        commercial_sudo = partner_sudo.commercial_partner_id
        if commercial_sudo.is_company and commercial_sudo != partner_sudo:
            return commercial_sudo
        return partner_sudo.browse()

    def _crm_parse_profile_values(self, partner_sudo, fnames, post, prefix=""):
        """Changed values of ``fnames`` from the form, converted to field values."""
        vals = {}
        for fname in fnames:
            key = prefix + fname
            if key not in post:
                continue
            field = partner_sudo._fields[fname]
            raw = (post.get(key) or "").strip()
            if field.type == "date":
                value = fields.Date.to_date(raw) if raw else False
            elif field.type == "integer":
                value = int(raw) if raw else 0
            else:
                value = raw or False
            if value != (partner_sudo[fname] or (0 if field.type == "integer" else False)):
                vals[fname] = value
        return vals

    def _crm_prepare_profile_values(self, partner_sudo, error=None, success=False, post=None):
        company_sudo = self._crm_portal_company_sudo(partner_sudo)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_profile",
                "partner_sudo": partner_sudo,
                "company_sudo": company_sudo,
                "person_fields": PORTAL_PERSON_FIELDS,
                "company_fields": PORTAL_COMPANY_FIELDS if company_sudo else [],
                "consents": self._crm_get_consents(partner_sudo),
                "error": error,
                "success": success,
                # Re-displays what the customer typed after a refused change.
                "post": post or {},
            }
        )
        return values

    def _crm_get_consents(self, partner_sudo):
        """[(channel, label, granted)] for the consent checkboxes."""
        labels = dict(
            partner_sudo.env["crm.partner.consent"]
            ._fields["channel"]
            ._description_selection(request.env)
        )
        return [
            (channel, labels[channel], bool(partner_sudo[f"consent_{channel}"]))
            for channel in PORTAL_CONSENT_CHANNELS
        ]

    def _crm_field_labels(self, record_sudo, fnames, consent_channels=()):
        """Labels of the changed fields and consents, in ``record_sudo``'s language."""
        env = record_sudo.env
        channels = dict(env["crm.partner.consent"]._fields["channel"]._description_selection(env))
        return [record_sudo._fields[fname].get_description(env)["string"] for fname in fnames] + [
            channels[channel] for channel in consent_channels
        ]

    def _crm_post_portal_change(self, record_sudo, fnames, consent_channels=()):
        """Chatter note and a review activity for customer service, in the
        language of who reads them rather than the customer's."""
        user = request.env.user
        record_lang = record_sudo._crm_in_reader_lang()
        record_lang.message_post(
            body=Markup("<p>%s</p>")
            % record_lang.env._(
                "Changed on the portal by %(name)s: %(fields)s",
                name=user.name,
                fields=", ".join(self._crm_field_labels(record_lang, fnames, consent_channels)),
            ),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        commercial_sudo = record_sudo.commercial_partner_id
        reviewer = (
            record_sudo.reviewer_id
            or record_sudo.user_id
            or commercial_sudo.reviewer_id
            or commercial_sudo.user_id
        )
        if not reviewer or reviewer.share:
            return
        record_sudo = record_sudo._crm_for_user(reviewer)
        summary = record_sudo.env._("Check the changes made on the portal")
        todo = request.env.ref("mail.mail_activity_data_todo")
        if record_sudo.activity_ids.filtered(
            lambda a: a.activity_type_id == todo and a.summary == summary
        ):
            return
        record_sudo.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_todo", summary=summary, user_id=reviewer.id
        )

    @http.route("/my/profile", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_my_profile(self, **post):
        partner_sudo = request.env.user.partner_id.sudo()
        if request.httprequest.method != "POST":
            return request.render(
                "crm_customer_info.portal_my_profile",
                self._crm_prepare_profile_values(partner_sudo, success=post.get("saved")),
            )

        company_sudo = self._crm_portal_company_sudo(partner_sudo)
        try:
            # The model's own checks decide; a refused change writes nothing.
            with request.env.cr.savepoint():
                vals = self._crm_parse_profile_values(partner_sudo, PORTAL_PERSON_FIELDS, post)
                company_vals = {}
                if company_sudo:
                    company_vals = self._crm_parse_profile_values(
                        company_sudo, PORTAL_COMPANY_FIELDS, post, prefix=COMPANY_PREFIX
                    )
                if vals:
                    partner_sudo.write(vals)
                if company_vals:
                    company_sudo.write(company_vals)
                consent_channels = []
                # Unticked boxes are not sent: only a form showing them decides.
                consents = self._crm_get_consents(partner_sudo) if post.get("consent_form") else []
                for channel, _label, granted in consents:
                    wanted = bool(post.get(CONSENT_PREFIX + channel))
                    if wanted != granted:
                        partner_sudo._crm_set_consent(channel, wanted, source="portal")
                        consent_channels.append(channel)
        except (ValidationError, ValueError) as e:
            error = e.args[0] if isinstance(e, ValidationError) else None
            return request.render(
                "crm_customer_info.portal_my_profile",
                self._crm_prepare_profile_values(
                    partner_sudo,
                    error=error or request.env._("Please check the values you entered."),
                    post=post,
                ),
            )
        if vals or consent_channels:
            self._crm_post_portal_change(partner_sudo, list(vals), consent_channels)
        if company_vals:
            self._crm_post_portal_change(company_sudo, list(company_vals))
        return request.redirect("/my/profile?saved=1")

    # -------------------------------------------------------------------------
    # Archive documents shared with the customer
    # -------------------------------------------------------------------------

    def _crm_documents_domain(self, partner):
        return [
            ("partner_id", "=", partner.commercial_partner_id.id),
            ("shared_with_customer", "=", True),
        ]

    def _crm_document_sudo(self, document_id):
        """The shared document of the user's own customer file, or an empty recordset.

        Portal users have no access rights on the archive: the domain is the
        only gate, so anything else is indistinguishable from a missing id.
        """
        domain = self._crm_documents_domain(request.env.user.partner_id)
        return (
            request.env["crm.archive.document"]
            .sudo()
            .search([*domain, ("id", "=", document_id)], limit=1)
        )

    @http.route("/my/documents", type="http", auth="user", website=True, readonly=True)
    def portal_my_crm_documents(self, **kw):
        documents_sudo = (
            request.env["crm.archive.document"]
            .sudo()
            .search(
                self._crm_documents_domain(request.env.user.partner_id),
                order="document_date desc, id desc",
            )
        )
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "crm_documents", "documents_sudo": documents_sudo})
        return request.render("crm_customer_info.portal_my_crm_documents", values)

    @http.route(
        "/my/documents/<int:document_id>/download/<int:attachment_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_crm_document_download(self, document_id, attachment_id, **kw):
        document_sudo = self._crm_document_sudo(document_id)
        attachment_sudo = document_sudo.attachment_ids.filtered(lambda a: a.id == attachment_id)
        if not attachment_sudo:
            return request.not_found()
        # A document's files are its own (adopted when attached): ir.binary
        # applies the archive's rules to them and logs the download.
        stream = request.env["ir.binary"]._get_stream_from(attachment_sudo)
        return stream.get_response(as_attachment=True)

    # -------------------------------------------------------------------------
    # Privacy: own data, erasure request
    # -------------------------------------------------------------------------

    @http.route("/my/privacy", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_my_privacy(self, **post):
        partner_sudo = request.env.user.partner_id.sudo()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "crm_privacy", "partner_sudo": partner_sudo})
        if request.httprequest.method == "POST":
            reason = (post.get("reason") or "").strip()
            if not reason:
                values["error"] = request.env._("Please tell us why you want your data erased.")
            else:
                partner_sudo._crm_request_erasure(reason, source="portal")
                values["erasure_requested"] = True
        return request.render("crm_customer_info.portal_my_privacy", values)

    @http.route("/my/privacy/data.json", type="http", auth="user", website=True, readonly=True)
    def portal_my_privacy_json(self, **kw):
        partner = request.env.user.partner_id
        data = json.dumps(partner._crm_personal_data(), indent=2, ensure_ascii=False, default=str)
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", content_disposition("personal_data.json")),
            ],
        )

    @http.route("/my/privacy/data.pdf", type="http", auth="user", website=True)
    def portal_my_privacy_pdf(self, **kw):
        # As the customer: the report itself gives him his own data only.
        pdf, _report_type = request.env["ir.actions.report"]._render_qweb_pdf(
            "crm_customer_info.action_report_personal_data", request.env.user.partner_id.ids
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition("personal_data.pdf")),
            ],
        )
