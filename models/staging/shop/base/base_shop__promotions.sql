with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('promotions') }}

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
