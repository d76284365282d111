"""Decides the COMMENT of every view column: its own COMMENT in sql/views, else the COMMENT of the column it
passes through unchanged (its base column), found by following the view's SELECT.

DuckDB does not carry comments into views. Here each view's SELECT is parsed by DuckDB itself
(`json_serialize_sql`) and every select item that is a plain column reference (`u.district`, `fiscal_year`,
`q.*`, `*`) is traced through table aliases, CTEs and sub-queries to the table or earlier view it comes from;
that column's comment is copied onto the view column. Computed columns (CASE, coalesce, sums, renamed
columns) must carry their own COMMENT in the view file: nothing is guessed from a column name.
Views are visited in the order they were created, so a view built on another view inherits through it.
"""
from __future__ import annotations

import json
import re

_CREATE = re.compile(r"^\s*CREATE\s+(OR\s+REPLACE\s+)?VIEW\s+\S+\s+AS\s+", re.I | re.S)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class _Lineage:
    """Comments of the columns a SELECT produces, resolved against the catalog."""

    def __init__(self, catalog: dict[str, dict[str, str | None]]):
        self.catalog = catalog   # relation name (lower) -> {column (lower) -> comment}

    def relation(self, node: dict, ctes: dict[str, dict]) -> dict[str, str | None]:
        kind = node.get("type")
        if kind == "BASE_TABLE":
            name = node["table_name"].lower()
            if name in ctes:
                return self.select(ctes[name], ctes)
            return dict(self.catalog.get(name, {}))
        if kind == "SUBQUERY":
            return self.select(node["subquery"]["node"], ctes)
        if kind == "JOIN":
            merged = self.relation(node["right"], ctes)
            merged.update(self.relation(node["left"], ctes))
            return merged
        return {}

    def _aliases(self, node: dict, ctes: dict[str, dict], out: dict[str, dict[str, str | None]]) -> None:
        kind = node.get("type")
        if kind == "JOIN":
            self._aliases(node["left"], ctes, out)
            self._aliases(node["right"], ctes, out)
        elif kind in ("BASE_TABLE", "SUBQUERY"):
            alias = node.get("alias") or node.get("table_name") or ""
            out[alias.lower()] = self.relation(node, ctes)

    def select(self, node: dict, ctes: dict[str, dict]) -> dict[str, str | None]:
        if node.get("type") != "SELECT_NODE":
            return {}
        ctes = dict(ctes)
        for entry in node.get("cte_map", {}).get("map", []):
            value = entry["value"]
            ctes[entry["key"].lower()] = value.get("query_node") or value.get("query", {}).get("node", {})
        from_table = node.get("from_table") or {}
        by_alias: dict[str, dict[str, str | None]] = {}
        self._aliases(from_table, ctes, by_alias)
        everything = self.relation(from_table, ctes)
        out: dict[str, str | None] = {}
        for item in node.get("select_list", []):
            cls = item.get("class")
            if cls == "COLUMN_REF":
                names = [n.lower() for n in item["column_names"]]
                source = by_alias.get(names[-2], {}) if len(names) > 1 else everything
                out[(item.get("alias") or names[-1]).lower()] = source.get(names[-1])
            elif cls == "STAR":
                rel = item.get("relation_name")
                source = by_alias.get(rel.lower(), {}) if rel else everything
                for col, comment in source.items():
                    out.setdefault(col, comment)
            elif item.get("alias"):
                out[item["alias"].lower()] = None   # computed: needs its own COMMENT
        return out


def _catalog(con) -> dict[str, dict[str, str | None]]:
    cat: dict[str, dict[str, str | None]] = {}
    for rel, col, comment in con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal "
            "AND database_name = current_database() AND schema_name = 'main'").fetchall():
        cat.setdefault(rel.lower(), {})[col.lower()] = comment
    return cat


def inherit_view_comments(con) -> int:
    """Give every uncommented column of every view its base column's COMMENT; return how many were set."""
    views = con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
        "AND schema_name = 'main' ORDER BY view_oid").fetchall()
    n = 0
    for name, sql in views:
        cat = _catalog(con)   # re-read: earlier views now carry inherited comments
        body = _CREATE.sub("", sql, count=1).rstrip().rstrip(";")
        parsed = json.loads(con.execute("SELECT json_serialize_sql(?)", [body]).fetchone()[0])
        if parsed.get("error"):
            continue
        lineage = _Lineage(cat).select(parsed["statements"][0]["node"], {})
        for col, comment in cat.get(name.lower(), {}).items():
            inherited = lineage.get(col)
            if comment is None and inherited:
                con.execute(f'COMMENT ON COLUMN "{name}"."{col}" IS {_quote(inherited)}')
                n += 1
    return n
