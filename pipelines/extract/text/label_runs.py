"""A run of label-like pieces from a cell-per-line export → category labels.

Decides how consecutive short pieces ('经济' '成本' '成本' '指标' '指标') form labels of the
vocabulary: one label printed over several lines, two labels printed side by side whose line
pieces pdftotext interleaves (一级 and 二级 columns both vertical: 经济成本指标 and 成本指标),
the outer 绩效指标 column (dropped), and pieces no label takes (handed back as row text, e.g. the
tail of a wrapped name). The fewest labels win; a dropped piece costs most.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .rows import JUNK, in_vocabulary, label_level

MAX_BLOCK = 10  # pieces: two interleaved labels of five lines each


@dataclass
class LabelHit:
    at: int  # index of the label's first piece in the run
    text: str | None  # the label (None: the piece is not part of a label)
    level: int | None = None  # 1 / 2; None for the outer 绩效指标 column
    end: int = -1  # index of the label's last piece (of its block, for interleaved labels)


def _whole(text: str) -> float | None:
    """Cost of a text as one group: a label, the outer 绩效指标 column, or neither."""
    if text[:1] == "标":
        return None  # the tail of a label broken before its last glyph ('效益指' / '标') starts none
    if in_vocabulary(text):
        return 1.0
    if label_level(text) is not None:
        return 2.5  # a label by shape only ('…成本指标'): dearer than two vocabulary labels
    if text in JUNK:
        return 0.5
    return None


@lru_cache(maxsize=4096)
def _interleaved(block: tuple[str, ...]) -> tuple[float, str, str] | None:
    """The cheapest two labels whose pieces interleave in `block` (each piece in order within its label)."""
    m = len(block)
    best: tuple[float, str, str] | None = None
    for mask in range(1 << (m - 1)):
        a = "".join(block[k] for k in range(m) if k == 0 or not (mask >> (k - 1)) & 1)
        b = "".join(block[k] for k in range(1, m) if (mask >> (k - 1)) & 1)
        if not b or (label_level(a) is None and label_level(b) is None):
            continue
        ca, cb = _whole(a), _whole(b)
        if ca is not None and cb is not None and (best is None or ca + cb < best[0]):
            best = (ca + cb, a, b)
    return best


def solve_labels(texts: list[str], lines: list[int]) -> list[LabelHit]:
    """Labels (and unused pieces) of one run, in printed order."""
    n = len(texts)
    cost = [0.0] * (n + 1)
    step: list[tuple[str, int, tuple[str, ...]]] = [("end", n, ())] * (n + 1)
    for pos in range(n - 1, -1, -1):
        options: list[tuple[float, tuple[str, int, tuple[str, ...]]]] = [(3.0 + cost[pos + 1], ("drop", pos + 1, ()))]
        acc = ""
        for j in range(pos + 1, min(n, pos + MAX_BLOCK) + 1):
            acc += texts[j - 1]
            c = _whole(acc)
            if c is not None:
                options.append((c + cost[j], ("one", j, (acc,))))
            if j - pos >= 3:
                two = _interleaved(tuple(texts[pos:j]))
                if two is not None:
                    options.append((two[0] + 0.2 + cost[j], ("two", j, two[1:])))
        cost[pos], step[pos] = min(options, key=lambda o: o[0])
    out: list[LabelHit] = []
    pos = 0
    while pos < n:
        kind, nxt, labs = step[pos]
        if kind == "drop":
            out.append(LabelHit(pos, None, None, pos))
        else:
            for lab in sorted(labs, key=lambda t: label_level(t) or 3):
                out.append(LabelHit(pos, lab, label_level(lab), nxt - 1))
        pos = nxt
    return out
