with

source as (

    select * from {{ raw_source('campaigns') }}

),

final as (

    select
        nullif(trim(campaign_id), '') as campaign_id,
        nullif(trim(campaign_name), '') as campaign_name,
        nullif(lower(trim(platform)), '') as platform,
        nullif(lower(trim(channel)), '') as channel,
        nullif(lower(trim(objective)), '') as objective
    from source

)

select * from final
