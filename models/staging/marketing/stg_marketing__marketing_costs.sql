with

source as (

    select * from {{ raw_source('marketing_costs') }}

),

final as (

    select
        -- dates (already local)
        {{ dbt.safe_cast('cost_date', 'date') }} as cost_date,

        -- attributes
        nullif(lower(trim(channel)), '') as channel,
        nullif(lower(trim(cost_type)), '') as cost_type,

        -- amounts
        {{ dbt.safe_cast('amount', 'decimal(18, 2)') }} as amount
    from source

)

select * from final
