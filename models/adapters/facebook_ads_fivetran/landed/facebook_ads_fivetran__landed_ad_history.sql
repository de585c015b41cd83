-- the loader's table `ad_history`, as landed (macro landed_table)
select *
from
    {{ landed_table('facebook_ads_fivetran', 'ad_history') }}
        as landed
