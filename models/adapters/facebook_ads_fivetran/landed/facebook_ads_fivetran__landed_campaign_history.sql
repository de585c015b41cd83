-- the loader's table `campaign_history`, as landed (macro landed_table)
select *
from
    {{ landed_table('facebook_ads_fivetran', 'campaign_history') }}
        as landed
