"""Roles of the access matrix and the demo login playing each of them."""

ROLES = {
    "salesperson": "sales",
    "customer_service": "service",
    "archive_admin": "archivist",
    "credit_user": "credituser",
    "credit_manager": "credit",
    "marketing_user": "marketing",
    "manager": "manager",
    "portal_a": "portal",
    "portal_b": "portalb",
    "public": None,
}
# Operation letters of a matrix cell.
OPERATIONS = {
    "r": "read",
    "s": "search",
    "g": "read_group",
    "e": "export",
    "w": "write",
    "c": "create",
    "u": "unlink",
}
FIELD_OPERATIONS = "rsgewc"
ADDONS = ("crm_customer_info", "crm_credit", "crm_campaigns")
# The profile fields that need the customer's separate consent (PIPL).
SENSITIVE_FIELDS = [
    "resident_id",
    "health_status",
    "medical_history",
    "religion",
    "religion_devout",
    "political_affiliation",
    "political_activities",
    "income_range",
]
