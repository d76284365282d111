"""Dust the recogniser read as print: drop a mark after a number that has its decimals already.

Decides which characters of a recognised line are a speck of dust or toner, not a printed mark.
A speck beside a number reads as a point or a dash: '10.00.' or '894.57-' in a weight, score or
funds cell is no number the value grammar reads, and the cell's value is lost. A number that
already has its decimal point and decimals ('10.00', '≥95.00(%)') takes no mark at its end: a
trailing point, dash or comma ('.', '。', '·', '-', '_', '—', ',' and the like) is dropped, with a
note, so the word carries a doubt.
A point after a whole number ('10.') is left alone (it may be the number's own, its decimals lost).
"""
from __future__ import annotations

import re

from .engine import Line

_TRAILING = re.compile(r"^[≥≤<>=＞＜＝]*\d[\d,]*\.\d+(?:[(（]?[%％][)）]?)?([.。·\-_—'`,])$")


def drop(line: Line) -> list[str]:
    """Drop the speck points of `line` (text, chars, xs kept in step); a note per speck."""
    m = _TRAILING.match(line.text.strip())
    if not m or line.text != line.text.strip():
        return []
    i = m.start(1)
    line.text = line.text[:i]
    del line.chars[i:]
    if len(line.xs) > i:
        del line.xs[i:]
    line.gaps = [(k, x, alts) for k, x, alts in line.gaps if k <= i]
    return [f"OCR read a '{m.group(1)}' after the number's decimals (a speck); dropped"]
