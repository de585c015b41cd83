{% macro ga4_transaction_key() -%}
    {#- Option transaction_ids of ga4_bigquery (D85): what a purchase's
        ecommerce.transaction_id names. `order_id` (default): the shop's
        order id, as the raw orders hold it or as a configured shop
        adapter's platform id (`1001` is `shopify:1001`); `order_name`:
        the order's name or number as the shop shows it (Shopify's `#1001`,
        WooCommerce's number), looked up in the configured shop adapter's
        landed orders. -#}
    {%- set value = source_adapter_option('ga4_bigquery', 'transaction_ids') -%}
    {%- set value = '' if value is none else value | string | trim -%}
    {%- if value not in ('order_id', 'order_name') -%}
        {{ exceptions.raise_compiler_error(
            "var source_adapters: ga4_bigquery: option transaction_ids must be "
            ~ "order_id or order_name; got: " ~ value) }}
    {%- endif -%}
    {%- if value == 'order_name' and execute and 'ga4_bigquery' in source_adapters()
        and not ga4_order_name_adapters() -%}
        {{ exceptions.raise_compiler_error(
            "var source_adapters: ga4_bigquery: transaction_ids: order_name needs "
            ~ "a shop adapter (shopify_fivetran, shopify_csv or woocommerce): the raw "
            ~ "orders table has no order name; use order_id") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}


{% macro ga4_order_name_adapters() -%}
    {#- The configured shop adapters whose landed orders carry the order's
        name or number (option transaction_ids: order_name). -#}
    {%- set known = ['shopify_csv', 'shopify_fivetran', 'woocommerce'] -%}
    {{ return(source_adapters().keys() | select('in', known) | sort) }}
{%- endmacro %}


{% macro ga4_order_names() -%}
    {#- Order name -> the contract's order id (option transaction_ids:
        order_name; otherwise no rows), from the configured shop adapters'
        landed orders: Shopify's `name` (`#1001`; Shopify's CSV exports key
        their orders by it), WooCommerce's `number` (its id when the loader
        has none). Parsed with var build_all_adapters, a DAG edge to every
        such landed table (D76: one parse for any configuration). -#}
    {%- set names = ga4_order_name_adapters() -%}
    {%- if not execute and var('build_all_adapters', false) in [true, 'true', 'True'] -%}
        {%- set names = ['shopify_csv', 'shopify_fivetran', 'woocommerce'] -%}
    {%- elif execute and ga4_transaction_key() != 'order_name' -%}
        {%- set names = [] -%}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for name in names -%}
        {%- if name == 'shopify_fivetran' -%}
            {%- do parts.append(
                "select " ~ landed_text('name') ~ " as order_name, "
                ~ contract_id('shopify', 'id') ~ " as order_id from "
                ~ ref('shopify_fivetran__landed_order')) -%}
        {%- elif name == 'shopify_csv' -%}
            {%- do parts.append(
                "select distinct " ~ landed_text('name') ~ " as order_name, "
                ~ contract_id('shopify', 'name') ~ " as order_id from "
                ~ ref('shopify_csv__landed_orders_export')) -%}
        {%- else -%}
            {%- do parts.append(
                "select coalesce(" ~ landed_text('number') ~ ", " ~ landed_text('id')
                ~ ") as order_name, " ~ contract_id('woocommerce', 'id')
                ~ " as order_id from " ~ ref('woocommerce__landed_orders')) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not parts or not execute -%}
        {{ return("(select cast(null as varchar) as order_name, "
            ~ "cast(null as varchar) as order_id where 1 = 0)") }}
    {%- endif -%}
    {{ return("(" ~ parts | join(' union all ') ~ ")") }}
{%- endmacro %}


{% macro ga4_order_prefixes() -%}
    {#- The prefixes a transaction_id takes to name a contract order (option
        transaction_ids: order_id): none (the raw orders' own ids) and
        `<platform>:` of each configured adapter that fills orders, as a
        VALUES list of one column (named by the caller). -#}
    {%- set rows = ["('')"] -%}
    {%- for platform in ga4_order_platforms() -%}
        {%- do rows.append("('" ~ platform ~ ":')") -%}
    {%- endfor -%}
    (values {{ rows | join(', ') }})
{%- endmacro %}


{% macro ga4_order_link(table_name, rows) -%}
    {#- raw_source's rows of table `orders` (D85): with ga4_bigquery
        configured, a webshop order without a session_id of its own gets
        the session of the first GA4 purchase event that names it
        (ga4_bigquery__order_sessions); an order's own session_id is kept.
        `rows` are typed (raw_source).
        Any other table, or no ga4_bigquery: the rows as they are. Parsed
        with var build_all_adapters, a DAG edge to the link (as
        source_adapter_models does); unit tests read their given rows. -#}
    {%- set in_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- if table_name != 'orders' or in_unit_test -%}
        {{ return(rows) }}
    {%- endif -%}
    {%- set all_adapters = var('build_all_adapters', false) in [true, 'true', 'True'] -%}
    {%- if not execute -%}
        {%- if all_adapters or 'ga4_bigquery' in source_adapters() -%}
            {%- do ref('ga4_bigquery__order_sessions') -%}
        {%- endif -%}
        {{ return(rows) }}
    {%- endif -%}
    {%- if 'ga4_bigquery' not in source_adapters() -%}
        {{ return(rows) }}
    {%- endif -%}
    {#- the rows are typed (raw_source): the raw row's session_id shows the
        linked session too, as the rows it was checked with -#}
    {%- set is_linked = "orders.session_id is null and orders.sales_channel = 'webshop'" -%}
    {%- set link_session = "nullif(trim(link.session_id), '')" -%}
    {%- set raw_fields = {} -%}
    {%- for column in raw_table_columns('orders') -%}
        {%- do raw_fields.update({column: "orders.dq_raw_row." ~ column}) -%}
    {%- endfor -%}
    {%- do raw_fields.update({'session_id': "case when " ~ is_linked ~ " then "
        ~ link_session ~ " else orders.dq_raw_row.session_id end"}) -%}
    (
        select
            {{ star_except(['dq_raw_row', 'session_id'], 'orders') }},
            {{ struct_of(raw_fields) }} as dq_raw_row,
            case
                when {{ is_linked }} then {{ link_session }}
                else orders.session_id
            end as session_id
        from {{ rows }} as orders
        left join {{ ref('ga4_bigquery__order_sessions') }} as link
            on orders.order_id = link.order_id
    )
{%- endmacro %}


{% macro ga4_order_platforms() -%}
    {#- The platforms of the configured adapters that fill orders (`shopify`,
        `woocommerce`): a transaction_id that is such a shop's order id
        names the contract order `<platform>:<transaction_id>`. -#}
    {%- set registry = source_adapter_registry() -%}
    {%- set platforms = [] -%}
    {%- for name in source_adapters().keys() | sort
        if 'orders' in registry[name].tables
        and registry[name].platform not in platforms -%}
        {%- do platforms.append(registry[name].platform) -%}
    {%- endfor -%}
    {{ return(platforms) }}
{%- endmacro %}
