"""How a query result is printed: table, line, csv, json or markdown — decided here, once, for `jixiao query`.

- table: aligned columns sized by terminal cell width (中文 counts double), fitted to the width (the terminal's,
  or COLUMNS, or 100 when piped) by narrowing the widest text columns and cutting their long values with …
  (a note on stderr says so); column names and numbers are never cut. When even that cannot fit (many
  columns), the result is printed one field per line (as `duckdb -line` does), with a note: nothing is
  squeezed to one character.
- line: one field per line, a blank line between rows.
- csv / json: every value exact (DECIMAL money as 21392300.00 in CSV, as a JSON number), nothing cut.
- markdown: a pipe table, as the README shows results.
Numbers are never rounded: DECIMAL values print all their places (thousands separators in table/line only).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
from decimal import Decimal
from typing import IO

from rich.cells import cell_len

FORMATS = ("table", "line", "csv", "json", "markdown")
PIPED_WIDTH = 100
MIN_CELL = 8    # columns are narrowed to fit the width, never below this


def terminal_width(stream: IO[str]) -> int:
    """COLUMNS when set, else the terminal's width, else PIPED_WIDTH for a pipe or file."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    if hasattr(stream, "isatty") and stream.isatty():
        return shutil.get_terminal_size((PIPED_WIDTH, 24)).columns
    return PIPED_WIDTH


def text(v, human: bool = True) -> str:
    """A value as text: exact numbers (Decimal keeps its places), ISO dates, '' for NULL."""
    if v is None:
        return "NULL" if human else ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return f"{v:,}" if human else str(v)
    if isinstance(v, float):
        return f"{v:,.10g}" if human and abs(v) >= 1000 else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    return str(v)


def _cut(s: str, width: int) -> str:
    s = s.replace("\n", " ")
    if cell_len(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(s: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_len(s))
    return gap + s if right else s + gap


def _fit(natural: list[int], floor: list[int], width: int) -> list[int] | None:
    """Column widths that fit `width` by narrowing the widest columns (never below `floor`), or None."""
    widths = list(natural)
    avail = width - (3 * len(widths) + 1)
    if sum(floor) > avail:
        return None
    while sum(widths) > avail:
        i = max((k for k in range(len(widths)) if widths[k] > floor[k]), key=lambda k: widths[k])
        widths[i] -= 1
    return widths


def table_lines(columns: list[str], rows: list[tuple], width: int) -> tuple[list[str], bool] | None:
    """An aligned text table within `width` terminal cells (numbers right-aligned), the widest text cut with …;
    (lines, whether a cell was cut), or None when even narrowed columns cannot fit."""
    full = [[text(v) for v in r] for r in rows]
    numeric = [all(isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool)
                   for r in rows if r[i] is not None) and any(r[i] is not None for r in rows)
               for i in range(len(columns))]
    natural = [max([cell_len(c)] + [cell_len(r[i].replace("\n", " ")) for r in full]) for i, c in enumerate(columns)]
    # column names and numbers are never cut; text values may shrink to MIN_CELL
    values = [max([1] + [cell_len(r[i]) for r in full]) for i in range(len(columns))]
    floor = [max(cell_len(c), values[i] if numeric[i] else min(natural[i], MIN_CELL)) for i, c in enumerate(columns)]
    widths = _fit(natural, floor, width)
    if widths is None:
        return None
    head = columns
    cells = [[_cut(r[i], widths[i]) for i in range(len(columns))] for r in full]
    was_cut = any(cells[j][i] != full[j][i] for j in range(len(full)) for i in range(len(columns)))
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [sep, "| " + " | ".join(_pad(c, widths[i], False) for i, c in enumerate(head)) + " |", sep]
    out += ["| " + " | ".join(_pad(r[i], widths[i], numeric[i]) for i in range(len(columns))) + " |" for r in cells]
    out.append(sep)
    return out, was_cut


def line_lines(columns: list[str], rows: list[tuple]) -> list[str]:
    """One `name = value` line per field (names right-aligned), a blank line between rows, values whole."""
    name_w = max((cell_len(c) for c in columns), default=0)
    out: list[str] = []
    for n, r in enumerate(rows):
        if n:
            out.append("")
        for c, v in zip(columns, r):
            value = text(v).replace("\n", "\n" + " " * (name_w + 3))
            out.append(f"{_pad(c, name_w, True)} = {value}")
    return out


def markdown_lines(columns: list[str], rows: list[tuple]) -> list[str]:
    def cell(v) -> str:
        return text(v, human=False).replace("|", "\\|").replace("\n", " ")
    return (["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            + ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows])


def _json_value(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and v.as_tuple().exponent >= 0 else float(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return text(v)
    return v


def write(columns: list[str], rows: list[tuple], fmt: str, out: IO[str], err: IO[str], more: bool = False) -> None:
    """Print rows in the format; `more` (--max-rows left rows out) adds a note on stderr."""
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        w.writerows([text(v, human=False) for v in r] for r in rows)
    elif fmt == "json":
        json.dump([{c: _json_value(v) for c, v in zip(columns, r)} for r in rows], out, ensure_ascii=False,
                  indent=1, default=str)
        out.write("\n")
    elif fmt == "markdown":
        out.write("\n".join(markdown_lines(columns, rows)) + "\n")
    else:
        width = terminal_width(out)
        fitted = table_lines(columns, rows, width) if fmt == "table" else None
        if fmt == "table" and fitted is None:
            err.write(f"note: {len(columns)} columns do not fit in {width} characters: one field per line "
                      f"(--format csv or json for files; COLUMNS=N to widen)\n")
        if fitted is not None:
            lines, was_cut = fitted
            if was_cut:
                err.write(f"note: long values cut with … to fit {width} characters (--format line shows them whole)\n")
        else:
            lines = line_lines(columns, rows)
        out.write("\n".join(lines) + ("\n" if lines else ""))
        shown = len(rows)
        out.write(f"{shown} row{'s' if shown != 1 else ''}\n")
    if more:
        err.write(f"note: showing the first {len(rows)} rows; there are more (--max-rows 0 prints all)\n")
