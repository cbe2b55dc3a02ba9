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
            trigger: ".o_form_view .o_field_widget[name='name']:contains('Shanghai Hengyuan Trading')",
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
        },
    ],
});
