from odoo import models


class CrmArchiveDocument(models.Model):
    """Every opening of a document's form is logged (查寻制度)."""

    _inherit = "crm.archive.document"

    def web_read(self, specification):
        result = super().web_read(specification)
        # One record read on its own is a form being opened; lists read through
        # web_search_read, which also ends here.
        if len(self) == 1 and not self.env.context.get("crm_archive_list_read"):
            self.env["crm.archive.access.log"]._log("view", self)
        return result

    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        return super(
            CrmArchiveDocument, self.with_context(crm_archive_list_read=True)
        ).web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )
