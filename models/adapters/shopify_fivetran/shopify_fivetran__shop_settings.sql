-- The shop's settings, one row (an aggregate: also without a landed shop):
-- its currency (GraphQL `currency_code` or REST `currency`) and whether its
-- prices include tax. Deleted shop rows are not read (D71).
select
    max(
        upper(coalesce(
            {{ landed_text('currency_code') }},
            {{ landed_text('currency') }}
        ))
    ) as currency,
    bool_or({{ landed_bool('taxes_included') }}) as taxes_included
from {{ ref('shopify_fivetran__landed_shop') }}
where not coalesce({{ landed_bool('_fivetran_deleted') }}, false)
