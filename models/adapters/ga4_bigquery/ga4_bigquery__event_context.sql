-- One row per landed GA4 event (D84) with its fate decided once. A session
-- is user_pseudo_id + ga_session_id (the id alone is a start time in
-- seconds, shared by users), across midnight and daily files. Set aside,
-- each with its reason: a row of an events_intraday_ file, the second copy
-- of an event exported twice (same ga4_event_key), an event without a
-- time, and an event without ga_session_id. Consent mode (no
-- user_pseudo_id): the events of one ga_session_id, or without one each
-- session_start (a cookieless ping starts one per page load), are a session
-- quarantined by name; its other events are set aside. A row of a file
-- issue is a session of its own, quarantined by its issue.
{%- set prefix = ga4_customer_prefix() %}
with

events as (

    select * from {{ ref('ga4_bigquery__event_values') }}

),

ranked as (

    select
        *,
        not is_intraday and event_key is not null and row_number() over (
            partition by event_key, is_intraday
            order by landed_file
        ) > 1 as is_duplicate
    from events

),

fated as (

    select
        *,
        case
            when dq_file_issue is not null then null
            when is_intraday
                then 'an events_intraday_ file (the daily table replaces it)'
            when is_duplicate then 'a duplicate event (exported twice)'
            when event_micros is null then 'no event_timestamp'
            when
                user_pseudo_id is null
                and ga_session_id is null
                and coalesce(event_name, '') != 'session_start'
                then 'no user_pseudo_id nor ga_session_id (consent mode)'
            when ga_session_id is null and user_pseudo_id is not null
                then 'no ga_session_id'
        end as set_aside_reason
    from ranked

),

sessioned as (

    select
        *,
        case
            when dq_file_issue is not null then null
            when user_pseudo_id is not null
                then 'ga4:' || user_pseudo_id || ':' || ga_session_id
            else 'ga4:(consent mode):' || coalesce(ga_session_id, event_key)
        end as session_id,
        coalesce(
            manual_source, manual_medium, manual_campaign_name,
            manual_campaign_id, gclid
        ) is not null as has_traffic
    from fated

),

keyed as (

    select
        *,
        coalesce(
            session_id,
            '(file issue) ' || cast(row_number() over () as varchar)
        ) as session_key
    from sessioned

),

final as (

    select
        event_key,
        landed_file,
        event_name,
        event_micros,
        session_id,
        session_key,
        case
            when user_pseudo_id is not null then 'ga4:' || user_pseudo_id
        end as visitor_id,
        {%- if prefix is none %}
            cast(null as varchar) as customer_id,
        {%- else %}
            '{{ prefix }}' || user_id as customer_id,
        {%- endif %}
        page_location,
        coalesce(session_engaged in ('1', '1.0'), false) as is_engaged_event,
        device_category,
        has_traffic,
        manual_source,
        manual_medium,
        manual_campaign_name,
        manual_campaign_id,
        gclid,
        google_ads_campaign_id,
        transaction_id,
        is_intraday,
        is_duplicate,
        coalesce(
            dq_file_issue,
            case
                when user_pseudo_id is null
                    then 'user_pseudo_id: none (consent mode)'
            end
        ) as dq_file_issue,
        set_aside_reason,
        set_aside_reason is null and row_number() over (
            partition by session_key, set_aside_reason is null
            order by event_micros, event_key
        ) = 1 as is_session_first,
        set_aside_reason is null and has_traffic and row_number() over (
            partition by session_key, set_aside_reason is null, has_traffic
            order by event_micros, event_key
        ) = 1 as is_session_traffic
    from keyed

)

select * from final
