{% macro land_csv_export(file, table_name, format_json='') -%}
    {#- Lands one CSV export through the function kpi_land_csv of the
        project's dbt-duckdb plugin (ecommerce_kpis/dbt_plugin.py, decision
        D68): decoded, line endings, delimiter, decimal mark and dates made
        canonical, ragged lines marked. Returns the report: `path` of the
        canonical copy, `rows`, `rejected` (lines with a dq_file_issue),
        `blank_lines`, `issue` (the file could not be read). Warns when the
        file has rejected lines; stops the build only for a malformed
        _format.yml (a setting to fix, not bad data).
        format_json '' reads the folder's _format.yml; '{}' is the default
        format (the seeds). -#}
    {%- set result = run_query("select kpi_land_csv(" ~ sql_string(file) ~ ", "
        ~ sql_string(table_name) ~ ", " ~ sql_string(format_json) ~ ")") -%}
    {%- set report = fromjson(result.columns[0].values()[0]) -%}
    {%- if 'error' in report -%}
        {{ exceptions.raise_compiler_error("export format of raw table " ~ table_name
            ~ ": " ~ report.error) }}
    {%- endif -%}
    {%- if report.issue -%}
        {% do exceptions.warn("raw table " ~ table_name ~ ": " ~ report.issue
            ~ " (one quarantined row in dq_rejected_rows)") %}
    {%- elif report.rejected -%}
        {% do exceptions.warn("raw table " ~ table_name ~ ": " ~ report.rejected
            ~ " line(s) of " ~ file ~ " quarantined for their shape (dq_rejected_rows, rule file: ...)") %}
    {%- endif -%}
    {{ return(report) }}
{%- endmacro %}


{% macro landed_csv_reader(paths) -%}
    {#- DuckDB's reader of landed files: the canonical dialect, stated, so
        nothing is sniffed and a malformed file cannot pass unnoticed. -#}
    {{ return("read_csv(" ~ sql_string_list(paths) ~ ", header = true, all_varchar = true, "
        ~ "delim = ',', quote = '\"', escape = '\"', union_by_name = true)") }}
{%- endmacro %}


{% macro parquet_file_issues(files) -%}
    {#- The Parquet files of `files` that DuckDB cannot open, as
        {file: issue}, through the plugin's kpi_parquet_issue (D68); each is
        warned about. The others are read as they are. All files in one
        query: a query each cost dbt a second per 10 files (GA4 lands one
        file a day). -#}
    {%- set issues = {} -%}
    {%- if not files -%}
        {{ return(issues) }}
    {%- endif -%}
    {%- set checked = {} -%}
    {%- for row in run_query(
        "select file, kpi_parquet_issue(file) from unnest("
        ~ sql_string_list(files) ~ ") as files (file)").rows -%}
        {%- do checked.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {%- for file in files if checked[file] -%}
        {%- do issues.update({file: checked[file]}) -%}
        {% do exceptions.warn(checked[file] ~ " (one quarantined row in dq_rejected_rows)") %}
    {%- endfor -%}
    {{ return(issues) }}
{%- endmacro %}
