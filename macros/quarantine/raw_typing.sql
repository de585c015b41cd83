{% macro raw_type_label(data_type) -%}
    {#- The text format a raw column of `data_type` (its spec type) must
        have, named as its rule names it (`<column>: not a valid <label>`):
        integer, amount, rate, timestamp, date; none for text. -#}
    {%- set labels = {
        'integer': 'integer',
        'bigint': 'integer',
        'decimal(18,2)': 'amount',
        'decimal(18,8)': 'rate',
        'timestamp': 'timestamp',
        'date': 'date',
    } -%}
    {%- if data_type is none -%}
        {{ exceptions.raise_compiler_error(
            "a raw column without a data_type: the spec gives every column one (D49)") }}
    {%- endif -%}
    {%- set key = data_type | lower | replace(' ', '') -%}
    {%- if key == 'varchar' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if key not in labels -%}
        {{ exceptions.raise_compiler_error(
            "raw column type " ~ data_type ~ " has no text format; the spec's types are "
            ~ "varchar, " ~ labels.keys() | join(', ')) }}
    {%- endif -%}
    {{ return(labels[key]) }}
{%- endmacro %}


{% macro raw_native_columns(spec_columns, source_types) -%}
    {#- The typed fast path (D101): the spec columns whose source column
        (source_types: spec column -> the type of the source column it is
        read from) is read as it is instead of going through text, as a
        mapping column -> true when the type is exactly the spec's, false
        when it is a narrower number type whose values are numbers of the
        spec's format (raw_number_widens: BIGINT for an integer column,
        DECIMAL(10,1) for an amount), checked for range by a cast. DuckDB
        only: a Spark column's text form depends on the session's time
        zone, so Spark tables keep the text path. -#}
    {%- set native = {} -%}
    {%- if target.type != 'duckdb' -%}
        {{ return(native) }}
    {%- endif -%}
    {%- for column in spec_columns if raw_type_label(column.data_type) is not none -%}
        {%- set source_type = (source_types.get(column.name) or '') | upper | replace(' ', '') -%}
        {%- if source_type == column.data_type | upper | replace(' ', '') -%}
            {%- do native.update({column.name: true}) -%}
        {%- elif raw_number_widens(source_type, raw_type_label(column.data_type)) -%}
            {%- do native.update({column.name: false}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(native) }}
{%- endmacro %}


{% macro raw_number_widens(source_type, label) -%}
    {#- Whether a value of DuckDB number type `source_type` is a number of
        `label`'s format (dq_unparsed), so that only the range (and a
        rate's sign) is left to check: any integer type for integers,
        amounts and rates; a DECIMAL with at most 2 (amount) or 8 (rate)
        decimals. Its text has that format too, except for a DECIMAL(s,s),
        which DuckDB writes without its leading zero (`.85`): read as a
        number it passes, as on Spark (D101). -#}
    {%- set integers = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT',
        'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'] -%}
    {%- set max_scale = {'amount': 2, 'rate': 8}.get(label) -%}
    {%- if label in ('integer', 'amount', 'rate') and source_type in integers -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set decimal = modules.re.fullmatch('DECIMAL\\(([0-9]+),([0-9]+)\\)', source_type) -%}
    {{ return(max_scale is not none and decimal is not none
        and decimal.group(2) | int <= max_scale) }}
{%- endmacro %}


{% macro raw_typed_rows(table_name, rows, native={}, masked={}) -%}
    {#- The rows of one raw table typed as its spec says (D101), from
        `rows`: a subquery of the spec's columns, as text or, for the
        columns in `native`, already in the spec's type, plus
        dq_file_issue. Per column:
        - text: trimmed, '' is NULL, lower- or upper-cased as the spec's
          `normalize` says;
        - typed: trimmed text cast to the spec type, or the native value;
          named by the spec's `staging_name` if it has one.
        Plus `dq_unparsed`, the first typed column (in spec order) whose
        value is present but not of its type's text format (see
        dq_unparsed), and `dq_raw_row`, the raw values as a struct of text
        (columns in `masked` replaced by the given SQL expression, e.g. a
        hash of the e-mail). A native value (`native`: raw_native_columns)
        gets the same verdict as its text form would (dq_native_unparsed;
        one exception, DECIMAL(s,s): raw_number_widens). -#}
    {%- set spec_columns = raw_table_spec(table_name).columns -%}
    {%- set raw_fields = {} -%}
    {%- set unparsed = [] -%}
    {%- for column in spec_columns -%}
        {%- set name = column.name -%}
        {%- do raw_fields.update({name: "cast(" ~ masked.get(name, name) ~ " as "
            ~ dbt.type_string() ~ ")"}) -%}
        {%- set label = raw_type_label(column.data_type) -%}
        {%- if label is not none -%}
            {%- do unparsed.append([name, column.data_type, label, native.get(name)]) -%}
        {%- endif -%}
    {%- endfor -%}
    (
        select
            {{ struct_of(raw_fields) }} as dq_raw_row,
            dq_file_issue,
            {{ dq_unparsed(unparsed) }} as dq_unparsed,
        {%- for column in spec_columns %}
            {{ _raw_typed_value(column, native.get(column.name)) }}
                as {{ column.meta.get('staging_name', column.name) }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
        from {{ rows }} as dq_source_rows
    )
{%- endmacro %}


{% macro _raw_typed_value(column, native) -%}
    {#- One spec column as the base models read it (raw_typed_rows);
        native: none (text), true (the spec's type), false (a narrower
        number type, cast). -#}
    {%- set name = column.name -%}
    {%- if raw_type_label(column.data_type) is none -%}
        {%- set normalize = column.meta.get('normalize') -%}
        {%- if normalize in ('lower', 'upper') -%}
            nullif({{ normalize }}({{ trimmed_text(name) }}), '')
        {%- else -%}
            nullif({{ trimmed_text(name) }}, '')
        {%- endif -%}
    {%- elif native -%}
        {{ name }}
    {%- elif native is not none -%}
        {{ dbt.safe_cast(name, column.data_type) }}
    {%- else -%}
        {{ dbt.safe_cast(trimmed_text(name), column.data_type) }}
    {%- endif -%}
{%- endmacro %}


{% macro unicode_spaces() -%}
    {#- The characters a text value is trimmed of (the Unicode category Zs,
        which DuckDB's trim strips), as escapes of a Spark string literal. -#}
    {%- set code_points = ['0020', '00A0', '1680', '2000', '2001', '2002', '2003',
        '2004', '2005', '2006', '2007', '2008', '2009', '200A', '202F', '205F', '3000'] -%}
    {%- for code_point in code_points %}\u{{ code_point }}{% endfor -%}
{%- endmacro %}

{% macro trimmed_text(expression) -%}
    {#- The text without leading and trailing spaces: the ASCII space and
        the Unicode spaces (unicode_spaces), on every engine. -#}
    {{ return(adapter.dispatch('trimmed_text', 'ecommerce_kpis')(expression)) }}
{%- endmacro %}

{% macro default__trimmed_text(expression) -%}
    {#- Spark's trim strips only the ASCII space: the Unicode spaces are
        named, so that both engines strip the same characters. -#}
    trim(both '{{ unicode_spaces() }}' from {{ expression }})
{%- endmacro %}

{% macro duckdb__trimmed_text(expression) -%}
    {#- DuckDB's trim copies every value, also one without spaces to strip:
        10 of the 63 s of the 30 M sessions at tier M, for seven text columns
        (D102). It strips the ASCII space and Unicode spaces (U+00A0,
        U+2000-U+200A, U+3000, ...), never another ASCII character, so a
        value that neither starts nor ends with ' ' and is ASCII only
        (strlen, its bytes, equals length, its characters) is kept as it
        is. -#}
    case
        when
            starts_with({{ expression }}, ' ')
            or ends_with({{ expression }}, ' ')
            or strlen({{ expression }}) != length({{ expression }})
            then trim({{ expression }})
        else {{ expression }}
    end
{%- endmacro %}
