"""A -layout table printed in row bands → its rows, read as the stream of its lines' words.

pdftotext -layout keeps a word processor's row bands line for line (the provinces' one-table 自评表:
every cell centred in its row, a row's one-line cells on its 分值/得分 line, wrapped cells above and
below), but it packs the narrow value columns a space apart ('=100.00(%) 达成指标 10.00 9.00'), so the
column positions do not separate the cells. Decides that such a table is read as pdftotext's default
mode reads it: every line's words in order, pieces classified (`cell_pieces`), rows around their
anchors (`row_bands`). Only where the stream shows the bands; any other -layout table is left to
`columns`.
"""
from __future__ import annotations

import re

from ..assemble import FormBuilder
from ..normalize import parse_number
from ..vocabulary import is_total_score_label
from .cell_pieces import broken_title, table_zone
from .cell_rows import scored_rows
from .row_bands import printed_in_bands
from .rows import RowRec


_HEAD = re.compile(r"^\d+\.\d?$")  # '100.0' of '100.00'
_TAIL = re.compile(r"^\d{1,2}$")


_PACKED = re.compile(r"\S [\d.]+ [\d.]+(?: |$)")  # '达成指标 10.00 9.00': a space apart
_SPACED = re.compile(r"[\d.]+ {2,}[\d.]+(?: |$)")  # '10.00    9.00': columns the spaces separate


def _packed(lines: list[str]) -> bool:
    """Whether the rows' weight and score are printed a space apart from each other and the cell before
    them (most lines holding two numbers side by side): columns the positions cannot tell apart."""
    packed = sum(1 for ln in lines if _PACKED.search(ln))
    spaced = sum(1 for ln in lines if _SPACED.search(ln))
    return packed >= 2 and packed >= 2 * spaced


def _total_unwrapped(lines: list[str]) -> list[str]:
    """The total row's score wrapped in the narrow 得分 column around its line ('100.0' / '总分 44.00' /
    '0'): its two pieces joined on the 总分 line, where they read as one score."""
    out = list(lines)
    printed = [k for k, t in enumerate(out) if t.strip()]
    for q, k in enumerate(printed[1:-1], 1):
        toks = out[k].split()
        above, below = out[printed[q - 1]].strip(), out[printed[q + 1]].strip()
        if (len(toks) == 2 and is_total_score_label(toks[0]) and parse_number(toks[1]) is not None
                and _HEAD.match(above) and _TAIL.match(below) and (parse_number(above + below) or 101) <= 100):
            out[k] = f"{out[k]} {above}{below}"
            out[printed[q - 1]] = out[printed[q + 1]] = ""
    return out


def banded_layout_rows(b: FormBuilder, body: list[str], hdr: int, known: set[str]) -> list[RowRec] | None:
    """The rows of the scored table whose column titles are on line `hdr`, when its lines show row
    bands; None otherwise (nothing read). `known`: header values, no row's cells."""
    start = hdr - 1 if hdr > 0 and broken_title(body, hdr - 1) else hdr
    lines = _total_unwrapped([" ".join(ln.split()) if ln.strip() != "\f" else ln for ln in body[start:]])
    if not _packed(body[start:]):
        return None
    probe = FormBuilder(b.form.form_type, b.form.year)
    if not printed_in_bands(table_zone(probe, lines, known).pieces):
        return None
    zone = table_zone(b, lines, known)
    rows, _ = scored_rows(b, zone, ["target", "actual"])
    return rows
