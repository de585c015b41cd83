-- the loader's table `campaign_stats`, as landed (macro landed_table)
select *
from {{ landed_table('google_ads_fivetran', 'campaign_stats') }} as landed
