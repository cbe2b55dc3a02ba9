from . import (
    test_credit_aging,
    test_credit_evaluation,
    test_credit_extension,
    test_credit_limit_request,
    test_credit_rating,
    test_credit_warnings,
    test_install,
    test_invoice_blocking,
    test_portal_credit,
    test_privacy_invoices,
    test_repayment_plan,
)
