"""Which OCR-read cell texts are the form's printed labels, misread by a character.

Decides when a cell of an OCR page is taken for a label of the form vocabulary (vocabulary.py:
header fields, fund rows, funds-table columns, indicator categories) that it does not spell
exactly. The recogniser sometimes reads a character of a label as another one that is not even
among its runner-ups ('年度资金申请总额' read '年度资金中请总额' or '年度资金手请总额'), or reads a
glyph twice where the detector split a wrapped label ('可持\\n持续影响指标'); the label then names
nothing and its value is lost. The evidence that such a cell is the label:

- its text is near exactly one label spelling (the vocabulary's patterns spelled out): one edit
  (a character replaced, lost or added) from a header, fund or funds-column label, two edits from
  such a label of at least `MIN_TWO` ideographs with its value beside it ('年度资金请总和' on a
  120-dpi scan), or any label with one character doubled where the cell's lines join (the last
  glyph of a line read again at the start of the next), or a category label of at least `MIN_TWO`
  ideographs wrapped in its cell with one glyph lost ('服务对满' / '意度指标'). Category labels are
  not taken by other edits: an indicator's own free-text name may be one character from one
  ('服务对象满意率' beside '服务对象满意度'); a glyph doubled across a line join is the
  detector's, not the form's;
- the label is long enough that one edit leaves it recognisable: at least `MIN_LONG` ideographs
  anywhere, or `MIN_SHORT` where the cell has a cell to its right on the same row — where a
  label stands in the form, its value beside it;
- the cell's text is not itself a label or a caption ('项目资金（元）' is two edits from
  '项目资金总额（元）'), holds no digit (a value) and is not longer than labels are.

The cells are the layout's own (geometry.page_data: the words of one ruled cell); the edit is
made on the page words, so the layout reads the label, and a note says what was read and what
was taken (doubts.py puts it on the field the label introduces): a correction, never silent.
Anything else — more edits, two labels equally near, a short label without its value beside it —
is left as read. A label short of glyphs is first read with the line under it in the same cell,
which the cell's blocks may have left apart ('年度资金申请总' / '额': the first line's box overlapped
the second).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ..page import PageModel, Word
from .marks import IDEOGRAPH

MIN_LONG = 5  # ideographs a label needs for one edit to be read anywhere
MIN_SHORT = 4  # ... and with its value cell beside it
MIN_TWO = 7  # ideographs a label needs for two edits, with its value beside it
_MAX_LEN = 24


@dataclass(frozen=True, slots=True)
class Mend:
    read: str  # the cell's text as read (no whitespace)
    label: str  # the label spelling taken
    field: str | None  # the record field the label introduces ('budget.annual_total'), None for a category
    how: str  # 'replaced', 'lost', 'added', 'two edits' or 'doubled'


def _spellings(pattern: re.Pattern[str], cap: int = 4000) -> list[str] | None:
    """Every string a finite label pattern matches ('^(?:A|B)(?:[（(]万?元[)）])?$' → A, A（元）, …),
    a repeat counted at most once; None for a pattern that is not a finite list of spellings."""
    from re import _constants as K  # noqa: N812 - the regex parser's own names
    from re import _parser as P  # noqa: N812

    def seq(items) -> list[str] | None:
        outs = [""]
        for op, av in items:
            if op is K.AT:
                continue
            if op is K.LITERAL:
                alts = [chr(av)]
            elif op is K.IN:
                if any(o is not K.LITERAL for o, _a in av):
                    return None
                alts = [chr(a) for _o, a in av]
            elif op is K.SUBPATTERN:
                alts = seq(av[3])
            elif op is K.BRANCH:
                alts = []
                for branch in av[1]:
                    s = seq(branch)
                    if s is None:
                        return None
                    alts += s
            elif op in (K.MAX_REPEAT, K.MIN_REPEAT):
                s = seq(av[2])
                alts = None if s is None else ([""] if av[0] == 0 else []) + s
            else:
                return None
            if alts is None:
                return None
            outs = [o + a for o in outs for a in alts]
            if len(outs) > cap:
                return None
        return outs

    return seq(P.parse(pattern.pattern))


@lru_cache(maxsize=1)
def vocabulary_labels() -> dict[str, str | None]:
    """Label spelling → the record field it introduces (None: a category label, which is its own value)."""
    from .. import vocabulary as v

    out: dict[str, str | None] = {}
    for table, prefix in ((v._HEADER, ""), (v._BUDGET_ROWS, "budget."), (v._BUDGET_COLUMNS, "budget.")):
        for pattern, name in table:
            for s in _spellings(pattern) or []:
                out.setdefault(s, prefix + name)
    for s in sorted(v.LEVEL1 | v.LEVEL2):
        out.setdefault(s, None)
    return out


@lru_cache(maxsize=1)
def _field_spellings() -> list[tuple[str, Counter]]:
    """The spellings of labels that introduce a field, with their characters counted."""
    return [(s, Counter(s)) for s, f in vocabulary_labels().items() if f is not None]


@lru_cache(maxsize=1)
def _lost_index() -> dict[str, list[str]]:
    """Each spelling with one ideograph taken out and its place marked ('服务对\0满意度指标')."""
    idx: dict[str, list[str]] = {}
    for s in vocabulary_labels():
        for i, ch in enumerate(s):
            if IDEOGRAPH.match(ch):
                idx.setdefault(s[:i] + "\0" + s[i + 1:], []).append(s)
    return idx


def _ideographs(s: str) -> int:
    return len(IDEOGRAPH.findall(s))


def misread(text: str, beside: bool, joins: set[int] = frozenset()) -> Mend | None:
    """The label `text` (a cell's text, no whitespace) is misread from, or None. `beside`: the
    cell has a cell to its right on its row; `joins`: indexes of `text` that start a line of the
    cell (a doubled glyph must straddle one)."""
    labels = vocabulary_labels()
    if not text or is_label(text) or len(text) > _MAX_LEN or re.search(r"\d", text):
        return None
    colon = text[len(text.rstrip(":：")):]  # a label's colon is no part of it ('年度资金总额：')
    text = text[:len(text) - len(colon)]
    found: dict[str, tuple[int, str]] = {}
    for i in joins:
        if 0 < i < len(text) and text[i] == text[i - 1] and IDEOGRAPH.match(text[i]) and text[:i] + text[i + 1:] in labels:
            found.setdefault(text[:i] + text[i + 1:], (1, "doubled"))
    if len(joins - {0}) >= 1:  # a wrapped category label that lost a glyph ('服务对满' / '意度指标')
        for i in range(len(text) + 1):
            for s in _lost_index().get(text[:i] + "\0" + text[i:], []):
                if labels[s] is None and _ideographs(s) >= MIN_TWO:
                    found.setdefault(s, (1, "lost"))
    counted = Counter(text)
    for s, chars in _field_spellings():  # a category's free-text neighbours ('服务对象满意率') are too near
        if abs(len(s) - len(text)) > 2 or sum((counted & chars).values()) < len(s) - 2:
            continue
        d = Levenshtein.distance(text, s)
        n = _ideographs(s)
        if (d == 1 and n >= (MIN_SHORT if beside else MIN_LONG)) or (d == 2 and beside and n >= MIN_TWO):
            found.setdefault(s, (d, "replaced" if len(s) == len(text) else "lost" if len(s) > len(text) else "added"))
    if not found:
        return None
    least = min(d for d, _how in found.values())
    best = sorted((s for s, (d, _how) in found.items() if d == least), key=lambda s: (abs(len(s) - len(text)), len(s)))
    if len({labels[s] for s in best}) != 1:
        return None  # two labels equally near: left as read
    label = best[0]
    return Mend(text + colon, label + colon, labels[label], found[label][1] if least == 1 else "two edits")


def is_label(text: str) -> bool:
    """Does the vocabulary read this text as a label (or the layout as a caption) as it is?"""
    from .. import vocabulary as v
    from ..layout.header_zone import is_caption

    return bool(v.header_field(text) or v.budget_row(text) or v.budget_column(text) or v.column_role(text)
                or text.rstrip(":：") in v.LEVEL1 | v.LEVEL2 or is_caption(text))  # categories as printed, not by shape


def mend_page(model: PageModel) -> list[tuple[Word, Mend]]:
    """Correct the page words of every cell that is a misread label (see the module docstring);
    returns the words changed (the one holding the edit) with what was done. A label whose last
    line the cell's blocks left apart (its box overlapped the line above: '年度资金申请总' / '额')
    is read with it, and the two lines are made one word when together they are the label."""
    from ..layout.geometry import page_data, same_row

    data = page_data(model)
    out: list[tuple[Word, Mend]] = []
    taken: set[int] = set()
    for block in sorted(data.blocks, key=lambda b: b.top):
        text = _plain(block.text)
        if id(block) in taken or not text or is_label(text) or len(text) > _MAX_LEN:
            continue
        members = _words_of(block, model.words)
        if members is None:
            continue  # the cell is not simply its words joined (a word cut at a rule): left alone
        beside = any(b is not block and b.x0 >= block.x1 - 1 and same_row(block, b) for b in data.blocks)
        mend = misread(text, beside, _starts(members))
        if mend is None or len(mend.label) > len(text):  # nothing, or a label short of glyphs: its last line?
            tail = _tail(block, data.blocks, model)
            tail_words = _words_of(tail, model.words) if tail is not None and id(tail) not in taken else None
            if tail_words is not None:
                joined = text + _plain(tail.text)
                whole = None if is_label(joined) else misread(joined, beside, _starts(members + tail_words))
                if is_label(joined) or whole is not None:
                    taken.add(id(tail))
                    members, mend = _join_tail(members, tail_words), whole
        if mend is None:
            continue  # no label, or the label read right in two pieces (now one word)
        out.append(_apply(members, mend))
    model.words = [w for w in model.words if w.text.strip()]
    return out


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _words_of(block, words: list[Word]) -> list[Word] | None:
    """The page words of a block (centres inside it) in reading order, or None when the block's
    text is not simply theirs joined."""
    members = sorted((w for w in words if block.x0 - 0.5 <= (w.x0 + w.x1) / 2 <= block.x1 + 0.5
                      and block.top - 0.5 <= (w.top + w.bottom) / 2 <= block.bottom + 0.5),
                     key=lambda w: (round(w.top, 1), w.x0))
    return members if members and "".join(_plain(w.text) for w in members) == _plain(block.text) else None


def _starts(members: list[Word]) -> set[int]:
    starts, at = set(), 0
    for w in members:
        starts.add(at)
        at += len(_plain(w.text))
    return starts


def _tail(block, blocks, model: PageModel):
    """A one-line block of a few glyphs just under `block`, within its width, no rule between:
    the last line of the same cell, which the blocks left apart."""
    size = block.bottom - block.top if block.lines == 1 else (block.bottom - block.top) / block.lines
    best = None
    for b in blocks:
        if b is block or b.lines != 1 or len(_plain(b.text)) > 4:
            continue
        if not (block.top + 0.5 * size < b.top <= block.bottom + 0.55 * size):
            continue
        if b.x0 < block.x0 - 1 or b.x1 > block.x1 + 1:
            continue
        if any(block.bottom - size / 2 < r.y < b.cy and r.x0 - 1 <= b.cx <= r.x1 + 1 for r in model.hrules):
            continue
        if best is None or b.top < best.top:
            best = b
    return best


def _join_tail(members: list[Word], tail: list[Word]) -> list[Word]:
    """The tail's words appended to the cell's last word (one word: the layout then reads one cell)."""
    last = members[-1]
    last.text = _plain(last.text) + "".join(_plain(w.text) for w in tail)
    last.bottom = max(last.bottom, max(w.bottom for w in tail))
    last.confidence = min([last.confidence] + [w.confidence for w in tail])
    for w in tail:
        w.text = ""
    return members


def _apply(members: list[Word], mend: Mend) -> tuple[Word, Mend]:
    """Write the label into the cell's words, each edit into the word holding it (a line keeps its
    box); the word holding the first edit is returned (a word may be left empty: a lone glyph read
    twice)."""
    owner = [k for k, w in enumerate(members) for _c in _plain(w.text)]
    pieces = [""] * len(members)
    first = None
    for op, i1, i2, j1, j2 in Levenshtein.opcodes(mend.read, mend.label):
        if op == "equal":
            for i in range(i1, i2):
                pieces[owner[i]] += mend.read[i]
            continue
        k = owner[i1] if i1 < len(owner) and (op != "insert" or i1 == 0) else owner[i1 - 1]
        pieces[k] += mend.label[j1:j2]
        first = k if first is None else first
    for w, p in zip(members, pieces):
        w.text = p
    return members[first if first is not None else 0], mend
