"""E-commerce KPI pipeline, the Python side that ships: the ``ecommerce-kpis`` command.

Publishing for BI (``publish``, ``serve_postgres``), Power BI generation
(``powerbi``), the raw-table spec and KPI catalogue readers (``schema``,
``catalogue``), the demo shop (``demo``) and real-data adapters
(``adapters``). Test and benchmark tooling lives in ``kpi_devtools`` (not
installed).
"""

__version__ = "0.2.0"
