from . import (
    test_archive_borrow,
    test_archive_borrow_concurrency,
    test_archive_documents,
    test_customers_tour,
    test_grade_lifecycle,
    test_i18n,
    test_import_and_queries,
    test_install,
    test_partner_review,
    test_profile_access,
    test_profile_validation,
    test_reports,
)
