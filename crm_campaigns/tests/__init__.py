from . import test_install
from . import test_rfm
from . import test_value_matrix
from . import test_churn
