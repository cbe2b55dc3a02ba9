import io
import logging
import os
import tempfile
from copy import deepcopy

import lxml.html

from odoo import api, models
from odoo.addons.base.models.ir_actions_report import _run_wkhtmltopdf, _wkhtml
from odoo.exceptions import UserError
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
)

_logger = logging.getLogger(__name__)

# Options of the body's command line that the header and footer pages set
# themselves, with the number of values each takes.
FRAME_OPTIONS = {
    "--page-size": 1,
    "--page-width": 1,
    "--page-height": 1,
    "--orientation": 1,
    "--margin-top": 1,
    "--margin-bottom": 1,
    "--header-spacing": 1,
    "--header-line": 0,
    "--javascript-delay": 1,
}
# Between the body and the footer, as Odoo's layouts leave it.
FOOTER_GAP_MM = 3
MM_PER_PT = 25.4 / 72


class IrActionsReport(models.Model):
    """The header and footer of the customer-information forms on every page,
    whatever wkhtmltopdf prints them.

    Odoo passes a report's header and footer to wkhtmltopdf as separate
    documents (``--header-html``, ``--footer-html``), which only a build on
    patched Qt honours: Debian's wkhtmltopdf drops them, and with them the
    letterhead, the customer number and the page numbers of our forms, and it
    converts one document per run, so a print of several records fails. With
    such a build each body is converted alone, then the header and the footer
    of each of its pages, numbered, are converted as pages of their own and
    laid under it. A patched build keeps Odoo's way."""

    _inherit = "ir.actions.report"

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        report = self._get_report(report_ref) if report_ref else self
        if (
            _wkhtml().is_patched_qt
            or not (header or footer)
            or len(report) != 1
            or not report._crm_is_audited()
        ):
            return super()._run_wkhtmltopdf(
                bodies,
                report_ref=report_ref,
                header=header,
                footer=footer,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
        counts, pages = [], []
        for body in bodies:
            pdf = super()._run_wkhtmltopdf(
                [body],
                report_ref=report_ref,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
            body_pages = PdfFileReader(io.BytesIO(pdf), strict=False).pages
            counts.append(len(body_pages))
            pages.extend(body_pages)
        if not pages:
            return b""
        paperformat = report.get_paperformat()
        args = report._build_wkhtmltopdf_args(
            paperformat,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        width = float(pages[0].mediabox.width) * MM_PER_PT
        height = float(pages[0].mediabox.height) * MM_PER_PT
        margin_bottom = float(
            (specific_paperformat_args or {}).get(
                "data-report-margin-bottom", paperformat.margin_bottom if paperformat else 0
            )
        )
        frames = []
        if header:
            # Full pages: the header stands at the top, as Odoo's does.
            frames.append(
                report._crm_frame_pages(
                    header, "minimal_layout_report_headers", counts, args, width, height
                )
            )
        if footer and margin_bottom > FOOTER_GAP_MM:
            # Pages as high as the bottom margin: PDF coordinates start at
            # the bottom, so laid on a body page they fill its bottom margin.
            frames.append(
                report._crm_frame_pages(
                    footer,
                    "minimal_layout_report_footers",
                    counts,
                    args,
                    width,
                    margin_bottom - FOOTER_GAP_MM,
                )
            )
        frames = [frame for frame in frames if frame is not None]
        writer = PdfFileWriter()
        for index, page in enumerate(pages):
            self._crm_draw_under(writer, page, [frame[index] for frame in frames])
            writer.add_page(page)
        stream = io.BytesIO()
        writer.write(stream)
        return stream.getvalue()

    @api.model
    def _crm_draw_under(self, writer, page, layers):
        """Draw ``layers`` (pages of other PDFs) under ``page``, each as a
        form XObject: wkhtmltopdf paints its pages white, the body's margins
        are bare, and a form keeps its own resources (merging pages renames
        clashing fonts, which breaks them)."""
        if not layers:
            return
        resources = page["/Resources"]
        xobjects = resources.get("/XObject")
        if xobjects is None:
            xobjects = resources[NameObject("/XObject")] = DictionaryObject()
        calls = []
        for number, layer in enumerate(layers):
            form = DecodedStreamObject()
            form.set_data(layer.get_contents().get_data())
            form.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): layer.mediabox,
                    NameObject("/Resources"): layer["/Resources"],
                }
            )
            name = NameObject(f"/CrmFrame{number}")
            xobjects[name] = writer._addObject(form)
            calls.append(f"q {name} Do Q\n".encode())
        under = DecodedStreamObject()
        under.set_data(b"".join(calls))
        contents = page.raw_get("/Contents")
        if not isinstance(contents, ArrayObject):
            contents = [contents]
        page[NameObject("/Contents")] = ArrayObject([writer._addObject(under), *contents])

    @api.model
    def _crm_frame_pages(self, html, container_id, counts, args, width, height):
        """The pages of one header or footer document (as ``_prepare_html``
        makes them, one block per body): for each body, its block once per
        page, numbered "page of topage" within the body as Odoo numbers them,
        each on a page of ``width`` x ``height`` mm and cut to it. None when
        they still take more pages than the bodies (they would go on the
        wrong pages)."""
        # wkhtmltopdf's zoom enlarges CSS lengths; shrinking only reduces them.
        zoom = float(args[args.index("--zoom") + 1]) if "--zoom" in args else 1.0
        cut = f"max-height: {height / zoom - 1:.1f}mm; overflow: hidden;"
        root = lxml.html.document_fromstring(html)
        body = root.find("body")
        body.attrib.pop("onload", None)  # Odoo's numbering script, done here
        # The layout gives the html no height for the header and footer
        # wkhtmltopdf frames itself; here they are pages of their own.
        root.attrib.pop("style", None)
        container = root.get_element_by_id(container_id)
        blocks = list(container)
        for block in blocks:
            container.remove(block)
        for index, count in enumerate(counts):
            block = blocks[index] if index < len(blocks) else None
            for number in range(1, count + 1):
                frame = lxml.html.Element("div")
                frame.text = "\u00a0"  # an empty frame still takes its page
                frame.set("style", ("page-break-before: always; " if len(container) else "") + cut)
                if block is not None:
                    copy = deepcopy(block)
                    for css_class, value in (("page", number), ("topage", count)):
                        for node in copy.find_class(css_class):
                            for child in list(node):
                                node.remove(child)
                            node.text = str(value)
                    frame.text = None
                    frame.append(copy)
                container.append(frame)
        command = self._crm_frame_args(args, width, height)
        pdf = self._crm_run_frame(lxml.html.tostring(root, doctype="<!DOCTYPE html>"), command)
        pages = PdfFileReader(io.BytesIO(pdf), strict=False).pages
        if len(pages) != sum(counts):
            _logger.warning(
                "Report %s: its %s do not fit on their pages, left out.",
                self.report_name,
                container_id.rpartition("_")[2],
            )
            return None
        return pages

    @api.model
    def _crm_frame_args(self, args, width, height):
        """The body's command line for pages of ``width`` x ``height`` mm
        without margins at the top and bottom and without scripts (the
        numbering is done)."""
        command = []
        skip = 0
        for arg in args:
            if skip:
                skip -= 1
            elif arg in FRAME_OPTIONS:
                skip = FRAME_OPTIONS[arg]
            else:
                command.append(arg)
        return [
            *command,
            "--disable-javascript",
            "--page-width",
            f"{width:.2f}mm",
            "--page-height",
            f"{height:.2f}mm",
            "--margin-top",
            "0",
            "--margin-bottom",
            "0",
        ]

    @api.model
    def _crm_run_frame(self, html, command):
        html_fd, html_path = tempfile.mkstemp(suffix=".html", prefix="report.frame.tmp.")
        pdf_fd, pdf_path = tempfile.mkstemp(suffix=".pdf", prefix="report.frame.tmp.")
        os.close(pdf_fd)
        try:
            with os.fdopen(html_fd, "wb") as html_file:
                html_file.write(html)
            process = _run_wkhtmltopdf([*command, html_path, pdf_path])
            # 1: a resource did not load (as for the body, a warning).
            if process.returncode not in (0, 1):
                raise UserError(
                    self.env._(
                        "Wkhtmltopdf failed (error code: %(error_code)s). Message: %(message)s",
                        error_code=process.returncode,
                        message=process.stderr[-1000:],
                    )
                )
            with open(pdf_path, "rb") as pdf_file:
                return pdf_file.read()
        finally:
            os.unlink(html_path)
            os.unlink(pdf_path)
