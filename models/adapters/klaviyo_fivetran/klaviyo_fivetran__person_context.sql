-- One row per landed Klaviyo profile (D83): its pseudonymous id and, when
-- option customer_ids says what a profile's external_id is, the shop's
-- customer id (macro klaviyo_customer_prefix); else no customer. The
-- profile's e-mail address is never read. Set aside: an older sync of a
-- repeated id, and a profile deleted in Klaviyo (its events with it).
{%- set prefix = klaviyo_customer_prefix() %}
with

persons as (

    select * from {{ ref('klaviyo_fivetran__landed_person') }}

),

parsed as (

    select
        {{ landed_text('id') }} as source_person_id,
        {%- if prefix is none %}
            cast(null as varchar) as customer_id,
        {%- else %}
            '{{ prefix }}' || {{ landed_text('external_id') }} as customer_id,
        {%- endif %}
        coalesce({{ landed_bool('_fivetran_deleted') }}, false) as is_deleted,
        coalesce(
            row_number() over (
                partition by {{ landed_text('id') }}
                order by
                    {{ landed_timestamp('_fivetran_synced') }} desc nulls last,
                    {{ landed_text('external_id') }}
            ) > 1
            and {{ landed_text('id') }} is not null,
            false
        ) as is_repeated
    from persons

),

final as (

    select
        *,
        case
            when is_repeated then 'a repeated id (an older sync of the row)'
            when is_deleted then 'deleted in Klaviyo (_fivetran_deleted)'
        end as set_aside_reason
    from parsed

)

select * from final
