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
        # views
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        # menus last
        "views/crm_customer_info_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_customer_info/static/tests/tours/**/*",
        ],
    },
    "application": True,
}
