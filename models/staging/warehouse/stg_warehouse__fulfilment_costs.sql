with

source as (

    select * from {{ raw_source('fulfilment_costs') }}

),

final as (

    select
        -- dates (already local)
        {{ dbt.safe_cast('cost_date', 'date') }} as cost_date,

        -- ids and attributes
        nullif(trim(warehouse_id), '') as warehouse_id,
        nullif(lower(trim(cost_type)), '') as cost_type,

        -- amounts
        {{ dbt.safe_cast('amount', 'decimal(18, 2)') }} as amount
    from source

)

select * from final
