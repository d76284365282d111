"""Names wrapped in their cell whose last line pdftotext prints after other cells of the row.

In a table printed row by row, a name wrapped in a narrow cell may have its last line printed after
the row's target or a category label beside it ('各项补贴费用标准（年' / '成本指标' / '>=90%' / '度）'):
pdftotext orders lines by where they stand, and the row's other cells stand higher than the name's
last line. Decides which text pieces are such tails, by the grammar of a cell only: a piece that
closes a bracket or quote it does not open ('度）', '队长”的就医现象'), a bracketed qualifier alone
('（年度）'), a piece that starts with a glyph no line starts with ('、…'), or one a glyph or two long
that no name or target is ('况') is no cell of its own; it ends the nearest name printed before it
(a bracket left open for a closing tail; a name its measure completes for a short piece, '…紧缺情' /
'况'; else a name ending in its measure, which a qualifier follows), and only across a few cells (the
category labels printed beside them do not count); a tail on the line right below its head is an
ordinary wrap, left to the block's wrap joining (`column_blocks.wraps`, which still measures the head
by its printed line). Joined with a doubt; anything else is left as printed.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..vocabulary import names_a_measure
from .layout_place import width

if TYPE_CHECKING:
    from .cell_pieces import Piece

REACH = 4  # cells (not labels): a tail is printed within a row's other cells of its head
NAME_CHARS = 4  # a head is a name, not a state word ('完备', '缓解')
SHORT_CHARS = 2  # glyphs: a piece this short is no cell of its own where a name before it needs it
_NO_START = re.compile(r"^[）)、，。；：,.;:]")
_QUALIFIER = re.compile(r"^[（(][^（()）]*[）)]$")


_OPEN, _CLOSE = "（(“《", "）)”》"  # brackets and the quotes that open and close like them


def opened_brackets(t: str) -> int:
    """Brackets (and paired quotes) a piece opens and does not close (negative: closes brackets it did
    not open)."""
    return sum(t.count(c) for c in _OPEN) - sum(t.count(c) for c in _CLOSE)


def _short(t: str) -> bool:
    """A piece too short to be a cell of a name or a target on its own: a glyph or two, no number."""
    return len(t) <= SHORT_CHARS and not any(c.isdigit() for c in t)


def _bare(t: str) -> bool:
    """A short piece that no bracket or glyph ties to a name: only a name its measure completes takes it."""
    return _short(t) and opened_brackets(t) >= 0 and not _QUALIFIER.match(t) and not _NO_START.match(t)


def tail_piece(t: str) -> bool:
    """A piece that is no cell of its own: it closes a bracket it does not open, is a bracketed qualifier
    alone, or starts with a glyph no line starts with."""
    return opened_brackets(t) < 0 or bool(_QUALIFIER.match(t) or _NO_START.match(t))


def _tail(t: str) -> bool:
    return tail_piece(t) or _short(t)


def _ends(head: str, tail: str, names: int) -> bool:
    """Whether `tail` can end the name `head`: a closing tail a head with a bracket left open; a short
    piece a head whose measure word it completes, broken between them ('…紧缺情' / '况': not '…完成' /
    '全性', a measure of its own any text before it would end), where the head fills the name column (as
    wide, less an ideograph, as the table's widest name printed whole, `names`); a qualifier a name
    ending in its measure (not a state word) or with a bracket left open."""
    if opened_brackets(tail) < 0:
        return opened_brackets(head) > 0
    if _bare(tail):
        return (names_a_measure(head + tail) and not names_a_measure(head) and not names_a_measure(head[:-1] + tail)
                and width(head) >= names - 2)
    return names_a_measure(head) or opened_brackets(head) > 0


def joined_tails(pieces: list[Piece], doubt) -> list[Piece]:
    """The pieces with every tail (see the module) joined to its head and dropped from the stream."""
    drop: set[int] = set()
    names = max((width(p.text) for p in pieces if p.kind == "text" and names_a_measure(p.text)), default=0)
    for k, p in enumerate(pieces):
        if p.kind != "text" or p.column or not _tail(p.text) or k == 0:
            continue
        # category labels printed between a name and its tail (a column of labels beside it) take no reach
        before = [q for q in range(k - 1, -1, -1) if q not in drop and pieces[q].kind != "label"][:REACH]
        heads = [q for q in before if pieces[q].kind == "text" and not pieces[q].column and len(pieces[q].text) >= NAME_CHARS
                 and not _tail(pieces[q].text)]
        heads = [q for q in heads if _ends(pieces[q].text, p.text, names)]
        if not heads:
            continue
        head = pieces[heads[0]]
        if heads[0] == k - 1 and head.para == p.para and head.line == p.line - 1:
            continue  # the line right below its head: an ordinary wrap, joined with its block's lines
        above = pieces[k - 1]
        if _bare(p.text) and above.kind == "text" and above.para == p.para and above.line == p.line - 1:
            continue  # a short piece right below a line of its block: that line's wrap or a cell, not a far tail
        if opened_brackets(p.text) >= 0 and head.text.endswith(("）", ")")):
            continue  # a name closed by its own qualifier takes no second one
        doubt(f"'{p.text}' is the last line of name '{head.text}', printed after other cells of its row; joined.")
        head.printed = width(head.text) if head.printed is None else head.printed  # its line as printed
        head.text += p.text
        drop.add(k)
    return [p for k, p in enumerate(pieces) if k not in drop]
