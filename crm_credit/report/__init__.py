from . import crm_credit_aging_report
