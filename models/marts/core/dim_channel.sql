-- Every channel a mart can carry: the session channels, plus `store` and
-- `unattributed` for acquisition channels.
with

channels as (

    select
        channel_list.channel_name as channel,
        channel_list.channel_group,
        channel_list.is_paid
    from (
        values
        ('organic_search', 'organic', false),
        ('paid_search', 'paid', true),
        ('paid_social', 'paid', true),
        ('organic_social', 'organic', false),
        ('email', 'owned', false),
        ('display', 'paid', true),
        ('affiliate', 'paid', true),
        ('referral', 'organic', false),
        ('direct', 'direct', false),
        ('store', 'offline', false),
        ('unattributed', 'unknown', false)
    ) as channel_list (channel_name, channel_group, is_paid)

),

final as (

    select
        channel,
        channel_group,
        is_paid
    from channels

)

select * from final
