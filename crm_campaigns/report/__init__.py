from . import crm_campaign_analysis, crm_rfm_analysis, crm_sales_analysis, crm_value_analysis
