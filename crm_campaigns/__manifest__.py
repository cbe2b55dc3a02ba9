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
        # reports
        # data
        "data/crm_rfm_segment_data.xml",
        "data/crm_segmentation_data.xml",
        # wizards
        # views
        "views/crm_rfm_segment_views.xml",
        "views/res_partner_segmentation_views.xml",
        "views/res_config_settings_views.xml",
        # menus last
        "views/crm_campaigns_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
}
