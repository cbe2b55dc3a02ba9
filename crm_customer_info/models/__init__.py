from . import (
    crm_competitor_usage,
    crm_customer_grade,
    crm_customer_grade_history,
    crm_customer_source,
    crm_education_level,
    crm_ethnicity,
    crm_partner_club,
    crm_partner_education,
    crm_partner_employment,
    crm_partner_event,
    crm_partner_family_member,
    crm_partner_relationship,
    res_config_settings,
    res_partner,
    res_partner_organisation,
    res_partner_person,
)
from . import crm_archive_category
from . import crm_archive_document_type
from . import crm_archive_document
from . import crm_archive_volume
from . import crm_archive_borrow
from . import crm_archive_borrow_line
from . import crm_archive_access_log
