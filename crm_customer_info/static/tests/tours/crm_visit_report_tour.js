import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A salesperson reports a visit from his phone, at the customer's.
registry.category("web_tour.tours").add("crm_visit_report_phone", {
    url: "/odoo/action-crm_customer_info.crm_visit_report_action",
    steps: () => [
        {
            content: "The visits are cards on a phone",
            trigger: ".o_kanban_view",
        },
        {
            content: "Report a new visit",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Pick the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "click",
        },
        // On a phone, the customers open in a searchable list of cards.
        ...stepUtils.mobileKanbanSearchMany2X("Customer", "Shanghai Hengyuan Trading"),
        {
            content: "The customer is chosen",
            trigger: ".o_field_widget[name=partner_id] input:value(Shanghai Hengyuan Trading)",
        },
        {
            content: "Why the customer was visited",
            trigger: ".o_field_widget[name=purpose] input",
            run: "edit Phone tour: present the autumn catalogue",
        },
        {
            content: "What was learned",
            trigger: ".o_field_widget[name=findings] textarea",
            run: "edit The buyer wants samples before the trade fair.",
        },
        ...stepUtils.saveForm(),
        {
            content: "Submit the visit report",
            trigger: ".o_statusbar_buttons button[name=action_submit], .o-dropdown-item button[name=action_submit]",
            run: "click",
        },
        {
            content: "The report is submitted",
            trigger: ".o_statusbar_status button.active:contains('Submitted'), .o_statusbar_status .dropdown-toggle:contains('Submitted')",
        },
    ],
});
