"""Scans of originals and secret documents open only during the reader's own
running consultation or loan (借阅制度), by every path, each opening logged."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_archive_borrow import ArchiveBorrowCase

REFUSED = "open only while your own approved consultation or loan of them runs"


@tagged("post_install", "-at_install")
class TestArchiveRestrictedFiles(ArchiveBorrowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scans = {
            document: cls.env["ir.attachment"]
            .with_user(cls.user_archivist)
            .create(
                {
                    "name": f"{document.title}.txt",
                    "raw": document.title.encode(),
                    "res_model": "crm.archive.document",
                    "res_id": document.id,
                }
            )
            for document in (cls.copy, cls.original, cls.secret)
        }

    def read_scan(self, document, user):
        """Read the scan's content as a client would over RPC."""
        return self.scans[document].with_user(user).read(["datas"])

    def stream_scan(self, document, user):
        """What /web/content, /web/image and the portal download call (the
        stream itself needs an HTTP request to find the filestore)."""
        Attachment = type(self.env["ir.attachment"])
        with patch.object(Attachment, "_to_http_stream", return_value="stream"):
            return (
                self.env["ir.binary"]
                .with_user(user)
                ._record_to_stream(self.scans[document].with_user(user), "raw")
            )

    def downloads(self, document, user):
        return self.env["crm.archive.access.log"].search(
            [
                ("document_id", "=", document.id),
                ("user_id", "=", user.id),
                ("event", "=", "download"),
            ]
        )

    def test_copies_open_for_their_readers_and_are_logged(self):
        self.read_scan(self.copy, self.user_service)
        self.stream_scan(self.copy, self.user_service)
        self.assertEqual(len(self.downloads(self.copy, self.user_service)), 2)

    def test_originals_and_secrets_are_refused_without_a_running_loan(self):
        for document in (self.original, self.secret):
            for user in (self.user_service, self.user_archivist, self.user_manager):
                for opener in (self.read_scan, self.stream_scan):
                    with self.assertRaisesRegex(AccessError, REFUSED):
                        opener(document, user)
                self.assertFalse(self.downloads(document, user))
        # search_read and web_read are reads too
        with self.assertRaisesRegex(AccessError, REFUSED):
            self.env["ir.attachment"].with_user(self.user_service).search_read(
                [("id", "=", self.scans[self.original].id)], ["raw"]
            )
        with self.assertRaisesRegex(AccessError, REFUSED):
            self.scans[self.secret].with_user(self.user_service).web_read({"datas": {}})

    def test_a_running_consultation_opens_the_original_to_its_borrower_only(self):
        borrow = self.approved_request(self.original, mode="consult")
        with self.assertRaisesRegex(AccessError, REFUSED):
            self.read_scan(self.original, self.user_service)  # approved, not yet handed out
        borrow.with_user(self.user_archivist).action_lend()
        self.read_scan(self.original, self.user_service)
        self.stream_scan(self.original, self.user_service)
        logs = self.downloads(self.original, self.user_service)
        self.assertEqual((len(logs), logs.borrow_id), (2, borrow))
        # not to the archivist who handed it out, nor to another borrower
        for user in (self.user_archivist, self.user_service_2):
            with self.assertRaisesRegex(AccessError, REFUSED):
                self.stream_scan(self.original, user)
        borrow.with_user(self.user_archivist).action_return("Intact")
        with self.assertRaisesRegex(AccessError, REFUSED):
            self.read_scan(self.original, self.user_service)

    def test_a_running_loan_opens_the_secret_document(self):
        borrow = self.make_request(self.secret)
        borrow.action_submit()
        borrow.with_user(self.user_archivist_2).action_approve()
        borrow.with_user(self.user_manager).action_approve()
        borrow.with_user(self.user_archivist).action_lend()
        self.assertEqual(self.stream_scan(self.secret, self.user_service), "stream")
        self.assertEqual(self.downloads(self.secret, self.user_service).borrow_id, borrow)

    def test_originals_and_secrets_are_not_shared_with_the_customer(self):
        self.copy.with_user(self.user_archivist).shared_with_customer = True
        for document in (self.original, self.secret):
            with self.assertRaisesRegex(ValidationError, "are not shared with the customer"):
                document.with_user(self.user_archivist).shared_with_customer = True
        with self.assertRaisesRegex(ValidationError, "are not shared with the customer"):
            self.copy.with_user(self.user_archivist).confidentiality = "secret"

    def test_no_token_opens_an_archive_file(self):
        for document, scan in self.scans.items():
            for user in (self.user_archivist, self.user_manager):
                with self.assertRaises(UserError) as caught:
                    scan.with_user(user).generate_access_token()
                self.assertIn("cannot be shared by link", str(caught.exception))
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    scan.with_user(user).write({"access_token": "forged-token"})
            self.assertFalse(scan.access_token, document.title)
            # the chatter gets no time-limited download link either
            self.assertFalse(scan._get_raw_access_token())
            self.assertFalse(scan._get_thumbnail_token())
        with self.assertRaises(UserError):
            self.env["ir.attachment"].with_user(self.user_archivist).create(
                {
                    "name": "token.txt",
                    "raw": b"x",
                    "res_model": "crm.archive.document",
                    "res_id": self.copy.id,
                    "access_token": "forged-token",
                }
            )
        other = self.env["ir.attachment"].create({"name": "other.txt", "raw": b"x"})
        self.assertTrue(other.generate_access_token()[0])
        self.assertTrue(other._get_raw_access_token())
