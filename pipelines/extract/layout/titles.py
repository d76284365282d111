"""Where forms start on a page, and what on it is not content.

Decides which text lines are form titles (a title split into words is rejoined), which
short lines under a title carry its year, and which number-like lines in the top or bottom
margin are page numbers ('- 3 -', '第3页', '3/12') to be dropped.
"""
from __future__ import annotations

import re

from .. import vocabulary
from ..normalize import squash
from .geometry import Box, PageData, same_row


PAGE_NUMBER = re.compile(r"^(?:[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–_\s]*|[-—–_]+)$")


def page_furniture(blocks: list[Box], page: PageData) -> set[int]:
    """Page numbers ('- 3 -', '第3页', '3/12'): number-like text on the page's last (or first) text
    line, in the bottom (top) margin — a '0' in the last table row is not one."""
    cands = [b for b in blocks if PAGE_NUMBER.match(b.text) and (b.top > 0.85 * page.height or b.bottom < 0.08 * page.height)]
    if not cands:
        return set()
    ids = {id(b) for b in cands}
    others = [b for b in blocks if id(b) not in ids]
    out = set()
    for b in cands:
        if b.top > 0.5 * page.height:
            if not any(o.bottom > b.top + 0.5 for o in others):
                out.add(id(b))
        elif not any(o.top < b.bottom - 0.5 for o in others):
            out.add(id(b))
    return out


def _title_lines(blocks: list[Box]) -> list[tuple[Box, str]]:
    """Text lines of a page as one box each (a title split into several words is rejoined)."""
    lines: list[list[Box]] = []
    for b in sorted(blocks, key=lambda b: (b.top, b.x0)):
        for ln in lines:
            if same_row(ln[0], b, 0.6) and abs(ln[0].size - b.size) < 1.5:
                ln.append(b)
                break
        else:
            lines.append([b])
    out = []
    for ln in lines:
        ln.sort(key=lambda b: b.x0)
        text = "".join(b.text for b in ln)
        if len(squash(text) or "") <= 40:
            box = Box(text, ln[0].x0, ln[-1].x1, min(b.top for b in ln), max(b.bottom for b in ln), max(b.size for b in ln))
            out.append((box, text))
    return out


def form_titles(blocks: list[Box]) -> list[tuple[Box, str]]:
    """Form titles on a page, top to bottom."""
    out = [(box, text) for box, text in _title_lines(blocks) if vocabulary.is_form_title(text)]
    out.sort(key=lambda t: t[0].top)
    return out


_OTHER_TABLE = re.compile(r"^[^:：]{2,38}(?:表|明细|情况)(?:[(（]续[)）])?$")


# how much larger than the body text a title is printed: a text layer's sizes are exact; OCR's are
# measured from ink (noise and dust grow a box by a pixel or two, a 10-15% error on a cell's text),
# and another table's title is printed far larger than that
_LARGER = {"text": 1.15, "ocr": 1.3}


def other_table_titles(blocks: list[Box], source: str = "text", vrules: list = ()) -> list[tuple[Box, str]]:
    """Titles of the other tables of a disclosure (部门收支总表, 财政拨款支出表, 三公经费预算表 …): a
    line printed larger than the page's body text, naming a table, that is no performance form or
    heading of one (no 绩效), and that no vertical rule passes through (a row of table cells
    is not a title). Such a title ends the form above it."""
    sizes = sorted(b.size for b in blocks)
    if not sizes:
        return []
    body = sizes[len(sizes) // 2]
    larger = _LARGER.get(source, _LARGER["text"])
    out = []
    for box, text in _title_lines(blocks):
        t = squash(text) or ""
        if any(box.x0 + box.size < v.x < box.x1 - box.size and v.top < box.cy < v.bottom for v in vrules):
            continue
        if (box.size >= larger * body and _OTHER_TABLE.match(t) and "绩效" not in t
                and not vocabulary.is_form_title(t) and not vocabulary.header_field(t)):
            out.append((box, t))
    return out


def is_title_or_year(b: Box) -> bool:
    t = squash(b.text) or ""
    return vocabulary.is_form_title(t) or (vocabulary.year_of(t) is not None and len(t) <= 12)


def is_year_line(b: Box, year_zone: float) -> bool:
    t = squash(b.text) or ""
    return b.top < year_zone and vocabulary.year_of(t) is not None and len(t) <= 12
