with sold as (
    select
        stock_code,
        unit_price,
        description
    from lines
    where outcome = 'mapped' and reason = 'order line'
),

prices as (
    select
        stock_code,
        unit_price,
        row_number() over (
            partition by stock_code order by count(*) desc, unit_price desc
        ) as rank
    from sold
    group by stock_code, unit_price
),

names as (
    select
        stock_code,
        description,
        row_number() over (
            partition by stock_code order by count(*) desc, description
        ) as rank
    from sold
    where description is not null
    group by stock_code, description
),

named as (
    select
        prices.stock_code,
        prices.unit_price as list_price,
        names.description as product_name
    from prices
    left join names on prices.stock_code = names.stock_code and names.rank = 1
    where prices.rank = 1
)

select
    stock_code as product_id,
    coalesce(
        nullif(regexp_extract(stock_code, '^([0-9]{{5}})', 1), ''), stock_code
    )
        as product_group_id,
    product_name,
    {category} as category,
    {brand} as brand,
    cast(list_price as decimal(18, 2)) as list_price,
    cast(0 as decimal(18, 2)) as unit_cost
from named
order by product_id
