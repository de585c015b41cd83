-- No product view is quarantined for its session while that session passed.
-- After an incremental run this would mean the view was judged against an
-- older state of the sessions (decision D98 says when a view dated before
-- the window is judged again). Fix: run `dbt build --full-refresh`.
with

held_views as (

    select * from {{ ref('base_web_analytics__product_views') }}
    where dq_rule like 'session_id: %'

),

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}

)

select
    held_views.view_id,
    held_views.session_id,
    held_views.dq_rule
from held_views
inner join sessions
    on held_views.session_id = sessions.session_id
