{#- GA4 facts of the ga4_bigquery adapter (D84): reading the BigQuery
    export's nested events, and the rules that turn them into sessions. -#}

{% macro ga4_landed_events(adapter_name, table_name) -%}
    {#- The events GA4 exported to BigQuery, as landed for adapter
        `adapter_name`: every `events_*.parquet`, `events_*.jsonl` and
        `events_*.json` (newline-delimited) file of the adapter's folder
        and its sub-folders, or the table `table_name` of its schema. The
        calling model declares each column it reads in its YAML with
        `meta: {ga4_type: ...}`: a scalar type (VARCHAR, BIGINT, DOUBLE) or
        a nested shape in json_transform's notation; every file's value is
        brought to that one shape (files differ: union by name, a column or
        field a file lacks is NULL, fields not declared are dropped). Plus
        `landed_file` (the file read; NULL in a schema) and `dq_file_issue`
        (a Parquet file DuckDB cannot open, a JSON line that is no JSON:
        one row each, every value NULL). Absent, or the adapter not
        configured: no rows. -#}
    {%- set declared = [] -%}
    {%- for column in model.columns.values() if (column.meta or {}).get('ga4_type') -%}
        {%- do declared.append((column.name, column.meta.ga4_type)) -%}
    {%- endfor -%}
    {%- set where = source_adapters().get(adapter_name) -%}
    {%- if where is none or not execute -%}
        {{ return(_ga4_events_empty(declared)) }}
    {%- endif -%}
    {%- if where.schema -%}
        {%- set relation = adapter.get_relation(
            database=where.database, schema=where.schema, identifier=table_name) -%}
        {%- if relation is none -%}
            {{ return(_ga4_events_empty(declared)) }}
        {%- endif -%}
        {%- set present = {} -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do present.update({column.name | lower: (column.name, column.data_type)}) -%}
        {%- endfor -%}
        {{ return(_ga4_typed_select(declared, present, relation, 'cast(null as varchar)')) }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- set parquet = _landed_glob_files(where.path ~ '/**/events_*.parquet') -%}
    {%- if parquet -%}
        {%- set issues = parquet_file_issues(parquet) -%}
        {%- set readable = parquet | reject('in', issues) | list -%}
        {%- if readable -%}
            {%- set reader = "read_parquet(" ~ sql_string_list(readable)
                ~ ", union_by_name = true, filename = true)" -%}
            {%- set present = {} -%}
            {%- for row in run_query("describe select * from " ~ reader).rows -%}
                {%- do present.update({row[0] | lower: (row[0], row[1])}) -%}
            {%- endfor -%}
            {%- do parts.append(_ga4_typed_select(declared, present, reader, 'filename')) -%}
        {%- endif -%}
        {%- for file, issue in issues.items() -%}
            {%- do parts.append(_ga4_issue_row(declared, file, issue)) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set json_files = _landed_glob_files(where.path ~ '/**/events_*.jsonl')
        + _landed_glob_files(where.path ~ '/**/events_*.json') -%}
    {%- if json_files -%}
        {%- do parts.append(_ga4_json_select(declared, json_files)) -%}
    {%- endif -%}
    {%- if not parts -%}
        {{ return(_ga4_events_empty(declared)) }}
    {%- endif -%}
    {{ return("(" ~ parts | join(" union all ") ~ ")") }}
{%- endmacro %}


{% macro _ga4_is_nested(ga4_type) -%}
    {{ return(ga4_type[0] in ('{', '[')) }}
{%- endmacro %}


{% macro _ga4_null(ga4_type) -%}
    {#- A NULL of the declared shape. -#}
    {%- if _ga4_is_nested(ga4_type) -%}
        {{ return("json_transform(json('null'), " ~ sql_string(ga4_type) ~ ")") }}
    {%- endif -%}
    {{ return("cast(null as " ~ ga4_type ~ ")") }}
{%- endmacro %}


{% macro _ga4_events_empty(declared) -%}
    (
        select
        {%- for name, ga4_type in declared %}
            {{ _ga4_null(ga4_type) }} as {{ name }},
        {%- endfor %}
            cast(null as varchar) as landed_file,
            cast(null as varchar) as dq_file_issue
        where 1 = 0
    )
{%- endmacro %}


{% macro _ga4_issue_row(declared, file, issue) -%}
    (
        select
        {%- for name, ga4_type in declared %}
            {{ _ga4_null(ga4_type) }} as {{ name }},
        {%- endfor %}
            {{ sql_string(file) }} as landed_file,
            {{ sql_string(issue) }} as dq_file_issue
    )
{%- endmacro %}


{% macro _ga4_typed_select(declared, present, relation, file_expression) -%}
    {#- The declared columns of a Parquet read or a table (`present`: lower
        name -> (name, type)) in their declared shape: a scalar by a safe
        cast, a nested value through its JSON (a struct or list by to_json;
        a loader that landed the nested value as JSON text, such as dlt,
        as that text). -#}
    (
        select
        {%- for name, ga4_type in declared %}
            {%- if name not in present %}
            {{ _ga4_null(ga4_type) }} as {{ name }},
            {%- elif not _ga4_is_nested(ga4_type) %}
            try_cast({{ adapter.quote(present[name][0]) }} as {{ ga4_type }}) as {{ name }},
            {%- elif (present[name][1] | upper).startswith(('STRUCT', 'MAP', 'UNION'))
                or present[name][1].endswith(']') %}
            json_transform(
                to_json({{ adapter.quote(present[name][0]) }}), {{ sql_string(ga4_type) }}
            ) as {{ name }},
            {%- else %}
            case
                when json_valid(cast({{ adapter.quote(present[name][0]) }} as varchar))
                    then json_transform(
                        cast({{ adapter.quote(present[name][0]) }} as varchar),
                        {{ sql_string(ga4_type) }}
                    )
            end as {{ name }},
            {%- endif %}
        {%- endfor %}
            cast({{ file_expression }} as varchar) as landed_file,
            cast(null as varchar) as dq_file_issue
        from {{ relation }}
    )
{%- endmacro %}


{% macro _ga4_json_select(declared, files) -%}
    {#- Newline-delimited JSON files (BigQuery's JSON export: INT64 written
        as strings), read line by line as text so that a line that is no
        JSON is one row with a file issue instead of a failed build. -#}
    {%- set reader = "read_csv(" ~ sql_string_list(files)
        ~ ", columns = {'line': 'VARCHAR'}, delim = chr(31), quote = '', escape = ''"
        ~ ", header = false, auto_detect = false, filename = true"
        ~ ", max_line_size = 100000000)" -%}
    (
        select
        {%- for name, ga4_type in declared %}
            {%- if _ga4_is_nested(ga4_type) %}
            case when json_valid(line) then json_transform(
                json_extract(line, '$.{{ name }}'), {{ sql_string(ga4_type) }}
            ) end as {{ name }},
            {%- else %}
            case when json_valid(line) then try_cast(
                json_extract_string(line, '$.{{ name }}') as {{ ga4_type }}
            ) end as {{ name }},
            {%- endif %}
        {%- endfor %}
            filename as landed_file,
            case
                when not json_valid(line)
                    then 'file: a line of ' || filename || ' is no JSON'
            end as dq_file_issue
        from {{ reader }}
        where trim(coalesce(line, '')) != ''
    )
{%- endmacro %}


{% macro ga4_event_key(relation_alias='') -%}
    {#- The identity of one exported event: a hash of who (user_pseudo_id),
        when (event_timestamp, microseconds), what (event_name) and its
        parameters and items, as dbt-ga4 keys events. The same event
        exported twice (a day re-exported, a file landed twice) has the
        same key; a row of a file issue has none. -#}
    {%- set p = relation_alias ~ '.' if relation_alias else '' -%}
    case
        when {{ p }}dq_file_issue is null
            then md5(concat_ws(
                '|',
                coalesce({{ p }}user_pseudo_id, ''),
                coalesce(cast({{ p }}event_timestamp as varchar), ''),
                coalesce({{ p }}event_name, ''),
                coalesce(cast(to_json({{ p }}event_params) as varchar), ''),
                coalesce(cast(to_json({{ p }}items) as varchar), '')
            ))
    end
{%- endmacro %}


{% macro ga4_is_intraday(file_expression) -%}
    {#- Whether a landed file is an `events_intraday_*` export (GA4's
        streaming table, replaced by the daily table; not read). -#}
    coalesce(regexp_matches({{ file_expression }}, '(^|[/\\\\])events_intraday_[^/\\\\]*$'), false)
{%- endmacro %}


{% macro ga4_param_keys(params) -%}
    {#- The keys of a list of event parameters, in order (computed once per
        event, then read by ga4_param). -#}
    json_extract_string(to_json({{ params }}), '$[*].key')
{%- endmacro %}


{% macro ga4_param(params, keys, key, value='string_value') -%}
    {#- The `value` field (string_value, int_value, float_value,
        double_value) of the first event parameter named `key`; `keys`:
        ga4_param_keys of `params`. NULL when there is none. -#}
    struct_extract(struct_extract(
        list_extract({{ params }}, list_position({{ keys }}, '{{ key }}')),
        'value'
    ), '{{ value }}')
{%- endmacro %}


{% macro ga4_param_text(params, keys, key) -%}
    {#- A parameter as text, whichever value field GA4 filled (a page
        location is a string, a session id an integer, engagement `1`
        either). -#}
    coalesce(
        {{ ga4_param(params, keys, key, 'string_value') }},
        cast({{ ga4_param(params, keys, key, 'int_value') }} as varchar),
        cast({{ ga4_param(params, keys, key, 'double_value') }} as varchar),
        cast({{ ga4_param(params, keys, key, 'float_value') }} as varchar)
    )
{%- endmacro %}


{% macro ga4_interaction_events() -%}
    {#- The events that count as a session's interactions (raw contract
        sessions.interactions: non-page-view user actions). Not counted:
        page_view (pageviews), the automatic session_start, first_visit,
        user_engagement and scroll, the views view_item, view_item_list and
        view_promotion, and purchase and refund (orders, not actions on the
        page). -#}
    {{ return([
        'add_to_cart', 'remove_from_cart', 'add_to_wishlist', 'view_cart',
        'begin_checkout', 'add_shipping_info', 'add_payment_info', 'search',
        'view_search_results', 'select_item', 'select_promotion', 'form_start',
        'form_submit', 'generate_lead', 'sign_up', 'login', 'share',
        'file_download', 'click', 'video_start',
    ]) }}
{%- endmacro %}


{% macro ga4_is_interaction(expression) -%}
    {#- Whether event name `expression` is one of ga4_interaction_events. -#}
    {{ expression }} in (
        {%- for name in ga4_interaction_events() %}
        '{{ name }}'{{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}


{% macro ga4_device_categories() -%}
    {#- GA4's device.category (lower case) -> the contract's
        device_category. A smart TV is a large screen without touch: desktop.
        Any other value (empty, `(not set)`) has no category: passed on as
        landed, the base model quarantines the session. -#}
    {{ return({
        'desktop': 'desktop',
        'mobile': 'mobile',
        'tablet': 'tablet',
        'smart tv': 'desktop',
    }) }}
{%- endmacro %}


{% macro ga4_device_category(expression) -%}
    case lower(trim({{ expression }}))
        {%- for category, mapped in ga4_device_categories().items() %}
            when '{{ category }}' then '{{ mapped }}'
        {%- endfor %}
        else {{ expression }}
    end
{%- endmacro %}


{% macro ga4_url_path(expression) -%}
    {#- The path of a URL: scheme and host, query string and fragment
        removed (`https://shop.example.com/c/shoes?utm_source=x#top` ->
        `/c/shoes`); `/` for a URL without a path. -#}
    coalesce(nullif(
        regexp_replace(
            regexp_replace(trim({{ expression }}), '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*', ''),
            '[?#].*$',
            ''
        ),
        ''
    ), case when {{ expression }} is not null then '/' end)
{%- endmacro %}


{% macro _ga4_id_prefix(option, field) -%}
    {#- What option `option` of ga4_bigquery says `field` is: `field` ->
        '' (the id as the shop's tables hold it); `<platform>:field` ->
        `<platform>:` (the id of a shop adapter of that platform, e.g.
        `shopify:`); empty (customer_ids only) -> none. -#}
    {%- set value = source_adapter_option('ga4_bigquery', option) -%}
    {%- set value = '' if value is none else value | string | trim -%}
    {%- if value in ('', 'None') and option == 'customer_ids' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if value == field -%}
        {{ return('') }}
    {%- endif -%}
    {%- set platforms = [] -%}
    {%- for entry in source_adapter_registry().values()
        if entry.platform not in platforms and entry.platform != 'ga4' -%}
        {%- do platforms.append(entry.platform) -%}
    {%- endfor -%}
    {%- set parts = value.split(':') -%}
    {%- if parts | length == 2 and parts[1] == field and parts[0] in platforms -%}
        {{ return(parts[0] ~ ':') }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        "var source_adapters: ga4_bigquery: option " ~ option ~ " must be "
        ~ ("empty (no customer link), " if option == 'customer_ids' else '')
        ~ field ~ ", or <platform>:" ~ field ~ " with a platform of "
        ~ platforms | sort | join(', ') ~ "; got: " ~ value) }}
{%- endmacro %}


{% macro ga4_customer_prefix() -%}
    {#- Option customer_ids: '' (default) -> none: no customer link, every
        customer_id NULL; `user_id` -> '': GA4's user_id is the shop's
        customer id as the raw tables hold it; `<platform>:user_id` ->
        `<platform>:`. -#}
    {{ return(_ga4_id_prefix('customer_ids', 'user_id')) }}
{%- endmacro %}


{% macro ga4_product_prefix() -%}
    {#- Option product_ids: `item_id` (default) -> '': an item's item_id is
        the product id as the raw tables hold it; `<platform>:item_id` ->
        `<platform>:` (e.g. `shopify:` + the item_id). -#}
    {{ return(_ga4_id_prefix('product_ids', 'item_id')) }}
{%- endmacro %}


{% macro ga4_channel_groups() -%}
    {#- The seed ga4_channel_groups when the adapter is configured (or in
        a unit test), else no rules: the adapter's models are then built
        empty (var build_all_adapters, another adapter's build), and a
        selection of models/adapters that leaves the seed out (the other
        adapters' test builds) must not need its table. The ref is always
        made: the DAG edge. -#}
    {%- set seed = ref('ga4_channel_groups') -%}
    {%- set in_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- if in_unit_test or 'ga4_bigquery' in source_adapters() -%}
        {{ return(seed) }}
    {%- endif -%}
    {{ return("(select cast(null as integer) as rule_order, "
        ~ "cast(null as varchar) as ga4_channel_group, cast(null as varchar) as source_pattern, "
        ~ "cast(null as varchar) as medium_pattern, cast(null as varchar) as campaign_pattern, "
        ~ "cast(null as varchar) as channel where 1 = 0)") }}
{%- endmacro %}


{% macro ga4_build_has_products() -%}
    {#- Whether this build reads products (a shop adapter that fills them,
        var raw_data_path or var raw_schema): without, every product view
        would be quarantined as an orphan, and a GA4-only build (no shop
        data yet) would stop at the quarantine limit; its items are set
        aside instead. -#}
    {{ return(source_adapter_models('products') | length > 0
        or raw_data_path() != '' or raw_schema() != '') }}
{%- endmacro %}


{% macro ga4_timestamp_text(micros) -%}
    {#- The raw contract's text (`YYYY-MM-DD HH:MM:SS`, UTC) of a GA4 time in
        microseconds since 1970 UTC, floored to the second. -#}
    strftime(make_timestamp({{ micros }}), '%Y-%m-%d %H:%M:%S')
{%- endmacro %}
