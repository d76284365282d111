"""Header values wrapped over lines around their label, in pdftotext's default (flowing) order.

Decides which printed lines of a header zone are the lines of one name cell (项目名称 / 主管部门 /
实施单位) that Word or WPS wrapped in a narrow column with its label centred beside it. pdftotext prints
the lines of a flow of cells top down: the value's first line comes before its label, a line on the
label's baseline just after the label, and the lines below after every cell of the label's row
('四川省成都市武 / 主管部门 / 实施单位 / 成都市武侯区社会福利院 / 侯区民政局'). So a name printed just before a
name label, where no label open takes it, is the first line of that label's value when a later line
completes it by the value's grammar: an organisation's name (主管部门 / 实施单位) is read whole only
once joined (the first line alone is no organisation's name), and a line below is never wider than
the value's first line, which filled the column. The value is read whole after its label; anything
else is left as printed.
"""
from __future__ import annotations

from ..normalize import squash
from .header_values import is_org_name, value_kind
from .layout_place import width
from .tokens import budget_column, budget_row, header_field, is_label, stop_line

_ORG_FIELDS = ("department", "implementing_unit")
_NAME_FIELDS = ("project_name", *_ORG_FIELDS)
_AHEAD = 6  # lines: the rest of a value comes within the cells of its label's row (one cell per line)


def _one(toks: list[str]) -> str | None:
    return squash(toks[0]) if len(toks) == 1 else None


def _name_label(t: str | None) -> str | None:
    hf = header_field(squash(t) or "") if t else None
    return hf if hf in _NAME_FIELDS else None


def _piece(toks: list[str]) -> str | None:
    """A line that is one name piece (no label, no date, amount or class value)."""
    k = _one(toks)
    return k if k and not stop_line([k]) and value_kind(k) == "name" else None


def _row_end(toks: list[str]) -> bool:
    """A line of the next row of the form: a date or funds label, or a funds column title."""
    k = _one(toks) or (squash(toks[0]) if toks else "") or ""
    return bool(header_field(k) in ("start_date", "end_date") or budget_row(k) or budget_column(k))


def join_wrapped(tlines: list[list[str]]) -> list[list[str]]:
    """The header lines with each name value wrapped around its label read whole, right after the label (the
    label begins its line; other cells of its row may follow it there)."""
    lines = [t for t in tlines if t]
    out = [list(t) for t in lines]
    used: set[int] = set()
    for i in range(1, len(lines)):
        field = _name_label(lines[i][0])
        first = _piece(lines[i - 1])
        if not field or not first or i - 1 in used or i in used or is_org_name(first):
            continue  # (a whole organisation's name printed before a label is no first line)
        if i >= 2 and _name_label(lines[i - 2][-1]):
            continue  # a name printed just after a name label is that label's value
        org = field in _ORG_FIELDS
        if len(lines[i]) > 1:  # the label's row on one line: the line on its baseline is the token after it
            after = squash(lines[i][1]) or ""
            mid = after if not is_label(after) and value_kind(after) == "name" else None
            mid_line = None
        else:
            mid_line = i + 1 if i + 1 < len(lines) and i + 1 not in used and _piece(lines[i + 1]) else None
            mid = _piece(lines[mid_line]) if mid_line is not None else None
        if org and mid and is_org_name(mid):
            continue  # the label's own value on its baseline: the name before is another cell's
        if org and mid and is_org_name(first + mid):
            rest = None  # two lines, the label beside the second
        else:
            rest = _rest(lines, i + 2 if mid_line is not None else i + 1, first + (mid or ""),
                         max(first, mid or "", key=width), org, used, 1 if len(lines[i]) > 1 else _AHEAD)
            if rest is None:
                continue
        used |= {i - 1, i} | ({mid_line} if mid_line is not None else set()) | ({rest} if rest is not None else set())
        whole = first + (mid or "") + (_one(lines[rest]) if rest is not None else "")
        out[i - 1] = []
        if rest is not None:
            out[rest] = []
        if mid_line is not None:
            out[mid_line] = [whole]
        else:
            out[i] = [lines[i][0], whole] + lines[i][2 if mid else 1:]
    return [t for t in out if t]


def _rest(lines: list[list[str]], j: int, begun: str, widest: str, org: bool, used: set[int], ahead: int
          ) -> int | None:
    """The line below the label's row that ends the value `begun` (its lines so far), or None; within `ahead`
    lines (the next line when the row is printed on one line)."""
    for k in range(j, min(len(lines), j + ahead)):
        toks = lines[k]
        if _row_end(toks):
            return None
        piece = _piece(toks)
        if not piece or k in used:
            continue
        if k + 1 < len(lines) and _name_label(lines[k + 1][0]):
            return None  # the first line of the next row's value
        if width(piece) > width(widest) + 2:  # half-width units: one ideograph more
            continue  # wider than the column the first line filled: another cell of the row
        if org and not is_org_name(begun + piece):
            continue
        return k
    return None
