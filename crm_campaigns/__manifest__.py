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
        # wizards
        # views
        "views/res_config_settings_views.xml",
        # menus last
        "views/crm_campaigns_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
}
