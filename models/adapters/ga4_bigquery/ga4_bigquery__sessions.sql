-- GA4 sessions as raw contract `sessions` (D84): one row per session of
-- ga4_bigquery__session_context, ids prefixed `ga4:`, times in whole seconds
-- UTC. A consent-mode session and a file issue carry their rule in
-- dq_file_issue (quarantined by staging); a session without a page_view has
-- pageviews 0 and no landing page, which staging quarantines. Beside the
-- contract's columns (raw_source reads only those): GA4's own engagement
-- flag and channel group, for a reader comparing with GA4's reports.
with

sessions as (

    select * from {{ ref('ga4_bigquery__session_context') }}

),

final as (

    select
        session_id,
        visitor_id,
        customer_id,
        {{ ga4_timestamp_text('first_micros') }} as session_start_at,
        cast((last_micros - first_micros) // 1000000 as varchar)
            as duration_seconds,
        cast(pageviews as varchar) as pageviews,
        cast(interactions as varchar) as interactions,
        device_category,
        channel,
        campaign_id,
        landing_page,
        dq_file_issue,
        is_session_engaged as session_engaged,
        ga4_channel_group
    from sessions

)

select * from final
