import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_portal_profile", {
    url: "/my/profile",
    steps: () => [
        {
            content: "Write the hobbies",
            trigger: "form.o_crm_portal_profile textarea[name='hobbies']",
            run: "edit Tea ceremonies and hiking",
        },
        {
            content: "Agree to receive post",
            trigger: "form.o_crm_portal_profile input[name='consent_post']:not(:checked)",
            run: "click",
        },
        {
            content: "Save the profile",
            trigger: "form.o_crm_portal_profile button[name='save']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The changes are saved",
            trigger: ".alert-success:contains('your changes were saved')",
        },
        {
            content: "The consent is now shown as given",
            trigger: "form.o_crm_portal_profile input[name='consent_post']:checked",
        },
    ],
});
