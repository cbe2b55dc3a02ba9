from . import (
    test_customers_tour,
    test_grade_lifecycle,
    test_i18n,
    test_import_and_queries,
    test_install,
    test_profile_access,
    test_profile_validation,
    test_reports,
)
