from . import crm_credit_aging_report, crm_credit_analysis
