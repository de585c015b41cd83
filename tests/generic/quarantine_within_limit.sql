{% test quarantine_within_limit(model, source_table) %}
{#- Stops the build (an error, so everything downstream of this staging
    model is skipped and never reaches BI) when the share of quarantined
    rows of a raw table passes var dq_max_rejected_share (default 0.05).
    The message names the table, the rules and a few example keys. -#}
{%- set limit = number_var('dq_max_rejected_share', 0.05) | float -%}
{%- set base = ref(dq_tables()[source_table]['base']) -%}
{%- if execute and load_relation(base) is not none -%}
    {%- set counts = run_query(
        "select count(*), count(dq_rule) from " ~ base) -%}
    {%- set raw_rows = counts.rows[0][0] -%}
    {%- set rejected = counts.rows[0][1] -%}
    {%- if raw_rows > 0 and rejected / raw_rows > limit -%}
        {%- set rules = run_query(
            "select dq_rule, count(*) as n, string_agg(row_key, ', ') filter (where rn <= 3) "
            ~ "from (select dq_rule, " ~ dq_row_key(source_table) ~ " as row_key, "
            ~ "row_number() over (partition by dq_rule order by dq_raw_row) as rn from "
            ~ base ~ " where dq_rule is not null) "
            ~ "group by dq_rule order by n desc, dq_rule limit 5") -%}
        {%- set lines = [] -%}
        {%- for row in rules.rows -%}
            {%- do lines.append("  - " ~ row[0] ~ ": " ~ row[1] ~ " rows, e.g. " ~ row[2]) -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "Quarantine limit exceeded for raw table '" ~ source_table ~ "': "
            ~ rejected ~ " of " ~ raw_rows ~ " rows ("
            ~ "%.1f" | format(100 * rejected / raw_rows) ~ " %) broke a rule, the limit is "
            ~ "%.1f" | format(100 * limit) ~ " % (var dq_max_rejected_share). "
            ~ "The KPI marts are not built from this feed. Rules broken:\n"
            ~ lines | join("\n")) }}
    {%- endif -%}
{%- endif -%}

select 1 as quarantine_limit_exceeded
where 1 = 0

{% endtest %}
