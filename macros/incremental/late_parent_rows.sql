{#- Rows of an old key that a parent's run may have rewritten: a product
    view or an order of a session dated before the window. A view need not
    fall on its session's date and a view or order can arrive late, so the
    models that join them to sessions recompute those sessions too (D105). -#}

{% macro parent_rewrite_start(relation, date_expression, window_start, days_more=0) -%}
    {#- The earliest date (SQL expression) from which the incremental parent
        `relation` may have rewritten rows in this run, by its
        `date_expression`. A parent rewrites its latest lookback days
        (days_more: the product views one more, D98; as UTC against local
        dates, one more again), counted from its own latest date before the
        run, which this model cannot see. So: the earlier of this model's
        window and the parent's latest date now minus the lookback, less a
        week. A parent that lags behind and catches up to a week at once is
        still covered; beyond that the marts' reconciliation tests, which
        count from staging, fail and a --full-refresh rebuilds. -#}
    {%- set lookback = incremental_lookback_days() + days_more -%}
    least(
        {{ window_start }},
        (
            select max({{ date_expression }})
            from {{ relation }}
        ) - {{ lookback }}
    ) - {{ 7 + days_more }}
{%- endmacro %}


{% macro session_categories_in_scope(window_start) -%}
    {#- The sessions an incremental run of int_session_categories recomputes
        (incremental_by_keys): those of the window, and those of the product
        views and orders the parents may have rewritten. -#}
    {%- set views = ref('stg_web_analytics__product_views') -%}
    {%- set orders = ref('int_orders_enriched') -%}
    select sessions.session_id
    from {{ ref('stg_web_analytics__sessions') }} as sessions
    where sessions.session_date >= {{ window_start }}
    union
    select product_views.session_id
    from {{ views }} as product_views
    where
        product_views.viewed_at >= cast(
            {{ parent_rewrite_start(views, 'cast(viewed_at as date)', window_start, 1) }}
            as timestamp
        )
    union
    select orders.session_id
    from {{ orders }} as orders
    where
        orders.session_id is not null
        and orders.order_date >= {{ parent_rewrite_start(orders, 'order_date', window_start) }}
{%- endmacro %}


{% macro session_dates_of_late_orders(window_start) -%}
    {#- reach_back of the session-dated marts that count orders
        (kpi_conversion_rate): the dates of the sessions whose orders the
        parents may have rewritten. -#}
    {%- set orders = ref('int_orders_enriched') -%}
    select distinct sessions.session_date
    from {{ ref('stg_web_analytics__sessions') }} as sessions
    inner join {{ orders }} as orders
        on sessions.session_id = orders.session_id
    where orders.order_date >= {{ parent_rewrite_start(orders, 'order_date', window_start) }}
{%- endmacro %}
