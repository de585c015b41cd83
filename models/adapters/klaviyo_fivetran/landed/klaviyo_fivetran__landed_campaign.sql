-- the loader's table `campaign`, as landed (macro landed_table)
select *
from {{ landed_table('klaviyo_fivetran', 'campaign') }} as landed
