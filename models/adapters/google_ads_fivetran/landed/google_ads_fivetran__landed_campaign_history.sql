-- the loader's table `campaign_history`, as landed (macro landed_table)
select *
from {{ landed_table('google_ads_fivetran', 'campaign_history') }} as landed
