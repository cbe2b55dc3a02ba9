from collections import defaultdict

from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.crm_partner_consent import CONSENT_CHANNELS

ARCHIVIST = "crm_customer_info.group_archive_admin"


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's partner merge, made safe for the customer file: every profile
    record, archive document, loan and log of the merged customers ends up on
    the kept one. Odoo moves the foreign keys generically, and deletes rows a
    unique constraint refuses; the rows that would clash are settled first."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _crm_duplicate_pair(self, partner_ids):
        """The pair still to review that the detection found for exactly these two
        contacts. Found from the contacts themselves: nothing the client sends
        (a context key) can name another pair."""
        ids = set(partner_ids)
        if len(ids) != 2:
            return None
        low, high = sorted(ids)
        return self.env["crm.duplicate.pair"].search(
            [("partner_a_id", "=", low), ("partner_b_id", "=", high), ("state", "=", "new")],
            limit=1,
        )

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        if self.env.user.has_group(ARCHIVIST) and self._crm_duplicate_pair(partner_ids):
            # A pair reviewed by an archive administrator: merged as superuser
            # (Odoo copies every field, some only administrators may read),
            # even when the e-mails differ: it was found by another rule. The
            # user stays the author of the messages and logs.
            self_sudo = self.sudo()
            return super(BasePartnerMergeAutomaticWizard, self_sudo)._merge(
                partner_ids,
                dst_partner=dst_partner.sudo() if dst_partner else None,
                extra_checks=False,
            )
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    def _update_foreign_keys(self, src_partners, dst_partner):
        self.env.flush_all()
        self.env["crm.duplicate.pair"]._prepare_partner_merge(src_partners, dst_partner)
        self._crm_unlink_self_relationships(src_partners, dst_partner)
        self._crm_join_archive_volumes(src_partners, dst_partner)
        self._crm_renumber_archive_documents(src_partners, dst_partner)
        self.env.flush_all()
        self.env.invalidate_all()
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _update_values(self, src_partners, dst_partner):
        settled = self._crm_merge_consents(src_partners, dst_partner)
        kept = moved = None
        if not settled["consent_sensitive"]:
            kept, moved = self._crm_set_aside_sensitive_values(src_partners, dst_partner)
        # Consents are settled above, with their log; the values copied from
        # the merged customers may carry them.
        with dst_partner._crm_transition():
            result = super()._update_values(src_partners, dst_partner)
        if kept:
            self._crm_put_back_sensitive_values(dst_partner, kept, moved)
        return result

    # ------------------------------------------------------------------
    # Rows a unique constraint would refuse
    # ------------------------------------------------------------------

    def _crm_unlink_self_relationships(self, src_partners, dst_partner):
        """A relationship between two of the merged customers would point at
        the customer itself: the entry stays, under its name, without the link."""
        ids = tuple((src_partners | dst_partner).ids)
        self.env.execute_query(
            SQL(
                """
                UPDATE crm_partner_relationship
                   SET related_partner_id = NULL
                 WHERE partner_id IN %(ids)s AND related_partner_id IN %(ids)s
                """,
                ids=ids,
            )
        )

    def _crm_join_archive_volumes(self, src_partners, dst_partner):
        """A customer has one volume per category, year and company: the
        documents of a merged customer's volume join the kept customer's."""
        Volume = self.env["crm.archive.volume"].sudo()
        kept = {
            volume._volume_key()[1:]: volume
            for volume in Volume.search([("partner_id", "=", dst_partner.id)])
        }
        reasons = []
        for volume in Volume.search([("partner_id", "in", src_partners.ids)], order="id"):
            key = volume._volume_key()[1:]
            target = kept.get(key)
            if not target:
                kept[key] = volume
                continue
            if target.state != volume.state:
                reasons.append(
                    self.env._(
                        "%(volume)s is %(state)s but %(other)s is not; settle the volumes first.",
                        volume=volume.name,
                        state=dict(volume._fields["state"]._description_selection(self.env))[
                            volume.state
                        ],
                        other=target.name,
                    )
                )
                continue
            body = self.env._(
                "Volume %(volume)s of %(customer)s joined this volume when the customers "
                "were merged: %(documents)s",
                volume=volume.name,
                customer=volume.partner_id.display_name,
                documents=", ".join(volume.document_ids.mapped("number")) or "-",
            )
            self.env.execute_query(
                SQL(
                    "UPDATE crm_archive_document SET volume_id = %s WHERE volume_id = %s",
                    target.id,
                    volume.id,
                )
            )
            self.env.execute_query(
                SQL(
                    "UPDATE mail_message SET res_id = %s"
                    " WHERE model = 'crm.archive.volume' AND res_id = %s",
                    target.id,
                    volume.id,
                )
            )
            self.env.execute_query(
                SQL(
                    "DELETE FROM mail_followers WHERE res_model = 'crm.archive.volume'"
                    " AND res_id = %s",
                    volume.id,
                )
            )
            self.env.execute_query(SQL("DELETE FROM crm_archive_volume WHERE id = %s", volume.id))
            self.env.invalidate_all()
            target.message_post(body=body)
        if reasons:
            raise UserError(
                self.env._(
                    "These customers cannot be merged:\n%(reasons)s", reasons="\n".join(reasons)
                )
            )

    def _crm_renumber_archive_documents(self, src_partners, dst_partner):
        """Document numbers are unique per customer and category: a merged
        customer's document whose number is taken gets the next free one."""
        Document = self.env["crm.archive.document"].sudo()
        all_documents = Document.search(
            [("partner_id", "in", (src_partners | dst_partner).ids)], order="id"
        )
        dst_documents = all_documents.filtered(lambda doc: doc.partner_id == dst_partner)
        taken = {(doc.category_id.id, doc.number) for doc in dst_documents}
        last = defaultdict(int)
        for doc in all_documents:
            last[doc.category_id.id] = max(last[doc.category_id.id], doc.running_number)
        prefix = dst_partner.ref or str(dst_partner.id)
        for doc in all_documents - dst_documents:
            category = doc.category_id
            number = old_number = doc.number
            if (category.id, number) in taken:
                while (category.id, number) in taken:
                    last[category.id] += 1
                    number = f"{prefix}-{category.code}-{last[category.id]:03d}"
                self.env.execute_query(
                    SQL(
                        "UPDATE crm_archive_document SET number = %s, running_number = %s"
                        " WHERE id = %s",
                        number,
                        last[category.id],
                        doc.id,
                    )
                )
                doc.invalidate_recordset(["number", "running_number"])
                doc.message_post(
                    body=self.env._(
                        "Renumbered from %(old)s to %(new)s when the customers were merged.",
                        old=old_number,
                        new=number,
                    )
                )
            taken.add((category.id, number))

    # ------------------------------------------------------------------
    # Consents and sensitive information
    # ------------------------------------------------------------------

    def _crm_merge_consents(self, src_partners, dst_partner):
        """Per channel, the latest decision logged for any of the merged
        customers holds (or, without a log, any consent given); the kept
        customer logs the change.

        :return: ``{consent field: value}``
        """
        partners_sudo = (src_partners | dst_partner).sudo()
        dst_sudo = dst_partner.sudo()
        latest = {}
        for log in (
            self.env["crm.partner.consent"]
            .sudo()
            .search([("partner_id", "in", partners_sudo.ids)], order="date desc, id desc")
        ):
            latest.setdefault(log.channel, log.granted)
        note = self.env._(
            "Customers merged: %(customers)s", customers=", ".join(src_partners.mapped("name"))
        )
        settled = {}
        for channel, __ in CONSENT_CHANNELS:
            fname = f"consent_{channel}"
            value = latest.get(channel, any(partners_sudo.mapped(fname)))
            settled[fname] = value
            if dst_sudo[fname] != value:
                dst_partner._crm_set_consent(channel, value, note=note)
        # The merged customers must not bring another value into the copy.
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET %s WHERE id IN %s",
                SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(fname), value) for fname, value in settled.items()
                ),
                tuple(src_partners.ids),
            )
        )
        src_partners.invalidate_recordset(list(settled))
        return settled

    def _crm_set_aside_sensitive_values(self, src_partners, dst_partner):
        """Without the consent, sensitive values are not written (the profile
        refuses them): they are set aside from the copy and put back on the
        kept customer afterwards, hidden as after a withdrawal.

        :return: ``({field: value}, names of the fields the sources gave)``
        """
        Partner = self.env["res.partner"]
        dst_sudo = dst_partner.sudo()
        kept, moved = {}, []
        for fname in Partner._crm_sensitive_fields:
            values = [
                partner[fname] for partner in (dst_sudo | src_partners.sudo()) if partner[fname]
            ]
            if values:
                kept[fname] = values[0]
                if not dst_sudo[fname]:
                    moved.append(fname)
        if kept:
            self.env.execute_query(
                SQL(
                    "UPDATE res_partner SET %s WHERE id IN %s",
                    SQL(", ").join(SQL("%s = NULL", SQL.identifier(fname)) for fname in kept),
                    tuple((src_partners | dst_partner).ids),
                )
            )
            (src_partners | dst_partner).invalidate_recordset(list(kept))
        return kept, moved

    def _crm_put_back_sensitive_values(self, dst_partner, kept, moved):
        Partner = self.env["res.partner"]
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET %s WHERE id = %s",
                SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(fname), value) for fname, value in kept.items()
                ),
                dst_partner.id,
            )
        )
        dst_partner.invalidate_recordset(list(kept))
        if moved:
            dst_partner.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Sensitive information of the merged customers kept hidden, without the "
                    "customer's consent: %(fields)s",
                    fields=", ".join(Partner._field_label(fname) for fname in moved),
                )
            )
