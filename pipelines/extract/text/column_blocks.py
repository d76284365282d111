"""A (name, target) table printed column by column (word-processor exports) → its name and target cells.

pdftotext's default mode prints a table that Word, WPS or LibreOffice Writer made as one block per
column and page: the names of the rows, one printed line a line, then their targets. A name too long
for its narrow cell wraps over two or three lines of its block; the targets, short values and state
words, take a line each. Decides, for a block of names followed by a block of targets, which cells the
lines of the name block are: the name block has as many cells as the target block, so it holds as many
wraps as it has lines more. A wrap is where a line fills the column (its widest line, less the one glyph
that line breaking may move to the next line: '、' or '）' never start a line); of such lines, those whose
break reads as one (an unclosed bracket, a next line that cannot stand alone, a line not worded as a
name) are the wraps. The blocks' cells then are names and targets in printed order; bare amounts printed
between the two blocks (the header's funds values beside the table) belong to no row.

Where more lines fill the column than there are wraps and the break alone does not tell which, the
choice is a doubt. Blocks that do not pair (no target block, or fewer lines than targets) are left to
the stream reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import names_a_measure, two_names
from .layout_place import width
from .name_tails import opened_brackets
from .rows import value_like

MIN_CELLS = 3  # a block of fewer cells says nothing about columns (a row or two may lack a target)
TARGET_CHARS = 12  # a target cell longer than this may wrap itself: its block's count is not the rows'
_NO_START = re.compile(r"^[）)、，。；：,.;:%％]")  # glyphs line breaking never puts first on a line
_NO_END = re.compile(r"[、，；：,;:]$")  # glyphs a list or clause goes on after: no cell ends with them
_QUALIFIER = re.compile(r"^[（(][^）)]*[）)]$")
_QUALIFIED = re.compile(r"[（(][^（()）]*[）)]$")  # a closing qualifier: '…（年度）'
_NUMBER = re.compile(r"^[\d,.]+$")


@dataclass
class Cells:
    """The pieces (indices) of one name block and its target block, names as lists of joined lines."""
    names: list[list[int]]
    targets: list[int]
    skipped: list[int]
    doubt: str | None = None


def _tail(nxt: str) -> bool:
    """A line no cell starts with: a glyph line breaking never puts first ('、', '）'), or a bracketed
    qualifier alone ('（年度）', which breaks off a name that has no room left for it)."""
    return bool(_NO_START.match(nxt) or _QUALIFIER.match(nxt))


def fills(line: str, nxt: str, widest: int) -> bool:
    """Whether a line ends where its column does: as wide as the block's widest line (less a half-width
    glyph), or one ideograph narrower where line breaking moved it on with a glyph that never starts a
    line, or any width when the next line is no cell's start (`_tail`)."""
    return continues(width(line), nxt, widest)


def continues(w: int, nxt: str, widest: int) -> bool:
    """`fills` for a line of printed width `w`: whether the cell's text goes on in `nxt`."""
    return w >= 8 and (w >= widest - 1 or w >= widest - 2 and bool(_NO_START.match(nxt[1:2])) or _tail(nxt))


def wraps(line: str, nxt: str, widest: int, printed: int | None = None) -> bool:
    """Whether a cell's text `line` and the next line of its block are one cell wrapped: the line fills
    the column (`continues`, against the widest line `widest` of its block; `printed`: the width of its
    last printed line, where `line` holds more, a tail printed elsewhere joined to it), or falls one
    ideograph short of it where the break itself reads as a wrap (`_wrap_cost`: an unclosed bracket, a
    line no cell ends or starts with, a next line too short to be a name) — glyphs are not all as wide
    as an ideograph (a quote, a digit), so the widest line's width overstates the column by one. A name
    closed by its qualifier ends there ('…完备性（年度）' / '完备'), and so does one closed by a rate or a
    situation before a line worded as a name (`vocabulary.two_names`); two lines worded as whole names
    are two cells where the later one, less its qualifier, is as wide as the earlier (a line of its own,
    not the rest of a line that filled the column: '…及时性' / '综合管理水平提升情况', but '…便捷度' /
    '提升情况（年度）')."""
    w = width(line) if printed is None else printed
    if _closed(line) and not _tail(nxt) or two_names(line, nxt):
        return False
    cost = _wrap_cost(line, nxt)
    if cost > 0 and width(_QUALIFIED.sub("", nxt)) >= w:
        return False
    return continues(w, nxt, widest) or cost <= -1 and w >= max(8, widest - 2)


def _closed(line: str) -> bool:
    """A line that ends in a closed qualifier ('…（年度）')."""
    return bool(_QUALIFIED.search(line))


def _whole(line: str) -> bool:
    """A line worded as a whole name: it ends in its measure or in a closed qualifier ('…（年度）')."""
    return names_a_measure(line) or _closed(line)


def _wrap_cost(line: str, nxt: str) -> float:
    """How little the break between two lines of a name block reads as a wrap (lower: more a wrap)."""
    cost = 0.0
    if opened_brackets(line) > 0:
        cost -= 2.0  # a bracket opened and not closed on its line
    elif _NO_END.search(line):
        cost -= 2.0  # '、', '，': a glyph no cell ends with
    if _tail(nxt):
        cost -= 2.0
    if _whole(line):
        cost += 1.0
    stem = _QUALIFIED.sub("", nxt)
    if len(stem) <= 3 and not (stem and names_a_measure(stem)):
        cost -= 1.0  # '况', '率', '量（年度）': no name on its own
    if names_a_measure(line + nxt) and not _whole(line):
        cost -= 0.5
    return cost


def name_cells(lines: list[str], cells: int) -> tuple[list[list[int]], str | None] | None:
    """The lines of a name block grouped into `cells` cells (indices into `lines`), and a doubt when the
    break alone did not decide the wraps; None when the block cannot hold that many cells."""
    joins = len(lines) - cells
    if joins < 0:
        return None
    widest = max(width(t) for t in lines)
    eligible = [i for i in range(len(lines) - 1) if fills(lines[i], lines[i + 1], widest)]
    if len(eligible) < joins:
        return None
    ranked = sorted(eligible, key=lambda i: (_wrap_cost(lines[i], lines[i + 1]), i))
    chosen = set(ranked[:joins])
    if any(_wrap_cost(lines[i], lines[i + 1]) > 0 for i in chosen):
        return None  # a break between two whole names: a row without a target, not a wrap
    doubt = None
    if joins and len(ranked) > joins and (_wrap_cost(lines[ranked[joins - 1]], lines[ranked[joins - 1] + 1])
                                          == _wrap_cost(lines[ranked[joins]], lines[ranked[joins] + 1])):
        doubt = ("Which lines of the name column are wrapped names is not clear from the text "
                 f"({'/'.join(lines[i] for i in sorted(ranked[:joins + 1]))}); the first that fill the column taken.")
    groups: list[list[int]] = []
    for i in range(len(lines)):
        if groups and i - 1 in chosen:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups, doubt


def _name_block(texts: list[str]) -> bool:
    """Lines of names: no value among them, and most lines long or worded as a name."""
    if len(texts) < MIN_CELLS or any(value_like(t) or _NUMBER.match(t) for t in texts):
        return False
    return sum(1 for t in texts if len(t) >= 5 or names_a_measure(t)) * 2 > len(texts)


def _target_block(texts: list[str]) -> bool:
    """Lines of targets: values or short state words, one a line."""
    if len(texts) < MIN_CELLS or any(len(t) > TARGET_CHARS for t in texts):
        return False
    if all(_NUMBER.match(t) for t in texts):
        return False  # amounts: the header's funds values
    return sum(1 for t in texts if value_like(t) or not names_a_measure(t)) == len(texts)


def column_cells(blocks: list[tuple[list[int], list[str]]]) -> list[Cells]:
    """Name blocks and their target blocks among the table's blocks (piece indices and texts, in printed
    order, one piece a line): a name block is paired with the next target block when only bare amounts
    stand between them and its lines can hold as many cells."""
    out: list[Cells] = []
    k = 0
    while k < len(blocks):
        idx, texts = blocks[k]
        if not _name_block(texts):
            k += 1
            continue
        j, skipped = k + 1, []
        while j < len(blocks) and all(_NUMBER.match(t) for t in blocks[j][1]):
            skipped += blocks[j][0]
            j += 1
        if j < len(blocks) and _target_block(blocks[j][1]):
            got = name_cells(texts, len(blocks[j][1]))
            if got is not None:
                groups, doubt = got
                out.append(Cells([[idx[i] for i in g] for g in groups], list(blocks[j][0]), skipped, doubt))
                k = j + 1
                continue
        k += 1
    return out
