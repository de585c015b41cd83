-- the loader's table `person`, as landed (macro landed_table)
select *
from {{ landed_table('klaviyo_fivetran', 'person') }} as landed
