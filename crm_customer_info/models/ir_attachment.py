from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

ARCHIVE_DOCUMENT = "crm.archive.document"
# Scans and office files: what a paper archive holds. No HTML, SVG, scripts
# or executables, which a browser or a desktop would run.
ARCHIVE_MIMETYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "image/gif",
    "image/webp",
    "image/bmp",
    "text/plain",
    "text/csv",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
ARCHIVE_EXTENSIONS = {
    "pdf",
    "png",
    "jpg",
    "jpeg",
    "tif",
    "tiff",
    "gif",
    "webp",
    "bmp",
    "txt",
    "csv",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "odt",
    "ods",
}
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "tif", "tiff", "gif", "webp", "bmp"}
MAX_FILE_PARAM = "crm_customer_info.archive_max_file_mb"
DEFAULT_MAX_FILE_MB = 25
CONTENT_FIELDS = {"datas", "raw", "db_datas"}


class IrAttachment(models.Model):
    """The files of a bound or destroyed archive document are as read-only as
    the document itself."""

    _inherit = "ir.attachment"

    def _check_archive_document_writable(self):
        doc_ids = {a.res_id for a in self.sudo() if a.res_model == "crm.archive.document"}
        if not doc_ids:
            return
        documents = self.env["crm.archive.document"].sudo().browse(doc_ids).exists()
        locked = documents.filtered(lambda d: d.state in ("bound", "destroyed") or d.volume_id)
        if locked:
            raise UserError(
                self.env._(
                    "%(documents)s: the files of documents bound into a volume or destroyed "
                    "cannot be changed or deleted.",
                    documents=", ".join(locked.mapped("number")),
                )
            )

    def _check_archive_document_file(self):
        """Files of archive documents are scans or office files of a sane size."""
        if self.env.su:
            # The archive's own flows (filed PDF reports) are trusted; uploads
            # come from users.
            return
        files = self.sudo().filtered(lambda a: a.res_model == ARCHIVE_DOCUMENT)
        if not files:
            return
        param = self.env["ir.config_parameter"].sudo().get_param(MAX_FILE_PARAM)
        max_mb = int(param or DEFAULT_MAX_FILE_MB)
        reasons = []
        for attachment in files:
            extension = (attachment.name or "").rpartition(".")[2].lower()
            # The name decides Odoo's mimetype: scans must also be what they say.
            sniffed = guess_mimetype(attachment.raw or b"")
            is_pdf = "pdf" in (extension, attachment.mimetype[-3:])
            is_image = not is_pdf and (
                extension in IMAGE_EXTENSIONS or attachment.mimetype.startswith("image/")
            )
            if (
                attachment.type != "binary"
                or attachment.mimetype not in ARCHIVE_MIMETYPES
                or extension not in ARCHIVE_EXTENSIONS
            ):
                reasons.append(
                    self.env._(
                        "%(file)s is of type %(type)s: archive documents take PDF, image, "
                        "text and office files only.",
                        file=attachment.name,
                        type=attachment.mimetype or attachment.type,
                    )
                )
            elif (is_pdf and sniffed != "application/pdf") or (
                is_image and not sniffed.startswith("image/")
            ):
                reasons.append(
                    self.env._(
                        "%(file)s is not a real %(kind)s file: its content is %(content)s. "
                        "Upload the scan itself.",
                        file=attachment.name,
                        kind="PDF" if is_pdf else self.env._("image"),
                        content=sniffed,
                    )
                )
            if attachment.file_size > max_mb * 1024 * 1024:
                reasons.append(
                    self.env._(
                        "%(file)s is larger than %(max)s MB.", file=attachment.name, max=max_mb
                    )
                )
        if reasons:
            raise ValidationError("\n".join(reasons))

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        if any(vals.get("access_token") for vals in vals_list):
            attachments.filtered("access_token")._crm_archive_files().generate_access_token()
        attachments._check_archive_document_file()
        return attachments

    def write(self, vals):
        if vals.get("access_token") and self._crm_archive_files():
            self.generate_access_token()  # refused with its message
        if {"datas", "raw", "db_datas", "res_model", "res_id", "name"} & set(vals):
            self._check_archive_document_writable()
        result = super().write(vals)
        if {"datas", "raw", "db_datas", "res_model", "type", "url"} & set(vals):
            self._check_archive_document_file()
        return result

    def _read_format(self, fnames, load="_classic_read"):
        # A client reading the content (read, search_read, web_read) opens the
        # file as much as a download does.
        if not self.env.su and CONTENT_FIELDS & set(fnames or ()):
            self.env[ARCHIVE_DOCUMENT]._crm_open_files(self)
        return super()._read_format(fnames, load=load)

    # ------------------------------------------------------------------
    # No token opens an archive file: every opening is by a named reader,
    # checked and logged (see crm.archive.document._crm_open_files).
    # ------------------------------------------------------------------
    def _crm_archive_files(self):
        return self.sudo().filtered(lambda attachment: attachment.res_model == ARCHIVE_DOCUMENT)

    def generate_access_token(self):
        if self._crm_archive_files():
            raise UserError(
                self.env._(
                    "Files of the customer archive cannot be shared by link: every reader "
                    "opens them under his own name, and the opening is logged."
                )
            )
        return super().generate_access_token()

    def _get_raw_access_token(self):
        return False if self._crm_archive_files() else super()._get_raw_access_token()

    def _get_thumbnail_token(self):
        return False if self._crm_archive_files() else super()._get_thumbnail_token()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_archive_document(self):
        self._check_archive_document_writable()
