with account_lines as (
    select * from lines
    where customer_id is not null and not is_unreadable
),

ordering as (
    select distinct customer_id
    from lines
    where
        invoice_kind = 'sale' and has_priced_product and customer_id is not null
),

profile as (
    select
        customer_id,
        min(utc_at) as created_at,
        arg_max(country, (utc_at, src_row)) as country,
        median(quantity) filter (
            where outcome = 'mapped' and reason = 'order line'
        )
            as median_quantity
    from account_lines
    group by customer_id
)

select
    profile.customer_id,
    cast(null as varchar) as email,
    case
        when profile.median_quantity >= {wholesale_median_quantity} then 'b2b'
        else 'b2c'
    end as customer_type,
    coalesce(country_codes.code, {unknown_country}) as country_code,
    profile.created_at
from profile
inner join ordering on profile.customer_id = ordering.customer_id
left join country_codes on profile.country = country_codes.name
order by profile.customer_id
