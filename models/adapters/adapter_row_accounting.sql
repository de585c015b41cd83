-- Where every row the loaders landed went, per source adapter (D71): the
-- union of each adapter's <adapter>__row_accounting. An adapter that is
-- not configured has no rows.
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
