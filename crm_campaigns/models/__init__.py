from . import res_config_settings
from . import crm_rfm_segment
from . import res_partner_rfm
