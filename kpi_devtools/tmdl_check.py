"""Validate the PBIP semantic model on Linux, without Power BI.

Nothing on PyPI validates TMDL itself (the converters tried accept misspelt
keywords and broken blocks silently), so the structure is checked here by a
strict line parser: tab indentation, known object keywords per parent, known
properties and enum values, quoted names, ``///`` descriptions, expression
blocks. DAX goes through ``sidemantic-dax`` (a real DAX parser with a
function catalogue and model-reference checks). M partitions and parameters
get a structural check (``let`` ... ``in``, balanced brackets and strings,
every name a known parameter or function).

``check_data`` then compares the model with the published data: every table
and source column must exist there with a compatible type.

Command line: ``python -m kpi_devtools.tmdl_check DEFINITION_DIR [--database F]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# object keywords allowed under each object
CHILDREN = {
    "<root>": {"database", "model", "table", "relationship", "expression", "role", "perspective"}
    | {"culture", "dataSource", "queryGroup", "annotation", "ref", "function"},
    "database": {"annotation"},
    "model": {"annotation", "extendedProperty", "changedProperty", "dataAccessOptions"},
    "table": {"column", "measure", "partition", "hierarchy", "calculationGroup", "annotation"}
    | {"extendedProperty", "changedProperty", "refreshPolicy"},
    "column": {"annotation", "variation", "extendedProperty", "changedProperty"}
    | {"relatedColumnDetails", "alternateOf"},
    "measure": {"annotation", "extendedProperty", "changedProperty", "kpi"}
    | {"formatStringDefinition", "detailRowsDefinition"},
    "partition": {"annotation", "extendedProperty"},
    "hierarchy": {"level", "annotation", "changedProperty"},
    "level": {"annotation", "changedProperty"},
    "calculationGroup": {"calculationItem", "annotation"},
    "calculationItem": {"formatStringDefinition", "annotation"},
    "relationship": {"annotation", "extendedProperty", "changedProperty"},
    "expression": {"annotation", "extendedProperty", "changedProperty"},
    "queryGroup": {"annotation"},
    "role": {"tablePermission", "member", "annotation"},
    "tablePermission": {"columnPermission", "annotation"},
    "perspective": {"perspectiveTable", "annotation"},
    "perspectiveTable": {"perspectiveColumn", "perspectiveMeasure", "perspectiveHierarchy"},
    "culture": {"linguisticMetadata", "translations"},
    "function": {"annotation"},
}
NAMELESS = {"database", "dataAccessOptions", "relatedColumnDetails", "alternateOf"} | {
    "refreshPolicy",
    "formatStringDefinition",
    "detailRowsDefinition",
    "kpi",
    "changedProperty",
}
# objects that take "= <expression>" after their name, and in which language
DEFAULT_EXPRESSION = {
    "measure": "dax",
    "column": "dax",
    "calculationItem": "dax",
    "tablePermission": "dax",
    "formatStringDefinition": "dax",
    "detailRowsDefinition": "dax",
    "function": "dax",
    "expression": "m",
    "partition": "kind",
    "annotation": "text",
    "extendedProperty": "text",
    "changedProperty": "text",
}
NEEDS_EXPRESSION = {"measure", "expression", "partition", "tablePermission", "calculationItem"}
ENUMS = {
    "dataType": {"string", "int64", "double", "decimal", "dateTime", "boolean", "binary"}
    | {"variant", "automatic", "unknown"},
    "summarizeBy": {"none", "sum", "min", "max", "count", "average", "distinctCount", "default"},
    "mode": {"import", "directQuery", "dual", "default", "push", "directLake"},
    "crossFilteringBehavior": {"oneDirection", "bothDirections", "automatic"},
    "fromCardinality": {"one", "many", "none"},
    "toCardinality": {"one", "many", "none"},
    "securityFilteringBehavior": {"oneDirection", "bothDirections", "none"},
    "joinOnDateBehavior": {"datePartOnly", "dateAndTime"},
}
FLAGS = {"isHidden", "isKey", "isNameInferred", "isAvailableInMdx", "isNullable", "isUnique"} | {
    "isDefaultLabel",
    "isDefaultImage",
    "isActive",
    "isPrivate",
    "isDataTypeInferred",
    "relyOnReferentialIntegrity",
    "keepUniqueRows",
    "discourageImplicitMeasures",
    "isSimpleMeasure",
    "excludeFromModelRefresh",
}
PROPERTIES = set(ENUMS) | {
    "lineageTag",
    "sourceLineageTag",
    "formatString",
    "sourceColumn",
    "displayFolder",
    "description",
    "dataCategory",
    "sortByColumn",
    "culture",
    "sourceQueryCulture",
    "defaultPowerBIDataSourceVersion",
    "compatibilityLevel",
    "compatibilityMode",
    "queryGroup",
    "kind",
    "ordinal",
    "column",
    "fromColumn",
    "toColumn",
    "modelPermission",
    "encodingHint",
    "alignment",
    "collation",
    "defaultMode",
    "precedence",
    "resultType",
    "displayOrdinal",
    "defaultHierarchy",
    "hierarchy",
    "relationship",
    "defaultColumn",
    "lineageTagCulture",
    "sourceProviderType",
}
EXPRESSION_PROPERTIES = {"source", "sourceExpression", "pollingExpression", "expression"} | {
    "filterExpression",
    "formatStringExpression",
    "detailRowsExpression",
}
DAX_ERRORS = {"UnrecognizedFunction", "FunctionArity", "MissingRequiredArgument"}
NAME = re.compile(r"'(?:[^']|'')*'|[^\s.=:']+")
M_KEYWORDS = {"let", "in", "if", "then", "else", "each", "meta", "true", "false", "null"} | {
    "and",
    "or",
    "not",
    "type",
    "try",
    "otherwise",
    "error",
    "as",
    "is",
    "section",
    "shared",
}


def unquote(name: str) -> str:
    return name[1:-1].replace("''", "'") if name.startswith("'") else name


@dataclass
class Node:
    kind: str
    name: str | None
    indent: int
    line: int
    file: str
    props: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    expression: str | None = None
    expression_line: int = 0


@dataclass(frozen=True)
class Issue:
    severity: str
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.file}:{self.line}: {self.message}"


class TmdlFile:
    """One .tmdl file parsed into a tree of ``Node``s; problems go to ``issues``."""

    def __init__(self, path: Path, issues: list[Issue]) -> None:
        self.path = path
        self.issues = issues
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        self.lines = text.split("\n")
        self.root = Node("<root>", None, -1, 0, str(path))

    def error(self, line: int, message: str) -> None:
        self.issues.append(Issue("error", self.path.name, line, message))

    def indent_of(self, i: int) -> int:
        raw = self.lines[i]
        lead = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if " " in lead:
            self.error(i + 1, "indentation must use tabs (found spaces)")
        return lead.count("\t") + lead.count(" ") // 4

    def tabs(self, i: int) -> int:
        raw = self.lines[i]
        return len(raw) - len(raw.lstrip("\t"))

    def read_expression(self, i: int, rest: str, owner_indent: int) -> tuple[str, int, int]:
        """The expression after '=': (text, first line number, next line index)."""
        rest = rest.strip()
        if rest.startswith("```"):
            j = i + 1
            while j < len(self.lines) and self.lines[j].strip() != "```":
                j += 1
            if j >= len(self.lines):
                self.error(i + 1, "unterminated ``` expression block")
            return _dedent(self.lines[i + 1 : j]), i + 2, j + 1
        if rest:
            return rest, i + 1, i + 1
        j = i + 1
        while j < len(self.lines):
            if self.lines[j].strip() and self.tabs(j) <= owner_indent + 1:
                break
            j += 1
        while j > i + 1 and not self.lines[j - 1].strip():
            j -= 1
        if j == i + 1:
            self.error(i + 1, "'=' without an expression (indent it below the declaration)")
        return _dedent(self.lines[i + 1 : j]), i + 2, j

    def parse(self) -> Node:
        stack, description, i = [self.root], False, 0
        while i < len(self.lines):
            content = self.lines[i].strip()
            if not content:
                i += 1
                continue
            indent = self.indent_of(i)
            if content.startswith("///"):
                description = True
                i += 1
                continue
            while stack[-1].indent >= indent:
                stack.pop()
            parent = stack[-1]
            if indent > parent.indent + 1:
                self.error(i + 1, f"unexpected indentation under {parent.kind} {parent.name or ''}")
            match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(.*)$", content)
            if not match:
                self.error(i + 1, f"cannot parse line: {content!r}")
                i += 1
                continue
            keyword, rest = match.groups()
            if keyword == "ref" and parent.kind == "<root>":
                ref = re.match(r"\s+(\w+)\s+(" + NAME.pattern + r")\s*$", rest)
                if ref:
                    node = Node(f"ref:{ref.group(1)}", unquote(ref.group(2)), indent, i + 1, "")
                    parent.children.append(node)
                else:
                    self.error(i + 1, f"bad ref declaration: {content!r}")
                i += 1
                continue
            if keyword in CHILDREN.get(parent.kind, set()) and not rest.lstrip().startswith(":"):
                i = self.declaration(keyword, rest, parent, indent, i, stack)
            else:
                if description:
                    self.error(i + 1, "/// description must precede an object declaration")
                i = self.property(keyword, rest, parent, indent, i)
            description = False
        return self.root

    def declaration(
        self, keyword: str, rest: str, parent: Node, indent: int, i: int, stack: list[Node]
    ) -> int:
        rest = rest.strip()
        name, after = None, rest
        if rest and not rest.startswith("="):
            match = NAME.match(rest)
            if not match:
                self.error(i + 1, f"bad name in {keyword} declaration: {rest!r}")
                return i + 1
            name, after = unquote(match.group(0)), rest[match.end() :].strip()
        elif keyword not in NAMELESS:
            self.error(i + 1, f"{keyword} declaration needs a name")
        node = Node(keyword, name, indent, i + 1, self.path.name)
        parent.children.append(node)
        stack.append(node)
        if after.startswith("="):
            if keyword not in DEFAULT_EXPRESSION:
                self.error(i + 1, f"{keyword} does not take '= expression'")
            node.expression, node.expression_line, following = self.read_expression(
                i, after[1:], indent
            )
            return following
        if after:
            self.error(
                i + 1,
                f"unexpected text after the name in a {keyword} declaration: {after!r} "
                "(quote names with spaces or special characters)",
            )
        if keyword in NEEDS_EXPRESSION:
            self.error(i + 1, f"{keyword} {name} needs '= <expression>'")
        return i + 1

    def property(self, keyword: str, rest: str, parent: Node, indent: int, i: int) -> int:
        rest = rest.lstrip()
        if rest.startswith(":"):
            value = rest[1:].strip()
            if keyword not in PROPERTIES and keyword not in FLAGS:
                self.error(i + 1, f"unknown property {keyword!r} on {parent.kind}")
            elif keyword in ENUMS and value not in ENUMS[keyword]:
                self.error(i + 1, f"invalid {keyword} {value!r}; one of {sorted(ENUMS[keyword])}")
            elif keyword in FLAGS and value not in ("true", "false"):
                self.error(i + 1, f"{keyword} must be true or false")
            parent.props[keyword] = value
            return i + 1
        if rest.startswith("="):
            if keyword not in EXPRESSION_PROPERTIES:
                self.error(i + 1, f"unknown expression property {keyword!r} on {parent.kind}")
            text, line, following = self.read_expression(i, rest[1:], indent - 1)
            parent.props[keyword] = (text, line)
            return following
        if rest or keyword not in FLAGS:
            allowed = sorted(CHILDREN.get(parent.kind, ()))
            self.error(
                i + 1, f"unknown keyword {keyword!r} under {parent.kind} (allowed: {allowed})"
            )
            return i + 1
        parent.props[keyword] = "true"
        return i + 1


def _dedent(lines: list[str]) -> str:
    filled = [line for line in lines if line.strip()]
    if not filled:
        return ""
    cut = min(len(line) - len(line.lstrip("\t")) for line in filled)
    return "\n".join(line[cut:] if line.strip() else "" for line in lines).strip("\n")


def walk(node: Node):
    yield node
    for child in node.children:
        yield from walk(child)


@dataclass
class SemanticModel:
    """What the checks need from the parsed files."""

    tables: dict[str, Node]
    nodes: list[Node]
    parameters: set[str]

    def columns(self, table: str) -> dict[str, Node]:
        return {c.name: c for c in self.tables[table].children if c.kind == "column"}


def parse_model(definition: Path, issues: list[Issue]) -> SemanticModel:
    files = [definition / f"{n}.tmdl" for n in ("database", "model", "expressions")]
    files += [definition / "relationships.tmdl", *sorted((definition / "tables").glob("*.tmdl"))]
    nodes = []
    for path in files:
        if path.exists():
            nodes += list(walk(TmdlFile(path, issues).parse()))
        elif path.name in ("database.tmdl", "model.tmdl"):
            issues.append(Issue("error", path.name, 0, "required file is missing"))
    tables = {n.name: n for n in nodes if n.kind == "table"}
    parameters = {n.name for n in nodes if n.kind == "expression"}
    return SemanticModel(tables, nodes, parameters)


def check_definition(definition: Path) -> list[Issue]:
    """Structure, references, DAX and M of a ``.SemanticModel/definition`` folder."""
    import sidemantic_dax as sd

    issues: list[Issue] = []
    model = parse_model(definition, issues)
    metadata = sd.ModelMetadata(
        tables=[
            sd.ModelTable(
                name=name,
                columns=sorted(model.columns(name)),
                measures=sorted(c.name for c in table.children if c.kind == "measure"),
            )
            for name, table in model.tables.items()
        ]
    )
    for node in model.nodes:
        if node.kind == "ref:table" and node.name not in model.tables:
            issues.append(
                Issue("error", "model.tmdl", node.line, f"ref table {node.name}: no file")
            )
        if node.kind == "relationship":
            for side in ("fromColumn", "toColumn"):
                value = node.props.get(side, "")
                parts = [unquote(p) for p in NAME.findall(value)]
                if not (
                    len(parts) == 2
                    and parts[0] in model.tables
                    and parts[1] in model.columns(parts[0])
                ):
                    issues.append(
                        Issue("error", node.file, node.line, f"{side} {value!r} is not a column")
                    )
        if node.kind == "measure" or (node.kind == "column" and node.expression):
            _check_dax(sd, metadata, node.expression or "", node, issues)
        if node.kind == "column" and not node.expression and "sourceColumn" not in node.props:
            issues.append(
                Issue("error", node.file, node.line, f"column {node.name}: no sourceColumn")
            )
        if node.kind == "partition":
            source = node.props.get("source")
            if not source or (node.expression or "").strip() != "m":
                issues.append(Issue("error", node.file, node.line, "partition needs an m source"))
            else:
                _check_m(source[0], source[1], node, model, issues)
        if node.kind == "expression" and node.expression:
            _check_m(node.expression, node.expression_line, node, model, issues)
    return issues


def _check_dax(sd, metadata, text: str, node: Node, issues: list[Issue]) -> None:
    line = node.expression_line or node.line
    where = f"DAX of {node.kind} {node.name!r}"
    try:
        sd.parse_expression(text)
    except ValueError as error:
        issues.append(Issue("error", node.file, line, f"{where}: {error}"))
        return
    problems = list(sd.validate_expression(text, report_unrecognized_functions=True))
    for problem in problems:
        severity = "error" if problem.code.value in DAX_ERRORS else "warning"
        issues.append(Issue(severity, node.file, line, f"{where}: {problem.message}"))
    for problem in sd.validate_expression_against_model(text, metadata):
        issues.append(Issue("error", node.file, line, f"{where}: {problem.message}"))


def _check_m(text: str, line: int, node: Node, model: SemanticModel, issues: list[Issue]) -> None:
    """Balanced brackets and strings, let/in, and names that are known."""
    where = f"M of {node.kind} {node.name!r}"
    stripped = re.sub(r'"(?:[^"]|"")*"', '""', text)
    if stripped.count('"') % 2:
        issues.append(Issue("error", node.file, line, f"{where}: unterminated string"))
        return
    pairs, stack = {")": "(", "]": "[", "}": "{"}, []
    for char in stripped:
        if char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            issues.append(Issue("error", node.file, line, f"{where}: unbalanced {char!r}"))
            return
    if stack:
        issues.append(Issue("error", node.file, line, f"{where}: unclosed {stack[-1]!r}"))
        return
    words = set(re.findall(r"\b[a-z]+\b", stripped))
    if "let" in words and "in" not in words:
        issues.append(Issue("error", node.file, line, f"{where}: let without in"))
    if node.kind == "expression":
        return  # a parameter: a literal with a meta record
    steps = set(re.findall(r"(?m)^\s*([A-Za-z_]\w*)\s*=", stripped))
    fields = set(re.findall(r"[\[,]\s*([A-Za-z_]\w*)\s*(?==|\])", stripped))
    known = M_KEYWORDS | steps | fields | model.parameters
    for name in sorted(set(re.findall(r"(?<![\w.#])[A-Za-z_][\w.]*", stripped))):
        # dotted names are library functions (Text.TrimEnd, PostgreSQL.Database)
        if "." not in name and name not in known:
            issues.append(Issue("error", node.file, line, f"{where}: unknown name {name!r}"))


# ------------------------------------------------------------- model vs. data

COMPATIBLE = {
    "int64": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "bigint", "integer", "smallint"},
    "double": {"DOUBLE", "FLOAT", "double precision", "real"},
    "decimal": {"DECIMAL", "numeric"},
    "dateTime": {"DATE", "TIMESTAMP", "date", "timestamp without time zone"},
    "string": {"VARCHAR", "text", "character varying"},
    "boolean": {"BOOLEAN", "boolean"},
}


def check_data(definition: Path, published: dict[str, dict[str, str]]) -> list[Issue]:
    """Every model table and source column exists in ``published`` with a compatible type.

    ``published`` maps table -> column -> type name (DuckDB or PostgreSQL).
    """
    issues: list[Issue] = []
    model = parse_model(definition, issues)
    for name, table in model.tables.items():
        if name not in published:
            issues.append(Issue("error", table.file, table.line, f"table {name}: not published"))
            continue
        for column in model.columns(name).values():
            source = column.props.get("sourceColumn")
            if source is None:
                continue
            actual = published[name].get(source)
            declared = column.props.get("dataType", "")
            if actual is None:
                issues.append(
                    Issue("error", column.file, column.line, f"{name}.{source}: not published")
                )
            elif re.sub(r"\(.*", "", actual) not in COMPATIBLE.get(declared, set()):
                issues.append(
                    Issue(
                        "error",
                        column.file,
                        column.line,
                        f"{name}.{source}: dataType {declared} but published as {actual}",
                    )
                )
    return issues


def duckdb_columns(database: Path) -> dict[str, dict[str, str]]:
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(
            "select table_name, column_name, data_type from information_schema.columns"
        ).fetchall()
    finally:
        con.close()
    return _nest(rows)


def postgres_columns(conninfo: str, schema: str = "kpi") -> dict[str, dict[str, str]]:
    import psycopg

    with psycopg.connect(conninfo) as pg:
        rows = pg.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = %s",
            [schema],
        ).fetchall()
    return _nest(rows)


def _nest(rows) -> dict[str, dict[str, str]]:
    nested: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        nested.setdefault(table, {})[column] = kind
    return nested


def dax_references(text: str) -> list[tuple[str, str]]:
    """The (table, column) pairs a DAX expression names."""
    import sidemantic_dax as sd
    from sidemantic_dax import ast

    def nodes(value):
        if dataclasses.is_dataclass(value):
            yield value
            for item in dataclasses.fields(value):
                yield from nodes(getattr(value, item.name))
        elif isinstance(value, list | tuple):
            for item in value:
                yield from nodes(item)

    found = nodes(sd.parse_expression(text))
    return [(n.table.name, n.column) for n in found if isinstance(n, ast.TableColumnRef)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpi_devtools.tmdl_check")
    parser.add_argument("definition", type=Path, help="the .SemanticModel/definition folder")
    parser.add_argument("--database", type=Path, help="published DuckDB file to compare with")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="compare with the PostgreSQL serving schema too (KPI_PG_DSN or PG* variables)",
    )
    parser.add_argument("--schema", default="kpi", help="PostgreSQL serving schema")
    args = parser.parse_args(argv)
    issues = check_definition(args.definition)
    if args.database:
        issues += check_data(args.definition, duckdb_columns(args.database))
    if args.postgres:
        issues += check_data(
            args.definition, postgres_columns(os.environ.get("KPI_PG_DSN", ""), args.schema)
        )
    for issue in issues:
        print(issue)
    errors = sum(issue.severity == "error" for issue in issues)
    print(f"{errors} errors, {len(issues) - errors} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
