-- GA4's BigQuery export `events_*` as landed (macro ga4_landed_events):
-- one row per exported event, nested columns kept nested
select *
from {{ ga4_landed_events('ga4_bigquery', 'events') }} as landed
