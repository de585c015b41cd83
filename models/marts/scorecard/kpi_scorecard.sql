-- Every KPI in long form, whole-business, against its target and alert
-- threshold. The headline measure of each KPI is the one its mart's ratio
-- column holds; the choices for KPIs with several are in the YAML.
with

measures as (

    {{ scorecard_kpi(
        'conversion_rate',
        ref('kpi_conversion_rate'),
        'date_day',
        'orders',
        'sessions'
    ) }}
    union all
    {{ scorecard_kpi(
        'bounce_rate',
        ref('kpi_bounce_rate'),
        'date_day',
        'bounced_sessions',
        'sessions'
    ) }}
    union all
    {{ scorecard_kpi(
        'avg_session_duration',
        ref('kpi_avg_session_duration'),
        'date_day',
        'total_duration_seconds',
        'sessions'
    ) }}
    union all
    {{ scorecard_kpi(
        'cost_per_acquisition',
        ref('kpi_cost_per_acquisition'),
        'date_day',
        'marketing_cost',
        'new_customers'
    ) }}
    union all
    {{ scorecard_kpi(
        'return_rate',
        ref('kpi_return_rate'),
        'date_day',
        'items_returned',
        'items_sold'
    ) }}
    union all
    {{ scorecard_kpi(
        'return_cycle_time',
        ref('kpi_return_cycle_time'),
        'date_day',
        'total_cycle_days',
        'returns_received'
    ) }}
    union all
    {{ scorecard_kpi(
        'fulfilment_error_rate',
        ref('kpi_fulfilment_error_rate'),
        'date_day',
        'shipments_with_error',
        'shipments'
    ) }}
    union all
    {{ scorecard_kpi(
        'fulfilment_cost_per_order',
        ref('kpi_fulfilment_cost_per_order'),
        'date_day',
        'total_fulfilment_cost',
        'orders_shipped'
    ) }}
    union all
    {{ scorecard_kpi(
        'first_time_delivery_rate',
        ref('kpi_first_time_delivery_rate'),
        'date_day',
        'first_time_deliveries',
        'shipments'
    ) }}
    union all
    {{ scorecard_kpi(
        'customer_lifetime_value',
        ref('int_clv_as_of'),
        'date_day',
        'customer_lifetime_value * customers',
        'customers'
    ) }}
    union all
    {{ scorecard_kpi(
        'repeat_purchase_ratio',
        ref('kpi_repeat_purchase_ratio'),
        'cohort_date',
        'repeat_30d',
        'eligible_30d'
    ) }}
    union all
    {{ scorecard_kpi(
        'churn_rate',
        ref('kpi_churn_rate'),
        'month_start',
        'churned_customers',
        'customers_at_start'
    ) }}
    union all
    {{ scorecard_kpi(
        'net_promoter_score',
        ref('kpi_net_promoter_score'),
        'date_day',
        'promoters - detractors',
        'responses',
        scale=100
    ) }}
    union all
    {{ scorecard_kpi(
        'average_order_value',
        ref('kpi_average_order_value'),
        'date_day',
        'net_revenue',
        'orders'
    ) }}
    union all
    {{ scorecard_kpi(
        'cross_sell_ratio',
        ref('kpi_cross_sell_ratio'),
        'date_day',
        'cross_sell_customers',
        'customers'
    ) }}
    union all
    {{ scorecard_kpi(
        'upsell_ratio',
        ref('kpi_upsell_ratio'),
        'date_day',
        'upsell_customers',
        'eligible_customers'
    ) }}
    union all
    {{ scorecard_kpi(
        'discount_margin_impact',
        ref('kpi_discount_margin_impact'),
        'date_day',
        'discount_amount',
        'gross_revenue - cogs'
    ) }}
    union all
    {{ scorecard_kpi(
        'visitors_per_day',
        ref('kpi_visitors_per_day'),
        'date_day',
        'visitors'
    ) }}
    union all
    {{ scorecard_kpi(
        'store_conversion_rate',
        ref('kpi_store_conversion_rate'),
        'date_day',
        'transactions',
        'visitors',
        where='visitors is not null'
    ) }}
    union all
    {{ scorecard_kpi(
        'reach_impressions',
        ref('kpi_reach_impressions'),
        'date_day',
        'impressions'
    ) }}
    union all
    {{ scorecard_kpi(
        'click_through_rate',
        ref('kpi_click_through_rate'),
        'date_day',
        'clicks',
        'impressions'
    ) }}
    union all
    {{ scorecard_kpi(
        'cost_per_conversion',
        ref('kpi_cost_per_conversion'),
        'date_day',
        'ad_cost',
        'conversions'
    ) }}

),

targets as (

    select * from {{ ref('int_kpi_targets') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

final as (

    select
        measures.date_day,
        measures.kpi_name,
        measures.numerator,
        measures.denominator,
        measures.kpi_value as value,
        targets.target,
        targets.alert_threshold,
        case
            when measures.kpi_value is null then 'no_data'
            when
                targets.direction = 'higher_is_better'
                and measures.kpi_value < targets.alert_threshold
                then 'alert'
            when
                targets.direction = 'lower_is_better'
                and measures.kpi_value > targets.alert_threshold
                then 'alert'
            else 'ok'
        end as status,
        targets.owner_role,
        targets.direction
    from measures
    cross join as_of
    left join targets
        on measures.kpi_name = targets.kpi_name
    where measures.date_day <= as_of.as_of_date

)

select * from final
