{% macro source_adapter_registry() -%}
    {#- Every source adapter the project has (decision D71): the platform
        that prefixes its ids, the contract tables it fills, and the options
        its entry in var source_adapters may carry besides path or schema.
        The models of adapter <name> live in models/adapters/<name>/; the
        one that fills contract table <table> is <name>__<table>.
        `files` (optional): landed table -> the file-name glob of its files
        in the adapter's folder, for platforms whose exports carry their
        own names (landed_table); `header_words`: the files' headers are
        words (`Lineitem sku`), matched to the declared column names as
        lower-case words joined by `_` (`lineitem_sku`). -#}
    {{ return({
        'shopify_fivetran': {
            'platform': 'shopify',
            'tables': ['customers', 'products', 'stores', 'warehouses', 'orders',
                'order_lines', 'returns', 'shipments'],
            'options': {
                'b2b_tag': 'b2b',
                'promised_delivery_days': 3,
                'shift': 'early',
                'picking_method': 'single_order',
                'shipments_from_fulfillments': true,
            },
        },
        'shopify_csv': {
            'platform': 'shopify',
            'tables': ['customers', 'products', 'stores', 'orders', 'order_lines'],
            'files': {
                'orders_export': 'orders_export*.csv',
                'products_export': 'products_export*.csv',
            },
            'header_words': true,
            'options': {
                'b2b_tag': 'b2b',
                'shop_currency': '',
            },
        },
        'woocommerce': {
            'platform': 'woocommerce',
            'tables': ['customers', 'products', 'product_complements', 'promotions',
                'orders', 'order_lines', 'returns'],
            'options': {
                'store_currency': '',
                'b2b_from_company': true,
            },
        },
        'google_ads_fivetran': {
            'platform': 'google_ads',
            'tables': ['campaigns', 'ad_performance'],
            'options': {},
        },
        'facebook_ads_fivetran': {
            'platform': 'meta_ads',
            'tables': ['campaigns', 'ad_performance'],
            'options': {
                'purchase_action_type': 'offsite_conversion.fb_pixel_purchase',
            },
        },
        'klaviyo_fivetran': {
            'platform': 'klaviyo',
            'tables': ['campaigns', 'email_events'],
            'options': {
                'customer_ids': '',
            },
        },
        'ga4_bigquery': {
            'platform': 'ga4',
            'tables': ['sessions', 'product_views'],
            'options': {
                'customer_ids': '',
                'product_ids': 'item_id',
                'transaction_ids': 'order_id',
            },
        },
    }) }}
{%- endmacro %}


{% macro source_adapters() -%}
    {#- The var source_adapters, validated: adapter name -> {path: FOLDER}
        or {schema: NAME} (NAME: a schema of the target database, or
        `database.schema` of a database attached in profiles.yml), plus the
        adapter's options (defaults from source_adapter_registry). Unset or
        empty: {}. Returns name -> {path, schema, database, options,
        platform}. -#}
    {%- set configured = var('source_adapters', {}) -%}
    {%- if configured in (none, '', 'None') -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set registry = source_adapter_registry() -%}
    {%- if configured is not mapping -%}
        {{ exceptions.raise_compiler_error(
            "var source_adapters must map an adapter name to {path: FOLDER} or "
            ~ "{schema: NAME}, e.g. {shopify_fivetran: {path: /data/shopify}}; got: "
            ~ configured) }}
    {%- endif -%}
    {%- set adapters = {} -%}
    {%- for name, entry in configured.items() -%}
        {%- if name not in registry -%}
            {{ exceptions.raise_compiler_error(
                "var source_adapters: unknown adapter " ~ name ~ "; the adapters are: "
                ~ registry.keys() | sort | join(', ')) }}
        {%- endif -%}
        {%- if entry is not mapping
            or (('path' in entry) == ('schema' in entry)) -%}
            {{ exceptions.raise_compiler_error(
                "var source_adapters: " ~ name ~ " needs exactly one of {path: FOLDER} "
                ~ "(the landed tables as files) or {schema: NAME} (a schema of the "
                ~ "target database); got: " ~ entry) }}
        {%- endif -%}
        {%- set options = dict(registry[name].options) -%}
        {%- for key, value in entry.items() if key not in ('path', 'schema') -%}
            {%- if key not in options -%}
                {{ exceptions.raise_compiler_error(
                    "var source_adapters: " ~ name ~ ": unknown option " ~ key
                    ~ "; allowed: path or schema, " ~ options.keys() | sort | join(', ')) }}
            {%- endif -%}
            {%- do options.update({key: value}) -%}
        {%- endfor -%}
        {%- set where = {'path': '', 'schema': '', 'database': none} -%}
        {%- if 'path' in entry -%}
            {%- do where.update({'path': plain_path(entry.path, 'source_adapters.' ~ name ~ '.path')}) -%}
        {%- else -%}
            {#- `schema` or `database.schema` (an attached loader's file) -#}
            {%- set parts = (entry.schema | string).split('.') -%}
            {%- if parts | length > 2 -%}
                {{ exceptions.raise_compiler_error(
                    "var source_adapters." ~ name ~ ".schema must be a schema or "
                    ~ "database.schema, got: " ~ entry.schema) }}
            {%- endif -%}
            {%- for part in parts -%}
                {%- do plain_schema(part, 'source_adapters.' ~ name ~ '.schema') -%}
            {%- endfor -%}
            {%- do where.update({
                'schema': parts[-1],
                'database': parts[0] if parts | length == 2 else target.get('database')}) -%}
        {%- endif -%}
        {#- ids are unique by their platform's prefix: two adapters of one
            platform (Shopify through Fivetran and Shopify's CSV exports)
            would key the same or two shops' rows alike -#}
        {%- for other, read in adapters.items() if read.platform == registry[name].platform -%}
            {{ exceptions.raise_compiler_error(
                "var source_adapters: " ~ other ~ " and " ~ name ~ " both read "
                ~ registry[name].platform ~ " (ids prefixed " ~ registry[name].platform
                ~ ":); configure one of them") }}
        {%- endfor -%}
        {%- do adapters.update({name: {
            'path': where.path, 'schema': where.schema, 'database': where.database,
            'options': options,
            'platform': registry[name].platform}}) -%}
    {%- endfor -%}
    {%- if adapters and target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error(
            "var source_adapters works on the DuckDB targets only (got " ~ target.type
            ~ "); see docs/adapters/README.md") }}
    {%- endif -%}
    {{ return(adapters) }}
{%- endmacro %}


{% macro source_adapter_option(name, key) -%}
    {#- One option of adapter `name`: the user's value or the registry's
        default (also when the adapter is not configured, e.g. in unit
        tests). -#}
    {%- set configured = source_adapters() -%}
    {%- if name in configured -%}
        {{ return(configured[name].options[key]) }}
    {%- endif -%}
    {{ return(source_adapter_registry()[name].options[key]) }}
{%- endmacro %}


{% macro source_adapter_models(table_name) -%}
    {#- The adapter models that fill contract table `table_name` in this
        build: <adapter>__<table> for every configured adapter that fills
        it. -#}
    {%- set models = [] -%}
    {%- set registry = source_adapter_registry() -%}
    {%- set names = source_adapters().keys() -%}
    {#- parsed with var build_all_adapters (the CI and test builds): a DAG
        edge to every adapter's model, so that one parsed project runs with
        any adapters configured (decision D76); the SQL still reads only the
        configured ones -#}
    {%- if not execute and var('build_all_adapters', false) in [true, 'true', 'True'] -%}
        {%- set names = registry.keys() -%}
    {%- endif -%}
    {%- for name in names | sort -%}
        {%- if table_name in registry[name].tables -%}
            {%- do models.append(name ~ '__' ~ table_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(models) }}
{%- endmacro %}


{% macro plain_path(value, what) -%}
    {#- A folder path from a var, validated: no quotes or other characters
        that could break out of SQL; '' when unset. -#}
    {%- set path = value | string | trim -%}
    {%- if path in ('', 'None') -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not modules.re.match('^[A-Za-z0-9_./\\\\:~ +-]+$', path) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ what ~ " must be a plain folder path (letters, digits, "
            ~ "space and _ . / \\ : ~ + -), got: " ~ path) }}
    {%- endif -%}
    {{ return(path.rstrip('/')) }}
{%- endmacro %}


{% macro plain_schema(value, what) -%}
    {#- A schema name from a var, validated; '' when unset. -#}
    {%- set name = value | string | trim -%}
    {%- if name in ('', 'None') -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', name) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ what ~ " must be a plain schema name (letters, digits, _), got: " ~ name) }}
    {%- endif -%}
    {{ return(name) }}
{%- endmacro %}
