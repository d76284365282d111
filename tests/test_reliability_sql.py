"""No SQL is built by pasting input text: file names and document text reach DuckDB only as parameters
or Arrow frames. This audit reads every module under pipelines/ and fails on any `.execute(...)` /
`.sql(...)` whose statement is assembled (f-string, %, +, .format) from anything but the few
interpolations below, each of which is the warehouse's own identifier or an operator-given path
escaped for a statement that takes no parameters (ATTACH, COPY ... TO).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "pipelines"
SQL_METHODS = {"execute", "executemany", "sql", "query"}

# source text of an interpolated expression -> why it is safe
ALLOWED = {
    "t": "a table name from the code's own TABLES tuple",
    "name": "a table/view name of the warehouse itself (code constant or DuckDB catalog), double-quoted",
    "STORAGE_VERSION": "a code constant",
    "_sql_str(str(path))": "the temp warehouse path this code made, quotes doubled (ATTACH takes no parameters)",
    "col": "a column name of a warehouse view (DuckDB catalog), double-quoted",
    "_quote(inherited)": "a COMMENT of the warehouse's own sql/ddl files read from the catalog, quotes doubled "
                         "(COMMENT ON takes no parameters)",
}


def _assembled_parts(node: ast.AST) -> list[ast.AST] | None:
    """The interpolated expressions of a built string, or None if the node is not a built string."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        parts = []
        for side in (node.left, node.right):
            if isinstance(side, ast.Constant) and isinstance(side.value, str):
                continue
            inner = _assembled_parts(side)
            parts.extend(inner if inner is not None else [side])
        return parts
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return list(node.args) + [k.value for k in node.keywords]
    return None


def test_no_sql_is_assembled_from_input_text():
    offences = []
    for py in sorted(ROOT.rglob("*.py")):
        src = py.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_METHODS and node.args):
                continue
            parts = _assembled_parts(node.args[0])
            if parts is None and isinstance(node.args[0], ast.Name):
                continue  # a statement read from the repository's sql/ files or a user's own query (query cmd)
            for part in parts or []:
                text = ast.get_source_segment(src, part)
                if text not in ALLOWED:
                    offences.append(f"{py.relative_to(ROOT.parent)}:{node.lineno}: SQL built from {{{text}}} — "
                                    "pass it as a parameter (?), or as a registered frame")
    assert offences == [], "\n".join(offences)


def test_the_audit_catches_pasting():
    bad = ast.parse("con.execute(f\"SELECT * FROM load_log WHERE path = '{path}'\")").body[0].value
    assert [ast.unparse(p) for p in _assembled_parts(bad.args[0])] == ["path"]
    bad2 = ast.parse("con.sql('SELECT %s' % title)").body[0].value
    assert [ast.unparse(p) for p in _assembled_parts(bad2.args[0])] == ["title"]
