"""Every table, view and column of the warehouse carries a COMMENT, 中文 first and English after; view columns
that pass a base column through inherit its COMMENT; docs/data-dictionary.md is the generated one."""
from __future__ import annotations

import re

import duckdb
import pytest

from analyst_warehouse import ROOT, synthetic_warehouse
from pipelines.report.dictionary import catalog, render, schema_connection
from pipelines.warehouse.comments import inherit_view_comments

CJK_FIRST = re.compile(r"^[\u3400-\u9fff（【“]")
ENGLISH = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def con():
    c = schema_connection()
    yield c
    c.close()


def _bad(comment: str | None) -> str | None:
    if not comment or not comment.strip():
        return "no COMMENT"
    if not CJK_FIRST.match(comment.strip()):
        return "does not start with 中文"
    if not ENGLISH.search(comment):
        return "no English after the 中文"
    return None


def test_every_table_view_and_column_has_a_bilingual_comment(con):
    problems = []
    for kind, sql in (("table", "SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal"),
                      ("view", "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal")):
        for name, comment in con.execute(sql).fetchall():
            if (why := _bad(comment)) is not None:
                problems.append(f"{kind} {name}: {why}")
    for rel, col, comment in con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal ORDER BY ALL").fetchall():
        if (why := _bad(comment)) is not None:
            problems.append(f"{rel}.{col}: {why} ({comment!r})")
    assert not problems, "\n".join(problems)


def test_view_columns_inherit_their_base_columns_comment(con):
    comment = dict(((r, c), m) for r, c, m in con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal").fetchall())
    # u.district in v_indicator comes from dim_unit, not from a column of the same name elsewhere
    assert comment[("v_indicator", "district")] == comment[("dim_unit", "district")]
    assert comment[("v_indicator", "unit_name")] == comment[("dim_unit", "unit_name")]
    assert comment[("v_indicator", "source_path")] == comment[("dim_document", "source_path")]
    # through a view built on a view (SELECT * FROM v_indicator) and through CTEs and sub-queries
    assert comment[("v_satisfaction_target", "target_raw")] == comment[("fact_indicator", "target_raw")]
    assert comment[("v_project_history", "executed_yuan")] == comment[("fact_project_budget", "executed_yuan")]
    assert comment[("v_score_anomaly", "area")] == comment[("v_dq_issue", "area")]


def test_lineage_is_followed_not_guessed_from_names():
    c = duckdb.connect()
    c.execute("CREATE TABLE a (x INTEGER, y INTEGER); COMMENT ON COLUMN a.x IS '甲 x of a'; "
              "COMMENT ON COLUMN a.y IS '乙 y of a'")
    c.execute("CREATE TABLE b (x INTEGER); COMMENT ON COLUMN b.x IS '丙 x of b'")
    c.execute("CREATE VIEW v AS WITH t AS (SELECT * FROM b) SELECT t.x, a.y AS renamed, a.x + 1 AS x1 FROM a, t")
    assert inherit_view_comments(c) == 2
    got = dict(c.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'v'").fetchall())
    assert got == {"x": "丙 x of b", "renamed": "乙 y of a", "x1": None}   # computed: never guessed
    c.close()


def test_a_built_warehouse_carries_the_inherited_comments(tmp_path):
    c = duckdb.connect(str(synthetic_warehouse(tmp_path)), read_only=True)
    try:
        (missing,) = c.execute("SELECT count(*) FROM duckdb_columns() WHERE NOT internal AND comment IS NULL").fetchone()
    finally:
        c.close()
    assert missing == 0


def test_data_dictionary_is_the_generated_one(con):
    text = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert text == render(catalog(con)) + "\n", "docs/data-dictionary.md is stale: python -m pipelines.report.dictionary"
