import re

from markupsafe import Markup, escape

from odoo import api, models
from odoo.fields import Domain

# Shorter strings would match inside unrelated words; a Chinese name has two
# characters.
MIN_IDENTIFIER_LENGTH = 2
# Shorter digit runs are not phone numbers (amounts, dates, quantities).
MIN_PHONE_DIGITS = 7
PHONE_SEPARATORS = r"[\s\-.()/]*"
# Where a tracked change keeps a text or the name of a linked record.
TRACKED_TEXT_FIELDS = ("old_value_char", "new_value_char", "old_value_text", "new_value_text")


class CrmPersonalDataMixin(models.AbstractModel):
    """Records that hold personal data about a customer or his contacts
    (complaints, visit reports, information reports). The PIPL erasure
    (``res.partner._crm_anonymise``) empties them; the records stay, for the
    statistics, but identify no one.

    - records about an erased person (``_crm_personal_partner_fields``): their
      free text (``_crm_personal_text_fields``), the text of their chatter and
      the tracked values of that text are erased, their attachments deleted;
    - other records of the same customer (``_crm_personal_customer_field``):
      the person's name, e-mail, phone and resident ID are struck out of the
      same texts.
    """

    _name = "crm.personal.data.mixin"
    _description = "Personal Data Held About Customers"

    # Fields naming the person a record is about.
    _crm_personal_partner_fields = ("partner_id",)
    # The customer (commercial partner) a record belongs to.
    _crm_personal_customer_field = "partner_id"
    # Free text that may identify the person.
    _crm_personal_text_fields = ()

    # ------------------------------------------------------------------
    # What identifies the people erased
    # ------------------------------------------------------------------

    @api.model
    def _crm_phone_patterns(self, phone, country_codes=()):
        """The number with or without its country code, digits separated as
        people write them ("+86 138-0000 0000", "13800000000")."""
        digits = re.sub(r"\D", "", phone)
        variants = {digits}
        if phone.lstrip().startswith(("+", "00")):
            international = digits[2:] if phone.lstrip().startswith("00") else digits
            codes = {str(code) for code in country_codes if code}
            if country := re.match(r"\s*(?:\+|00)\s*(\d{1,3})[\s\-.()]", phone):
                codes.add(country.group(1))
            variants |= {
                international[len(code) :] for code in codes if international.startswith(code)
            }
        return [
            r"(?<!\d)\+?" + PHONE_SEPARATORS.join(variant) + r"(?!\d)"
            for variant in variants
            if len(variant) >= MIN_PHONE_DIGITS
        ]

    @api.model
    def _crm_personal_identifiers(self, partners):
        """One pattern matching the names, e-mails, phone numbers and resident
        IDs of ``partners`` (read before they are anonymised), or None."""
        patterns = set()
        for partner in partners.sudo():
            texts = [partner.name, partner.email]
            if "resident_id" in partner._fields:
                texts.append(partner.resident_id)
            # Not inside a longer Latin word or number ("Li" in "Limited");
            # Chinese text has no spaces between words.
            patterns.update(
                rf"(?<![A-Za-z0-9]){re.escape(text.strip())}(?![A-Za-z0-9])"
                for text in texts
                if text and len(text.strip()) >= MIN_IDENTIFIER_LENGTH
            )
            if partner.phone:
                countries = partner.country_id | partner.commercial_partner_id.country_id
                countries |= self.env.company.country_id
                patterns.update(
                    self._crm_phone_patterns(partner.phone, countries.mapped("phone_code"))
                )
        if not patterns:
            return None
        # The longest first: a full name before a part of it.
        return re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)

    # ------------------------------------------------------------------
    # Erasing
    # ------------------------------------------------------------------

    @api.model
    def _crm_erase_everywhere(self, partners):
        """Erase what every model holding personal data holds about
        ``partners``; the lines of the erasure log."""
        identifiers = self._crm_personal_identifiers(partners)
        lines = []
        model_names = self.env.registry.descendants([self._name], "_inherit") - {self._name}
        for model_name in sorted(model_names):
            Model = self.env[model_name]
            if not Model._abstract:
                lines += Model._crm_erase_personal_data(partners, identifiers)
        return lines

    @api.model
    def _crm_erased_text(self):
        return self.env._("[erased]")

    @api.model
    def _crm_strike_out(self, value, identifiers):
        """``value`` (text or HTML) with every match of ``identifiers`` erased."""
        if isinstance(value, Markup):
            erased = str(escape(self._crm_erased_text()))
            return Markup(identifiers.sub(lambda _match: erased, value))
        erased = self._crm_erased_text()
        return identifiers.sub(lambda _match: erased, value)

    def _crm_write_erased(self, vals):
        """Write as the erasure, past the workflow guard and without tracking
        (the chatter would keep the erased values)."""
        records = self.sudo().with_context(tracking_disable=True, mail_notrack=True)
        if hasattr(records, "_crm_transition"):
            with records._crm_transition():
                records.write(vals)
        else:
            records.write(vals)

    @api.model
    def _crm_erase_personal_data(self, partners, identifiers):
        """Empty the records about ``partners``, strike them out of the
        other records of their customers; the lines of the erasure log."""
        Model = self.sudo().with_context(active_test=False)
        about = Model.search(
            Domain.OR(
                Domain(fname, "in", partners.ids) for fname in self._crm_personal_partner_fields
            )
        )
        mentioning = Model.browse()
        if identifiers:
            mentioning = Model.search(
                [
                    (self._crm_personal_customer_field, "in", partners.commercial_partner_id.ids),
                    ("id", "not in", about.ids),
                ]
            )
        erased = self._crm_erased_text()
        lines = []
        if about and self._crm_personal_text_fields:
            about._crm_write_erased(
                {
                    fname: erased if self._fields[fname].required else False
                    for fname in self._crm_personal_text_fields
                }
            )
            lines.append(
                self.env._(
                    "%(model)s: %(count)s record(s) kept, emptied of %(fields)s.",
                    model=self._description,
                    count=len(about),
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in self._crm_personal_text_fields
                    ),
                )
            )
        struck = Model.browse()
        for record in mentioning:
            vals = {}
            for fname in self._crm_personal_text_fields:
                value = record[fname]
                if value and identifiers.search(value):
                    vals[fname] = self._crm_strike_out(value, identifiers)
            if vals:
                record._crm_write_erased(vals)
                struck |= record
        if struck:
            lines.append(
                self.env._(
                    "%(model)s: the person struck out of %(count)s record(s) of the customer.",
                    model=self._description,
                    count=len(struck),
                )
            )
        lines += self._crm_erase_chatter(about, mentioning, partners, identifiers)
        return lines

    @api.model
    def _crm_erase_chatter(self, about, mentioning, partners, identifiers):
        """Messages, tracked values, activities and attachments of the records."""
        return (
            self._crm_erase_messages(about, mentioning, partners, identifiers)
            + self._crm_erase_activities(about, mentioning, identifiers)
            + self._crm_erase_attachments(about)
        )

    @api.model
    def _crm_erase_messages(self, about, mentioning, partners, identifiers):
        about_ids = set(about.ids)
        Message = self.env["mail.message"].sudo()
        messages = Message.search(
            [("model", "=", self._name), ("res_id", "in", (about | mentioning).ids)]
        )
        emptied = Message.browse()
        for message in messages:
            vals = {}
            if message.res_id in about_ids:
                if message.body:
                    vals["body"] = Markup("<p>%s</p>") % self._crm_erased_text()
                if message.subject:
                    vals["subject"] = False
            elif identifiers:
                for fname in ("body", "subject"):
                    if message[fname] and identifiers.search(message[fname]):
                        vals[fname] = self._crm_strike_out(message[fname], identifiers)
            if message.email_from and (message.author_id in partners or not message.author_id):
                vals["email_from"] = False
            if vals:
                message.write(vals)
                emptied |= message
        trackings = messages.tracking_value_ids
        text_field_ids = {
            self.env["ir.model.fields"]._get(self._name, fname).id
            for fname in self._crm_personal_text_fields
        }
        deleted = trackings.filtered(
            lambda tracking: (
                tracking.field_id.id in text_field_ids
                and tracking.mail_message_id.res_id in about_ids
            )
        )
        deleted.unlink()
        # The names linked records had (the customer, a contact) stay in the
        # tracking of many2one fields.
        for tracking in (trackings - deleted).exists() if identifiers else ():
            vals = {
                fname: self._crm_strike_out(tracking[fname], identifiers)
                for fname in TRACKED_TEXT_FIELDS
                if tracking[fname] and identifiers.search(tracking[fname])
            }
            if vals:
                tracking.write(vals)
                emptied |= tracking.mail_message_id
        if not (emptied or deleted):
            return []
        return [
            self.env._(
                "%(model)s: %(count)s message(s) emptied or struck out, "
                "%(tracked)s tracked change(s) deleted.",
                model=self._description,
                count=len(emptied),
                tracked=len(deleted),
            )
        ]

    @api.model
    def _crm_erase_activities(self, about, mentioning, identifiers):
        about_ids = set(about.ids)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", (about | mentioning).ids)])
        )
        emptied = activities.browse()
        for activity in activities:
            vals = {}
            for fname in ("summary", "note"):
                value = activity[fname]
                if value and activity.res_id in about_ids:
                    vals[fname] = False
                elif value and identifiers and identifiers.search(value):
                    vals[fname] = self._crm_strike_out(value, identifiers)
            if vals:
                activity.write(vals)
                emptied |= activity
        if not emptied:
            return []
        return [
            self.env._(
                "%(model)s: %(count)s planned activity(ies) emptied or struck out.",
                model=self._description,
                count=len(emptied),
            )
        ]

    @api.model
    def _crm_erase_attachments(self, about):
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", about.ids)])
        )
        if not attachments:
            return []
        count = len(attachments)
        attachments.unlink()
        return [
            self.env._(
                "%(model)s: %(count)s attachment(s) deleted.",
                model=self._description,
                count=count,
            )
        ]
