"""Names wrapped in their cell whose last line pdftotext prints after other cells of the row.

In a table printed row by row, a name wrapped in a narrow cell may have its last line printed after
the row's target or a category label beside it ('各项补贴费用标准（年' / '成本指标' / '>=90%' / '度）'):
pdftotext orders lines by where they stand, and the row's other cells stand higher than the name's
last line. Decides which text pieces are such tails, by the grammar of a cell only: a piece that
closes a bracket it does not open ('度）'), a bracketed qualifier alone ('（年度）'), or a piece that
starts with a glyph no line starts with ('、…') is no cell of its own; it ends the nearest name printed
before it (a bracket left open for a closing tail, else a name ending in its measure, which a
qualifier follows), and only across a few pieces; a tail on the line right below its head is an
ordinary wrap, left to the block's wrap joining. Joined with a doubt; anything else is left as printed.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..vocabulary import names_a_measure

if TYPE_CHECKING:
    from .cell_pieces import Piece

REACH = 4  # pieces: a tail is printed within a row's other cells of its head
NAME_CHARS = 4  # a head is a name, not a state word ('完备', '缓解')
_NO_START = re.compile(r"^[）)、，。；：,.;:]")
_QUALIFIER = re.compile(r"^[（(][^（()）]*[）)]$")


def opened_brackets(t: str) -> int:
    """Brackets a piece opens and does not close (negative: closes brackets it did not open)."""
    return t.count("（") + t.count("(") - t.count("）") - t.count(")")


def tail_piece(t: str) -> bool:
    """A piece that is no cell of its own: it closes a bracket it does not open, is a bracketed qualifier
    alone, or starts with a glyph no line starts with."""
    return opened_brackets(t) < 0 or bool(_QUALIFIER.match(t) or _NO_START.match(t))


def joined_tails(pieces: list[Piece], doubt) -> list[Piece]:
    """The pieces with every tail (see the module) joined to its head and dropped from the stream."""
    drop: set[int] = set()
    for k, p in enumerate(pieces):
        if p.kind != "text" or p.column or not tail_piece(p.text) or k == 0:
            continue
        before = [q for q in range(k - 1, max(-1, k - 1 - REACH), -1) if q not in drop]
        heads = [q for q in before if pieces[q].kind == "text" and not pieces[q].column and len(pieces[q].text) >= NAME_CHARS
                 and not tail_piece(pieces[q].text)]
        if opened_brackets(p.text) < 0:
            heads = [q for q in heads if opened_brackets(pieces[q].text) > 0]
        else:  # a qualifier follows the measure a name ends in ('…完成率' / '（年度）'), not a state word
            heads = [q for q in heads if names_a_measure(pieces[q].text) or opened_brackets(pieces[q].text) > 0]
        if not heads:
            continue
        head = pieces[heads[0]]
        if heads[0] == k - 1 and head.para == p.para and head.line == p.line - 1:
            continue  # the line right below its head: an ordinary wrap, joined with its block's lines
        if opened_brackets(p.text) >= 0 and head.text.endswith(("）", ")")):
            continue  # a name closed by its own qualifier takes no second one
        doubt(f"'{p.text}' is the last line of name '{head.text}', printed after other cells of its row; joined.")
        head.text += p.text
        drop.add(k)
    return [p for k, p in enumerate(pieces) if k not in drop]
