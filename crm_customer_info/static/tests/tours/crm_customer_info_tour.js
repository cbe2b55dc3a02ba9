import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_customer_info_open_customers", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "crm_customer_info.crm_customer_info_menu_root",
            "Open the Customers application"
        ),
        {
            content: "The customers are listed, organisations first",
            trigger: ".o_kanban_record:contains('Shanghai Hengyuan Trading')",
            run: "click",
        },
        {
            content: "The customer file opens",
            trigger: ".o_breadcrumb:contains('Shanghai Hengyuan Trading')",
        },
        {
            content: "Back to the customers through the menu",
            trigger: "button[data-menu-xmlid='crm_customer_info.crm_customer_info_menu_customers']",
            run: "click",
        },
        {
            content: "Contact persons are one click away",
            trigger: "a[data-menu-xmlid='crm_customer_info.res_partner_menu_contacts']",
            run: "click",
        },
        {
            content: "The contact persons show individuals",
            trigger: ".o_list_view .o_data_cell:contains('Wang Lei')",
            run: "click",
        },
        {
            content: "Customer service sees the personal profile",
            trigger: ".o_notebook .nav-link:contains('Personal Profile')",
            run: "click",
        },
        {
            content: "The profile page shows the identity fields",
            trigger: ".o_form_view .o_field_widget[name='ethnicity_id']",
        },
        {
            content: "The family page is there too",
            trigger: ".o_notebook .nav-link:contains('Family')",
            run: "click",
        },
        {
            content: "Family members are listed in a table",
            trigger: ".o_field_widget[name='family_member_ids'] .o_list_renderer",
        },
    ],
});
