from . import (
    crm_archive_borrow_reject_wizard,
    crm_archive_borrow_renewal_wizard,
    crm_archive_borrow_return_wizard,
    crm_archive_volume_close_wizard,
    crm_duplicate_merge_wizard,
    crm_grade_change_wizard,
    crm_info_report_reject_wizard,
    crm_partner_review_wizard,
)
