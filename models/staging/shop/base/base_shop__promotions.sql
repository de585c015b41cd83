with

source as (

    select * from {{ raw_source('promotions') }}

),

typed as (

    select
        -- quarantine inputs
        {{ dq_raw_row('promotions') }} as dq_raw_row,
        dq_file_issue,
        {{ dq_unparsed([
            ['starts_on', 'date', 'date'],
            ['ends_on', 'date', 'date'],
        ]) }} as dq_unparsed,

        -- ids and attributes
        nullif(trim(promotion_id), '') as promotion_id,
        nullif(trim(promotion_name), '') as promotion_name,
        nullif(lower(trim(promotion_type)), '') as promotion_type,

        -- dates (already local)
        {{ dbt.safe_cast('trim(starts_on)', 'date') }} as starts_on,
        {{ dbt.safe_cast('trim(ends_on)', 'date') }} as ends_on
    from source

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when promotion_id is null then 'promotion_id: missing'
                when promotion_type is null then 'promotion_type: missing'
                when
                    promotion_type not in (
                        'percentage', 'fixed_amount', 'free_shipping', 'bundle'
                    )
                    then 'promotion_type: not an allowed value'
            end
        ) as dq_row_rule
    from typed

),

final as (

    select
        *,
        coalesce(
            dq_row_rule,
            {{ dq_duplicate(['promotion_id'], 'starts_on') }}
        ) as dq_rule
    from row_checked

)

select {{ dq_base_columns('promotions') }}
from final
