from odoo import models
from odoo.http import request


class CrmArchiveDocument(models.Model):
    """Every opening of a document by a person is logged (查寻制度)."""

    _inherit = "crm.archive.document"

    # Not @api.readonly like the method it overrides: opening a form writes
    # the log entry, so the route must get a read-write cursor.
    def web_read(self, specification):
        result = super().web_read(specification)
        if len(self) == 1 and self._crm_is_opened_by_client():
            self.env["crm.archive.access.log"]._log("view", self)
        return result

    def _crm_is_opened_by_client(self):
        """Whether this read is the client's own call to open a document form.

        The same ``web_read`` also runs inside other reads: a list
        (``web_search_read``), a loan's form showing its lines, a save. Those
        are not openings; only the request itself says which one this is, and a
        client cannot suppress the entry with a context key.
        """
        params = request.params if request else {}
        return params.get("model") == self._name and params.get("method") == "web_read"
