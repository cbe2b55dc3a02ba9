from . import res_config_settings
from . import crm_rfm_segment
from . import crm_rfm_history
from . import res_partner_rfm
from . import res_partner_value
from . import res_partner_churn
