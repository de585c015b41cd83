-- One row per landed Klaviyo metric (D83): the contract's event_type of an
-- e-mail metric (macro klaviyo_email_metrics). Its events are read only
-- while the metric row is the latest sync of its id and not deleted; a
-- metric that is no e-mail event is set aside, and its events with it.
with

metrics as (

    select * from {{ ref('klaviyo_fivetran__landed_metric') }}

),

parsed as (

    select
        {{ landed_text('id') }} as source_metric_id,
        {{ landed_text('name') }} as metric_name,
        {{ klaviyo_event_type_case(landed_text('name')) }} as event_type,
        coalesce({{ landed_bool('_fivetran_deleted') }}, false) as is_deleted,
        coalesce(
            row_number() over (
                partition by {{ landed_text('id') }}
                order by
                    {{ landed_timestamp('_fivetran_synced') }} desc nulls last,
                    {{ landed_text('name') }}
            ) > 1
            and {{ landed_text('id') }} is not null,
            false
        ) as is_repeated,
        dq_file_issue
    from metrics

),

final as (

    select
        *,
        case
            when is_repeated then 'a repeated id (an older sync of the row)'
            when is_deleted then 'deleted in Klaviyo (_fivetran_deleted)'
            when event_type is null then 'not an e-mail metric'
        end as set_aside_reason
    from parsed

)

select * from final
