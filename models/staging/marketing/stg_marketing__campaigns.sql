with

source as (

    select * from {{ raw_source('campaigns') }}

),

final as (

    select
        trim(campaign_id) as campaign_id,
        trim(campaign_name) as campaign_name,
        lower(trim(platform)) as platform,
        lower(trim(channel)) as channel,
        lower(trim(objective)) as objective
    from source

)

select * from final
