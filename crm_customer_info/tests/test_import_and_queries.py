from odoo.tests import tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestImportAndQueries(CustomerInfoCase):
    def test_import_reports_bad_rows_and_writes_nothing(self):
        csv = (
            "name,gender,birthday,consent_sensitive,resident_id\n"
            "李建国,male,1985-03-12,1,110105198503121234\n"
            "王芳,female,1990-07-08,1,330203199007081249\n"
            "张伟,male,1979-01-01,0,\n"
            "刘洋,male,1988-08-08,1,12345\n"
        ).encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(self.user_service)
            .create(
                {
                    "res_model": "res.partner",
                    "file": csv,
                    "file_name": "customers.csv",
                    "file_type": "text/csv",
                }
            )
        )
        before = self.env["res.partner"].search_count([])
        result = wizard.execute_import(
            ["name", "gender", "birthday", "consent_sensitive", "resident_id"],
            ["name", "gender", "birthday", "consent_sensitive", "resident_id"],
            {"has_headers": True, "quoting": '"', "separator": ",", "date_format": "%Y-%m-%d"},
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertFalse(result["ids"])
        # Each bad row (0-based: 王芳 and 刘洋) is reported with its own value;
        # Odoo also repeats the first batch error on the batch's first line.
        by_row = {}
        for message in errors:
            by_row.setdefault(message["record"], []).append(message["message"])
        self.assertTrue(any("330203199007081249" in m for m in by_row[1]), errors)
        self.assertTrue(any("12345" in m for m in by_row[3]), errors)
        self.assertNotIn(2, by_row)
        for message in errors:
            self.assertRegex(message["message"], "330203199007081249|12345")
        self.assertEqual(self.env["res.partner"].search_count([]), before)

    def _form_queries(self, partner):
        spec = {
            "name": {},
            "family_member_ids": {
                "fields": {
                    "name": {},
                    "relation": {},
                    "birthday": {},
                    "age": {},
                    "education_level_id": {},
                }
            },
            "relationship_ids": {
                "fields": {
                    "name": {},
                    "relation_type": {},
                    "related_partner_id": {},
                    "speciality": {},
                }
            },
        }
        partner.invalidate_recordset()
        self.env.invalidate_all()
        count = self.env.cr.sql_log_count
        partner.with_user(self.user_service).web_read(spec)
        return self.env.cr.sql_log_count - count

    def test_form_query_count_does_not_grow_with_rows(self):
        Partner = self.env["res.partner"]
        level = self.env.ref("crm_customer_info.education_level_bachelor")
        other = Partner.create({"name": "共同好友"})
        small = Partner.create(
            {
                "name": "一行",
                "family_member_ids": [
                    (0, 0, {"name": "成员", "relation": "child", "education_level_id": level.id})
                ],
                "relationship_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "同学",
                            "relation_type": "classmate",
                            "related_partner_id": other.id,
                        },
                    )
                ],
            }
        )
        big = Partner.create(
            {
                "name": "五十行",
                "family_member_ids": [
                    (
                        0,
                        0,
                        {"name": f"成员{i}", "relation": "child", "education_level_id": level.id},
                    )
                    for i in range(50)
                ],
                "relationship_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"同学{i}",
                            "relation_type": "classmate",
                            "related_partner_id": other.id,
                        },
                    )
                    for i in range(50)
                ],
            }
        )
        self._form_queries(small)  # warm the caches that do not depend on the record
        self.assertEqual(self._form_queries(big), self._form_queries(small))
