-- the loader's table `basic_ad_actions`, as landed (macro landed_table)
select *
from
    {{ landed_table('facebook_ads_fivetran', 'basic_ad_actions') }}
        as landed
