from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_archive_borrow import ArchiveBorrowCase


@tagged("post_install", "-at_install")
class TestPartnerArchiveButtons(ArchiveBorrowCase):
    """From the customer form to its archive, and pickers that find a document
    by what a person remembers: its title or its customer."""

    def test_counts_follow_the_readers_rights(self):
        mine = self.lent_request(self.copy)
        self.lent_request(self.copy_2, user=self.user_service_2)
        documents = self.env["crm.archive.document"].search([("partner_id", "=", self.customer.id)])
        archivist = self.customer.with_user(self.user_archivist)
        self.assertEqual(archivist.archive_document_count, len(documents))
        self.assertEqual(archivist.archive_borrow_count, 2)
        service = self.customer.with_user(self.user_service)
        self.assertEqual(service.archive_borrow_count, 1, "his own loans only")
        action = service.action_view_archive_borrows()
        self.assertEqual(
            self.env["crm.archive.borrow"].with_user(self.user_service).search(action["domain"]),
            mine,
        )
        with self.assertRaisesRegex(AccessError, 'access the field "archive_document_count"'):
            self.customer.with_user(self.user_sales).archive_document_count  # noqa: B018

    def test_a_contact_person_opens_the_company_file(self):
        person = self.env["res.partner"].create(
            {"name": "宁波联系人", "parent_id": self.customer.id}
        )
        person = person.with_user(self.user_archivist)
        self.assertEqual(person.archive_document_count, self.customer.archive_document_count)
        action = person.action_view_archive_documents()
        found = self.env["crm.archive.document"].search(action["domain"])
        self.assertEqual(found.partner_id, self.customer)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_volumes_button(self):
        volume = self.env["crm.archive.volume"].create(
            {
                "partner_id": self.customer.id,
                "category_id": self.env.ref("crm_customer_info.archive_category_basic").id,
                "year": 2020,
            }
        )
        customer = self.customer.with_user(self.user_service)
        self.assertEqual(customer.archive_volume_count, 1)
        action = customer.action_view_archive_volumes()
        self.assertEqual(self.env["crm.archive.volume"].search(action["domain"]), volume)

    def test_document_picker_searches_title_and_customer(self):
        Document = self.env["crm.archive.document"].with_user(self.user_service)
        by_title = Document.name_search("营业执照")
        self.assertIn(self.original.id, [row[0] for row in by_title])
        by_customer = {row[0] for row in Document.name_search("恒远贸易")}
        self.assertTrue(set((self.copy | self.secret).ids) <= by_customer)
        by_number = Document.name_search(self.copy.number)
        self.assertEqual([row[0] for row in by_number], self.copy.ids)
        self.assertEqual(self.copy.display_name, f"{self.copy.number} 购销合同复印件")
