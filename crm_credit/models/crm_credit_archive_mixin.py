import base64

from odoo import models


class CrmCreditArchiveMixin(models.AbstractModel):
    """Approved credit forms are filed into archive category 3 of the customer
    (信用额度审批表, 欠款还款登记表, 延期还款审批单, 还款计划)."""

    _name = "crm.credit.archive.mixin"
    _description = "Files Approved Credit Forms in the Customer Archive"

    def _file_in_archive(self, report_ref, type_ref, title):
        """Render ``report_ref`` for each record and file the PDF as an archive
        document of type ``type_ref`` under the record's ``partner_id``.

        Filing is a system step of an approval: the archive belongs to customer
        service, so it is done as superuser whoever approves. The internal
        forms print in the language and time zone of the user who approves,
        whatever the context he approves in (the report decides: a form
        handed to the customer prints in the customer's)."""
        Document = self.env["crm.archive.document"].sudo()
        # Credit managers need not be archive users: filing is the system's job.
        doc_type = self.env.ref(type_ref).sudo()
        user = self.env.user
        Report = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(lang=user.lang or self.env.lang, tz=user.tz or self.env.context.get("tz"))
        )
        documents = Document
        for record in self:
            pdf, _ = Report._render_qweb_pdf(report_ref, record.ids)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{title} {record.display_name}.pdf",
                        "datas": base64.b64encode(pdf),
                        "mimetype": "application/pdf",
                        "res_model": "crm.archive.document",
                    }
                )
            )
            documents |= Document.create(
                {
                    "partner_id": record.partner_id.commercial_partner_id.id,
                    "category_id": doc_type.category_id.id,
                    "type_id": doc_type.id,
                    "title": f"{title} {record.display_name}",
                    "original": "original",
                    "confidentiality": "confidential",
                    "attachment_ids": [(6, 0, attachment.ids)],
                    "company_id": record.company_id.id,
                }
            )
        return documents
