"""A label printed one character a line down a narrow merged cell → the pieces that spell it.

Word prints the outer 绩效指标 column of the provinces' one-table self-evaluation (and 年度总体目标 beside
the goal paragraphs) in a cell one character wide: pdftotext puts every character on a line of its own
among the rows' lines ('绩' / row text / '效' / … / '指' / … / '标'). Decides which one-character pieces
spell such a label: pieces first on their line (the outer column is the table's first), in printed order, not far apart, that spell a label of
the outer columns or a stretch of two characters or more of one (some of its characters may have gone
into a category label's pieces already). They are no cell of any row.
"""
from __future__ import annotations

from .rows import JUNK

OUTER = sorted({*JUNK, "年度总体目标", "总体目标"}, key=len, reverse=True)
NEAR = 12  # lines: characters of one vertical label further apart belong to different cells


def spelled(texts: list[str], lines: list[int], first: list[bool]) -> set[int]:
    """Indices of the pieces (text, line, first on its line) that spell outer labels vertically."""
    single = [k for k, t in enumerate(texts) if first[k] and len(t) == 1]
    used: set[int] = set()
    for start in single:
        if start in used:
            continue
        best: list[int] = []
        for word in OUTER:
            for offset in range(len(word) - 1):
                stretch = word[offset:]
                got = _spell(stretch, start, single, texts, lines, used)
                if got is not None and len(got) > len(best):
                    best = got
        if len(best) >= 2:
            used |= set(best)
    return used


def _spell(stretch: str, start: int, single: list[int], texts: list[str], lines: list[int], used: set[int]
           ) -> list[int] | None:
    """The pieces spelling the longest prefix (two characters at least) of `stretch` from piece `start`."""
    if texts[start] != stretch[0]:
        return None
    got = [start]
    for ch in stretch[1:]:
        nxt = next((k for k in single if k > got[-1] and k not in used and texts[k] == ch), None)
        if nxt is None or lines[nxt] - lines[got[-1]] > NEAR:
            break
        got.append(nxt)
    return got if len(got) >= 2 else None
