-- Where every row the loaders landed went, per source adapter (D71): the
-- union of each adapter's <adapter>__row_accounting. An adapter that is
-- not configured has no rows. Built after each adapter's contract tables
-- (<adapter>__<table>), which its test accounts_for_every_landed_row counts.
{%- for name, entry in source_adapter_registry().items() | sort -%}
    {%- for table in entry.tables -%}
        {%- do ref(name ~ '__' ~ table) -%}
    {%- endfor -%}
{%- endfor %}
{% for name in source_adapter_registry().keys() | sort %}
    select
        adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        landed_rows
    from {{ ref(name ~ '__row_accounting') }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
