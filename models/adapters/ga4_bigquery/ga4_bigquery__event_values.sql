-- One row per landed GA4 event (D84), its nested values read once into
-- flat columns: the event's key (ga4_event_key), file, name and time, who
-- (user_pseudo_id, user_id), the session id and page of its parameters,
-- the device, the traffic it collected (collected_traffic_source; never
-- traffic_source, the user's first touch) and its Google Ads click.
with

events as (

    select * from {{ ref('ga4_bigquery__landed_events') }}

),

keyed as (

    select
        *,
        {{ ga4_event_key() }} as event_key,
        {{ ga4_param_keys('event_params') }} as param_keys
    from events

),

params as (

    select
        *,
        {{ ga4_param_text('event_params', 'param_keys', 'ga_session_id') }}
            as param_session_id,
        {{ ga4_param_text('event_params', 'param_keys', 'page_location') }}
            as param_page_location,
        {{ ga4_param_text('event_params', 'param_keys', 'session_engaged') }}
            as param_session_engaged,
        struct_extract(collected_traffic_source, 'manual_source')
            as collected_source,
        struct_extract(collected_traffic_source, 'manual_medium')
            as collected_medium,
        struct_extract(collected_traffic_source, 'manual_campaign_name')
            as collected_campaign_name,
        struct_extract(collected_traffic_source, 'manual_campaign_id')
            as collected_campaign_id,
        struct_extract(collected_traffic_source, 'gclid') as collected_gclid,
        struct_extract(
            struct_extract(
                session_traffic_source_last_click, 'google_ads_campaign'
            ),
            'campaign_id'
        ) as last_click_google_ads_campaign_id
    from keyed

),

final as (

    select
        event_key,
        landed_file,
        {{ ga4_is_intraday('landed_file') }} as is_intraday,
        {{ landed_text('event_name') }} as event_name,
        event_timestamp as event_micros,
        {{ landed_text('user_pseudo_id') }} as user_pseudo_id,
        {{ landed_text('user_id') }} as user_id,
        {{ landed_text('param_session_id') }} as ga_session_id,
        {{ landed_text('param_page_location') }} as page_location,
        {{ landed_text('param_session_engaged') }} as session_engaged,
        {{ landed_text("struct_extract(device, 'category')") }}
            as device_category,
        {{ landed_text('collected_source') }} as manual_source,
        {{ landed_text('collected_medium') }} as manual_medium,
        {{ landed_text('collected_campaign_name') }} as manual_campaign_name,
        {{ landed_text('collected_campaign_id') }} as manual_campaign_id,
        {{ landed_text('collected_gclid') }} as gclid,
        {{ landed_text('last_click_google_ads_campaign_id') }}
            as google_ads_campaign_id,
        {{ landed_text("struct_extract(ecommerce, 'transaction_id')") }}
            as transaction_id,
        dq_file_issue
    from params

)

select * from final
