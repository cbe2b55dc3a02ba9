from odoo import api, models, tools
from odoo.exceptions import AccessError

# Reports a person may print about himself, whatever his groups: the personal
# data he has the right to see (PIPL article 45), and nothing else.
SELF_SERVICE_REPORTS = {"crm_customer_info.report_personal_data"}


class IrActionsReport(models.Model):
    """The audience of the customer-information reports is enforced here, for
    every route that renders or serves them (/report/pdf, /report/html, RPC,
    portal links); printing an archive volume or borrow form is logged."""

    _inherit = "ir.actions.report"

    @api.model
    @tools.ormcache()
    def _crm_audited_modules(self):
        """crm_customer_info and every installed module built on it: their
        reports print customer data and state their audience."""
        base = self.env["ir.module.module"].sudo().search([("name", "=", "crm_customer_info")])
        return frozenset((base | base.downstream_dependencies()).mapped("name"))

    def _crm_is_audited(self):
        self.ensure_one()
        return self.report_name.partition(".")[0] in self._crm_audited_modules()

    @api.model
    def _crm_check_report_audience(self, report, res_ids):
        """Refuse a reader outside ``report``'s audience: its groups, or the
        person himself for a self-service report about his own partner. The
        records must be readable by him too (record rules, companies).
        Superuser mode is the caller's own responsibility."""
        if self.env.su or not report._crm_is_audited():
            return
        records = self.env[report.model].browse(res_ids or [])
        user = self.env.user
        report_name = report.with_context(lang=user.lang).name
        if not report.group_ids:
            raise AccessError(
                self.env._(
                    "“%(report)s” states no readers, so nobody can print it.", report=report_name
                )
            )
        own = (
            report.report_name in SELF_SERVICE_REPORTS
            and records
            and records._name == "res.partner"
            and records == user.partner_id
        )
        if not own and not (user.all_group_ids & report.group_ids):
            raise AccessError(
                self.env._(
                    "%(user)s may not print “%(report)s”: it is printed by %(groups)s.",
                    user=user.display_name,
                    report=report_name,
                    groups=", ".join(
                        report.group_ids.with_context(lang=user.lang).mapped("display_name")
                    ),
                )
            )
        records.check_access("read")

    def _crm_log_print(self, report, res_ids):
        """One "print" entry per archive document of the printed volumes and
        borrow forms, as the reader."""
        records = self.env[report.model].browse(res_ids or []).sudo()
        Log = self.env["crm.archive.access.log"]
        if report.model == "crm.archive.volume":
            Log._log("print", records.document_ids)
        elif report.model == "crm.archive.borrow":
            for borrow in records:
                Log._log("print", borrow.line_ids.document_id, borrow=borrow)

    def _get_rendering_context(self, report, docids, data):
        # Every rendering (HTML, PDF, text) of every route comes through here.
        self._crm_check_report_audience(report, docids)
        self._crm_log_print(report, docids)
        return super()._get_rendering_context(report, docids, data)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        # A PDF kept as attachment is served without rendering.
        self._crm_check_report_audience(self._get_report(report_ref), res_ids)
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)

    def report_action(self, docids, data=None, config=True):
        # Refuse at once rather than when the client downloads the file.
        if isinstance(docids, models.BaseModel):
            ids = docids.ids
        elif isinstance(docids, int):
            ids = [docids]
        else:
            ids = docids or []
        self._crm_check_report_audience(self.sudo(), ids)
        return super().report_action(docids, data=data, config=config)
