import re
import subprocess
import unicodedata
from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


def pdf_pages(pdf):
    """The text layer of each page, as pdftotext reads it (no normalisation),
    without whitespace."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    # pdftotext ends every page with a form feed.
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]


def pdf_text(pdf):
    """The text of a PDF (pdftotext) without whitespace, in NFKC form: the CJK
    fonts map some ideographs to Kangxi radicals (小 comes out as ⼩)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class CustomerInfoCase(TransactionCase):
    """One user per customer-information role, with explicit groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales = new_test_user(
            cls.env, login="t_sales", groups="crm_customer_info.group_salesperson"
        )
        cls.user_service = new_test_user(
            cls.env, login="t_service", groups="crm_customer_info.group_customer_service"
        )
        cls.user_archivist = new_test_user(
            cls.env, login="t_archivist", groups="crm_customer_info.group_archive_admin"
        )
        cls.user_manager = new_test_user(
            cls.env, login="t_manager", groups="crm_customer_info.group_manager"
        )
        cls.user_plain = new_test_user(cls.env, login="t_plain", groups="base.group_user")

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """Odoo's assertRaises rolls the refused operation back to a savepoint
        (and clears the cache before an access check); keep that when the
        message is checked too."""
        if args:
            return super().assertRaisesRegex(expected_exception, expected_regex, *args, **kwargs)
        return self._assert_raises_regex(expected_exception, expected_regex, kwargs.get("msg"))

    @contextmanager
    def _assert_raises_regex(self, expected_exception, expected_regex, msg=None):
        with self.assertRaises(expected_exception, msg=msg) as caught:
            yield caught
        self.assertRegex(str(caught.exception), expected_regex, msg=msg)
