"""Funds row labels broken inside a word, with the row's cells printed between the pieces.

Decides which printed pieces of the self-evaluation funds block are one row label: Word wraps a
label in its narrow cell ('年度资金总' / '额：', '其中：当年' / '财政拨款', '上年结转资' / '金') and
pdftotext prints the row's numbers, on the label's first line, between the two pieces — and the
block's outer label ('项目资金' … '（万元）') may be printed among them too. Two pieces join when
neither names a funds row and the joined text does (the vocabulary's row labels), with nothing but
numbers, dashes and the unit label between them; the row label is then printed whole where its
first piece was. Anything else is left as printed.
"""
from __future__ import annotations

from ..normalize import squash
from .tokens import budget_row, is_number_token, money_unit

_WITHIN = 8  # tokens: a row's cells (six at the most) and the unit label between a label's two pieces


def _between(t: str) -> bool:
    """A token that may be printed between a row label's pieces: a cell, or the block's unit label."""
    k = squash(t) or ""
    return is_number_token(k) or bool(money_unit(k)) or k == "项目资金"


def join_row_labels(tlines: list[list[str]]) -> list[list[str]]:
    """The lines with every funds row label broken around its row's cells printed whole at its first piece."""
    lines = [list(toks) for toks in tlines]
    flat = [(i, j) for i, toks in enumerate(lines) for j in range(len(toks))]
    gone: set[tuple[int, int]] = set()
    for n, (i, j) in enumerate(flat):
        head = squash(lines[i][j]) or ""
        if (i, j) in gone or not head or _between(head) or budget_row(head):
            continue
        for m in range(n + 1, min(len(flat), n + 2 + _WITHIN)):
            i2, j2 = flat[m]
            tail = squash(lines[i2][j2]) or ""
            if (i2, j2) in gone or _between(tail):
                continue
            if budget_row(head + tail):
                lines[i][j] = head + tail
                gone.add((i2, j2))
            break  # the first text after the piece is its tail or no piece of it
    return [[t for j, t in enumerate(toks) if (i, j) not in gone] for i, toks in enumerate(lines)]
