from . import crm_grade_change_wizard
