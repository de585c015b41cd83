-- One row per GA4 session (D84), from the events ga4_bigquery__event_context
-- keeps: start = the first event, floored to the second; duration = last -
-- first event in microseconds, then floored to seconds; pageviews =
-- page_view events; interactions = events of ga4_interaction_events();
-- landing page = the path of the first page_view; device = the first
-- event's that has one. The traffic is the first event's that collected
-- any (collected_traffic_source): source / medium, google / cpc for a gclid
-- without them, (direct) / (none) without any; its channel is the first
-- rule of seed ga4_channel_groups that matches, `referral` when none does
-- (GA4's Unassigned). Campaign: the Google Ads campaign of that event's
-- click, else its utm_id. GA4's own engagement flag is kept beside.
with

events as (

    select * from {{ ref('ga4_bigquery__event_context') }}
    where set_aside_reason is null

),

channel_groups as (

    select * from {{ ga4_channel_groups() }} as channel_groups

),

sessions as (

    select
        session_key,
        max(session_id) as session_id,
        max(visitor_id) as visitor_id,
        max(customer_id) as customer_id,
        min(event_micros) as first_micros,
        max(event_micros) as last_micros,
        count(case when event_name = 'page_view' then 1 end) as pageviews,
        count(
            case when {{ ga4_is_interaction('event_name') }} then 1 end
        ) as interactions,
        bool_or(is_engaged_event) as is_session_engaged,
        max(dq_file_issue) as dq_file_issue,
        max(case when is_session_traffic then manual_source end)
            as manual_source,
        max(case when is_session_traffic then manual_medium end)
            as manual_medium,
        max(case when is_session_traffic then manual_campaign_name end)
            as campaign_name,
        max(case when is_session_traffic then manual_campaign_id end)
            as manual_campaign_id,
        max(case when is_session_traffic then gclid end) as gclid,
        max(case when is_session_traffic then google_ads_campaign_id end)
            as google_ads_campaign_id
    from events
    group by session_key

),

firsts as (

    select
        session_key,
        event_name,
        page_location,
        device_category,
        row_number() over (
            partition by session_key, event_name = 'page_view'
            order by event_micros, event_key
        ) as page_view_rank,
        row_number() over (
            partition by session_key, device_category is null
            order by event_micros, event_key
        ) as device_rank
    from events

),

pages as (

    select
        session_key,
        max(
            case
                when event_name = 'page_view' and page_view_rank = 1
                    then {{ ga4_url_path('page_location') }}
            end
        ) as landing_page,
        max(
            case
                when device_category is not null and device_rank = 1
                    then device_category
            end
        ) as device_category
    from firsts
    group by session_key

),

traffic as (

    select
        *,
        lower(coalesce(
            manual_source, case when gclid is not null then 'google' end
        )) as traffic_source,
        lower(coalesce(
            manual_medium, case when gclid is not null then 'cpc' end
        )) as traffic_medium
    from sessions

),

-- the texts the channel rules match: a missing source or medium reads as
-- GA4 shows it ((direct) / (none), else (not set))
traffic_texts as (

    select
        *,
        coalesce(
            traffic_source,
            case
                when traffic_medium is null then '(direct)' else '(not set)'
            end
        ) as source_text,
        coalesce(
            traffic_medium,
            case when traffic_source is null then '(none)' else '(not set)' end
        ) as medium_text,
        coalesce(lower(campaign_name), '') as campaign_text
    from traffic

),

-- each distinct source / medium / campaign matched once (a rule's pattern
-- is data, compiled per row: per session it took minutes at 100 k sessions)
traffic_kinds as (

    select distinct
        source_text,
        medium_text,
        campaign_text
    from traffic_texts

),

matched as (

    select
        traffic_kinds.source_text,
        traffic_kinds.medium_text,
        traffic_kinds.campaign_text,
        min(channel_groups.rule_order) as rule_order
    from traffic_kinds
    inner join channel_groups
        on
            regexp_full_match(
                traffic_kinds.source_text,
                coalesce(channel_groups.source_pattern, '.*')
            )
            and regexp_full_match(
                traffic_kinds.medium_text,
                coalesce(channel_groups.medium_pattern, '.*')
            )
            and regexp_full_match(
                traffic_kinds.campaign_text,
                coalesce(channel_groups.campaign_pattern, '.*')
            )
    group by
        traffic_kinds.source_text,
        traffic_kinds.medium_text,
        traffic_kinds.campaign_text

),

final as (

    select
        traffic.session_key,
        traffic.session_id,
        traffic.visitor_id,
        traffic.customer_id,
        traffic.first_micros,
        traffic.last_micros,
        traffic.pageviews,
        traffic.interactions,
        pages.landing_page,
        pages.device_category as ga4_device_category,
        {{ ga4_device_category('pages.device_category') }} as device_category,
        traffic.traffic_source,
        traffic.traffic_medium,
        traffic.campaign_name,
        coalesce(channel_groups.ga4_channel_group, 'Unassigned')
            as ga4_channel_group,
        coalesce(channel_groups.channel, 'referral') as channel,
        coalesce(
            {{ google_ads_campaign_id('traffic.google_ads_campaign_id') }},
            traffic.manual_campaign_id
        ) as campaign_id,
        traffic.is_session_engaged,
        traffic.dq_file_issue
    from traffic_texts as traffic
    left join pages
        on traffic.session_key = pages.session_key
    left join matched
        on
            traffic.source_text = matched.source_text
            and traffic.medium_text = matched.medium_text
            and traffic.campaign_text = matched.campaign_text
    left join channel_groups
        on matched.rule_order = channel_groups.rule_order

)

select * from final
