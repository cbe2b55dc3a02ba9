from odoo import models


class CrmArchiveDocument(models.Model):
    """Every opening of a document's form is logged (查寻制度)."""

    _inherit = "crm.archive.document"

    def web_read(self, specification):
        result = super().web_read(specification)
        # One record is a form being opened; lists go through web_search_read.
        if len(self) == 1:
            self.env["crm.archive.access.log"]._log("view", self)
        return result
