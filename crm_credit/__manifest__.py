{
    "name": "Customer Credit",
    "version": "19.0.1.0.0",
    "category": "Sales/Customer Information",
    "summary": "Credit ratings, limit approvals, aging, repayment plans and arrears warnings",
    "author": "Customer Information Management Team",
    "license": "LGPL-3",
    "depends": ["crm_customer_info", "account"],
    "data": [
        # security
        "security/crm_credit_groups.xml",
        # views
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        # menus last
        "views/crm_credit_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
}
