from . import (
    crm_cleanup_wizard,
    crm_cleanup_wizard_line,
)
