import sys

from ecommerce_kpis.cli import main

sys.exit(main())
