-- the loader's table `event`, as landed (macro landed_table)
select *
from {{ landed_table('klaviyo_fivetran', 'event') }} as landed
