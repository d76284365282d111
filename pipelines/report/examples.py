"""The example questions (sql/examples/NN_name.sql): listed, run, and rendered for the README.

    python -m pipelines.report.examples --warehouse FILE             # print the markdown
    python -m pipelines.report.examples --warehouse FILE --readme README.md
        # replace the part of README.md between <!-- examples:start --> and <!-- examples:end -->

Each file starts with one `-- question` comment line; the rest is the SQL. The README and the tests
read the same files, so the documented queries are the tested ones.
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.report.charts import fmt_number
from pipelines.warehouse.sql_files import sql_files

START, END = "<!-- examples:start -->", "<!-- examples:end -->"


@dataclass
class Example:
    name: str       # file stem, e.g. 03_budget_execution_by_district
    question: str
    sql: str        # the whole file (question comment included)
    file: str       # file name in sql/examples, e.g. 03_budget_execution_by_district.sql


def examples() -> list[Example]:
    out = []
    for f in sql_files("examples"):
        text = f.read_text(encoding="utf-8").strip()
        first = text.splitlines()[0]
        if not first.startswith("--"):
            raise ValueError(f"sql/examples/{f.name}: the first line must be a `-- question` comment")
        out.append(Example(f.name.removesuffix(".sql"), first.lstrip("- ").strip(), text, f.name))
    return out


def run(con, ex: Example) -> tuple[list[str], list[tuple]]:
    cur = con.execute(ex.sql)
    return [d[0] for d in cur.description], cur.fetchall()


def _md_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return fmt_number(v)
    return str(v).replace("|", "\\|")


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    if not rows:
        return "*(no rows)*"
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def markdown(con, heading: str = "###") -> str:
    parts = []
    for i, ex in enumerate(examples(), 1):
        columns, rows = run(con, ex)
        body = "\n".join(ex.sql.splitlines()[1:]).strip()
        parts += [f"{heading} {i}. {ex.question}", "",
                  f"[`sql/examples/{ex.file}`](sql/examples/{ex.file}) — "
                  f"`jixiao query --file sql/examples/{ex.file}`", "",
                  "```sql", body, "```", "", markdown_table(columns, rows), ""]
    return "\n".join(parts).rstrip() + "\n"


def replace_between_markers(text: str, new: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"markers {START} … {END} not found")
    return pattern.sub(lambda _: f"{START}\n{new}{END}", text, count=1)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(prog="python -m pipelines.report.examples", description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, default=Path("data/marts/warehouse.duckdb"))
    parser.add_argument("--readme", type=Path, help="rewrite the examples section of this file")
    args = parser.parse_args(argv)
    from pipelines.report.warehouse_access import open_read_only

    con = open_read_only(args.warehouse)
    try:
        text = markdown(con)
    finally:
        con.close()
    if args.readme:
        args.readme.write_text(replace_between_markers(args.readme.read_text(encoding="utf-8"), text),
                               encoding="utf-8")
        print(f"updated {args.readme}")
    else:
        print(text)
    return text


if __name__ == "__main__":
    main()
