{% macro dq_tables() -%}
    {#- Each raw table (docs/spec/raw-tables.md): the base model that holds its
        quarantine decision (dq_rule), its staging model, and the SQL of
        its row key as text. -#}
    {{ return({
        'customers': {'base': 'base_shop__customers', 'staging': 'stg_shop__customers', 'key': ['customer_id']},
        'products': {'base': 'base_shop__products', 'staging': 'stg_shop__products', 'key': ['product_id']},
        'product_complements': {'base': 'base_shop__product_complements', 'staging': 'stg_shop__product_complements', 'key': ['product_group_id', 'complement_group_id']},
        'promotions': {'base': 'base_shop__promotions', 'staging': 'stg_shop__promotions', 'key': ['promotion_id']},
        'orders': {'base': 'base_shop__orders', 'staging': 'stg_shop__orders', 'key': ['order_id']},
        'order_lines': {'base': 'base_shop__order_lines', 'staging': 'stg_shop__order_lines', 'key': ['order_line_id']},
        'stores': {'base': 'base_pos__stores', 'staging': 'stg_pos__stores', 'key': ['store_id']},
        'store_traffic': {'base': 'base_pos__store_traffic', 'staging': 'stg_pos__store_traffic', 'key': ['store_id', 'traffic_date']},
        'sessions': {'base': 'base_web_analytics__sessions', 'staging': 'stg_web_analytics__sessions', 'key': ['session_id']},
        'returns': {'base': 'base_returns__returns', 'staging': 'stg_returns__returns', 'key': ['return_id']},
        'warehouses': {'base': 'base_warehouse__warehouses', 'staging': 'stg_warehouse__warehouses', 'key': ['warehouse_id']},
        'shipments': {'base': 'base_warehouse__shipments', 'staging': 'stg_warehouse__shipments', 'key': ['shipment_id']},
        'fulfilment_costs': {'base': 'base_warehouse__fulfilment_costs', 'staging': 'stg_warehouse__fulfilment_costs', 'key': ['cost_date', 'warehouse_id', 'cost_type']},
        'campaigns': {'base': 'base_marketing__campaigns', 'staging': 'stg_marketing__campaigns', 'key': ['campaign_id']},
        'ad_performance': {'base': 'base_marketing__ad_performance', 'staging': 'stg_marketing__ad_performance', 'key': ['report_date', 'campaign_id']},
        'marketing_costs': {'base': 'base_marketing__marketing_costs', 'staging': 'stg_marketing__marketing_costs', 'key': ['cost_date', 'channel', 'cost_type']},
        'email_events': {'base': 'base_marketing__email_events', 'staging': 'stg_marketing__email_events', 'key': ['event_id']},
        'nps_responses': {'base': 'base_survey__nps_responses', 'staging': 'stg_survey__nps_responses', 'key': ['response_id']},
        'fx_rates': {'base': 'base_finance__fx_rates', 'staging': 'stg_finance__fx_rates', 'key': ['rate_date', 'currency']},
        'product_views': {'base': 'base_web_analytics__product_views', 'staging': 'stg_web_analytics__product_views', 'key': ['view_id']},
    }) }}
{%- endmacro %}


{% macro dq_row_key(source_table) -%}
    {#- The row key of a raw table as text (parts joined by |, NULL as ∅). -#}
    {%- set parts = [] -%}
    {%- for column in dq_tables()[source_table]['key'] -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '∅')") -%}
    {%- endfor -%}
    {{ parts | join(" || '|' || ") }}
{%- endmacro %}
