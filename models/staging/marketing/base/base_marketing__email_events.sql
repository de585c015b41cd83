{#- A recipient id that contains an @ is taken for an e-mail address: it is
    quarantined, and its raw row keeps only the salted hash (D78). -#}
{%- set looks_like_email = "trim(recipient_id) like '%@%'" -%}
{%- set raw_rows = raw_source('email_events', masked={
    'recipient_id': 'case when ' ~ looks_like_email ~ ' then '
        ~ hash_pii('recipient_id') ~ ' else recipient_id end'
}) %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['event_id']) }}

),

source as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['event_id']) }}

),

campaigns as (

    select * from {{ ref('base_marketing__campaigns') }}

),

customers as (

    select * from {{ ref('base_shop__customers') }}

),

typed as {{ not_materialized() }} (

    select
        {{ star_except(['recipient_id']) }},
        coalesce({{ looks_like_email }}, false) as dq_is_email_address,
        case
            when not coalesce({{ looks_like_email }}, false)
                then recipient_id
        end as recipient_id
    from source

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when event_id is null then 'event_id: missing'
                when campaign_id is null then 'campaign_id: missing'
                when dq_is_email_address
                    then 'recipient_id: looks like an e-mail address'
                when recipient_id is null then 'recipient_id: missing'
                when event_type is null then 'event_type: missing'
                when
                    event_type not in (
                        'delivered', 'opened', 'clicked', 'bounced',
                        'unsubscribed'
                    )
                    then 'event_type: not an allowed value'
                when event_at is null then 'event_at: missing'
            end
        ) as dq_row_rule
    from typed

),

deduplicated as (

    select *
    from {{ dq_deduplicate('row_checked', ['event_id'], 'event_at') }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.campaign_id', 'campaign_status', 'campaigns'
            ) }},
            {{ dq_reference(
                'deduplicated.customer_id', 'customer_status', 'customers'
            ) }}
        ) as dq_rule
    from deduplicated
    left join
        {{ dq_parent('campaigns', 'campaign_id') }} as campaign_status
        on deduplicated.campaign_id = campaign_status.parent_key
    left join
        {{ dq_parent('customers', 'customer_id') }} as customer_status
        on deduplicated.customer_id = customer_status.parent_key

)

select {{ dq_base_columns(
    'email_events', exclude=['dq_is_repeated', 'dq_is_email_address']
) }}
from final
