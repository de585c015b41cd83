-- the loader's table `account_history`, as landed (macro landed_table)
select *
from
    {{ landed_table('facebook_ads_fivetran', 'account_history') }}
        as landed
