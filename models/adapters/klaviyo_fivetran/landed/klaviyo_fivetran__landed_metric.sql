-- the loader's table `metric`, as landed (macro landed_table)
select *
from {{ landed_table('klaviyo_fivetran', 'metric') }} as landed
