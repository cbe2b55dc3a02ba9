from . import test_customers_tour, test_i18n, test_install
