{
    "name": "Customer Campaigns",
    "version": "19.0.1.0.0",
    "category": "Marketing/Customer Information",
    "summary": "RFM, value matrix, ABC grading, segments, measured campaigns, care plans",
    "author": "Customer Information Management Team",
    "license": "LGPL-3",
    "depends": ["crm_customer_info", "account", "mass_mailing", "crm"],
    "data": [
        # security
        "security/crm_campaigns_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_campaign_rules.xml",
        "security/crm_care_rules.xml",
        "security/crm_account_plan_rules.xml",
        # reports
        "report/crm_campaign_reports.xml",
        "report/crm_campaign_templates.xml",
        "report/crm_account_plan_reports.xml",
        "report/crm_account_plan_templates.xml",
        # data
        "data/crm_rfm_segment_data.xml",
        "data/crm_segmentation_data.xml",
        "data/crm_campaign_data.xml",
        "data/crm_care_holiday_data.xml",
        "data/crm_care_data.xml",
        # wizards
        # views
        "views/crm_rfm_segment_views.xml",
        "views/res_partner_segmentation_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_customer_segment_views.xml",
        "views/crm_campaign_views.xml",
        "views/crm_campaign_member_views.xml",
        "views/res_config_settings_campaign_views.xml",
        "views/crm_care_holiday_views.xml",
        "views/crm_care_rule_views.xml",
        "views/crm_care_occasion_views.xml",
        "views/crm_account_plan_views.xml",
        "views/res_partner_views.xml",
        # menus last
        "views/crm_campaigns_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_campaign_demo.xml",
        "demo/crm_campaigns_invoice_demo.xml",
        "demo/crm_campaign_evaluated_demo.xml",
        "demo/crm_care_demo.xml",
        "demo/crm_account_plan_demo.xml",
    ],
}
