{
    "name": "Customer Information",
    "version": "19.0.1.0.0",
    "category": "Sales/Customer Information",
    "summary": "Customer profiles, grades, archive and borrowing register",
    "author": "Customer Information Management Team",
    "license": "LGPL-3",
    "depends": ["contacts", "mail", "portal"],
    "data": [
        # security
        "security/crm_customer_info_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_customer_info_rules.xml",
        # reports
        "report/res_partner_reports.xml",
        "report/res_partner_templates.xml",
        "report/crm_archive_volume_reports.xml",
        "report/crm_archive_volume_templates.xml",
        "report/crm_archive_borrow_reports.xml",
        "report/crm_archive_borrow_templates.xml",
        # data
        "data/crm_ethnicity_data.xml",
        "data/crm_education_level_data.xml",
        "data/crm_customer_source_data.xml",
        "data/crm_customer_grade_data.xml",
        "data/crm_archive_category_data.xml",
        "data/crm_partner_review_data.xml",
        "data/crm_archive_borrow_data.xml",
        # wizards
        "wizard/crm_grade_change_wizard_views.xml",
        "wizard/crm_archive_volume_close_wizard_views.xml",
        "wizard/crm_partner_review_wizard_views.xml",
        "wizard/crm_archive_borrow_reject_wizard_views.xml",
        "wizard/crm_archive_borrow_return_wizard_views.xml",
        "wizard/crm_archive_borrow_renewal_wizard_views.xml",
        # views
        "views/res_partner_views.xml",
        "views/crm_customer_info_config_views.xml",
        "views/crm_archive_document_views.xml",
        "views/crm_archive_volume_views.xml",
        "views/crm_archive_borrow_views.xml",
        "views/crm_archive_config_views.xml",
        "views/crm_partner_review_views.xml",
        "views/res_config_settings_views.xml",
        # menus last
        "views/crm_customer_info_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
        "demo/crm_customer_profile_demo.xml",
        "demo/crm_archive_document_demo.xml",
        "demo/crm_archive_borrow_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_customer_info/static/tests/tours/**/*",
        ],
    },
    "application": True,
}
