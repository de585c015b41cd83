-- the loader's table `flow`, as landed (macro landed_table)
select *
from {{ landed_table('klaviyo_fivetran', 'flow') }} as landed
