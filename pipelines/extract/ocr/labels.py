"""Which OCR-read cell texts are the form's printed labels, misread by a character.

Decides when a cell of an OCR page is taken for a label of the form vocabulary (vocabulary.py:
header fields, fund rows, funds-table columns, indicator categories) that it does not spell
exactly. The recogniser sometimes reads a character of a label as another one that is not even
among its runner-ups ('年度资金申请总额' read '年度资金中请总额' or '年度资金手请总额'), or reads a
glyph twice where the detector split a wrapped label ('可持\\n持续影响指标'); the label then names
nothing and its value is lost. The evidence that such a cell is the label:

- its text is one edit from exactly one label spelling (the vocabulary's patterns spelled out):
  one character of a header, fund or funds-column label replaced by another (both ideographs),
  or one character of any label doubled where the cell's lines join (the last glyph of a line
  read again at the start of the next). Category labels are not taken by a replaced character:
  an indicator's own free-text name may be one character from one ('服务对象满意率' beside
  '服务对象满意度'); a glyph doubled across a line join is the detector's, not the form's;
- the label is long enough that one edit leaves it recognisable: at least `MIN_LONG` ideographs
  anywhere, or `MIN_SHORT` where the cell has a cell to its right on the same row — where a
  label stands in the form, its value beside it;
- the cell's text is not itself a label, holds no digit (a value) and is not longer than labels are.

The cells are the layout's own (geometry.page_data: the words of one ruled cell); the edit is
made on the page words, so the layout reads the label, and a note says what was read and what
was taken (doubts.py puts it on the field the label introduces): a correction, never silent.
Anything else — two edits, two labels equally near, a short label without its value beside it —
is left as read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..page import PageModel, Word

MIN_LONG = 5  # ideographs a label needs for one edit to be read anywhere
MIN_SHORT = 4  # ... and with its value cell beside it
_MAX_LEN = 24
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class Mend:
    read: str  # the cell's text as read (no whitespace)
    label: str  # the label spelling taken
    field: str | None  # the record field the label introduces ('budget.annual_total'), None for a category
    how: str  # 'replaced' or 'doubled'


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
def _index() -> dict[str, list[str]]:
    """Each spelling with one ideograph masked ('年度资金?请总额') → the spellings it comes from."""
    idx: dict[str, list[str]] = {}
    for s in vocabulary_labels():
        for i, ch in enumerate(s):
            if _IDEOGRAPH.match(ch):
                idx.setdefault(s[:i] + "\0" + s[i + 1:], []).append(s)
    return idx


def _ideographs(s: str) -> int:
    return len(_IDEOGRAPH.findall(s))


def misread(text: str, beside: bool, joins: set[int] = frozenset()) -> Mend | None:
    """The label `text` (a cell's text, no whitespace) is one edit from, or None. `beside`: the
    cell has a cell to its right on its row; `joins`: indexes of `text` that start a line of the
    cell (a doubled glyph must straddle one)."""
    labels = vocabulary_labels()
    if not text or text in labels or len(text) > _MAX_LEN or re.search(r"\d", text):
        return None
    found: dict[str, str] = {}
    for i, ch in enumerate(text):
        if _IDEOGRAPH.match(ch):
            for s in _index().get(text[:i] + "\0" + text[i + 1:], []):
                if labels[s] is not None:  # a category's free-text neighbours ('服务对象满意率') are too near
                    found.setdefault(s, "replaced")
    for i in joins:
        if 0 < i < len(text) and text[i] == text[i - 1] and _IDEOGRAPH.match(text[i]):
            s = text[:i] + text[i + 1:]
            if s in labels:
                found.setdefault(s, "doubled")
    if len(found) != 1:
        return None
    (label, how), = found.items()
    if _ideographs(label) < (MIN_SHORT if beside else MIN_LONG):
        return None
    return Mend(text, label, labels[label], how)


def mend_page(model: PageModel) -> list[tuple[Word, Mend]]:
    """Correct the page words of every cell that is a misread label (see the module docstring);
    returns the words changed (the one holding the edit) with what was done. A label whose last
    line the cell's blocks left apart (its box overlapped the line above: '年度资金申请总' / '额')
    is read with it, and the two lines are made one word when together they are the label."""
    from ..layout.geometry import page_data, same_row

    data = page_data(model)
    known = vocabulary_labels()
    out: list[tuple[Word, Mend]] = []
    taken: set[int] = set()
    for block in sorted(data.blocks, key=lambda b: b.top):
        text = _plain(block.text)
        if id(block) in taken or not text or text in known or len(text) > _MAX_LEN:
            continue
        members = _words_of(block, model.words)
        if members is None:
            continue  # the cell is not simply its words joined (a word cut at a rule): left alone
        beside = any(b is not block and b.x0 >= block.x1 - 1 and same_row(block, b) for b in data.blocks)
        mend = misread(text, beside, _starts(members))
        if mend is None:
            tail = _tail(block, data.blocks, model)
            tail_words = _words_of(tail, model.words) if tail is not None else None
            if tail_words is None or id(tail) in taken:
                continue
            joined = text + _plain(tail.text)
            mend = None if joined in known else misread(joined, beside, _starts(members + tail_words))
            if joined not in known and mend is None:
                continue
            taken.add(id(tail))
            members = _join_tail(members, tail_words)
            if mend is None:
                continue  # the label read right, in two pieces: now one word
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
    """Write the label into the cell's words; the word holding the edit is returned (its text
    may be left empty: a lone glyph read twice)."""
    read, label = mend.read, mend.label
    k = next((i for i, (a, b) in enumerate(zip(read, label)) if a != b), len(label))
    at = 0
    for w in members:
        p = _plain(w.text)
        if at <= k < at + len(p):
            j = k - at
            plain = p
            w.text = plain[:j] + plain[j + 1:] if mend.how == "doubled" else plain[:j] + label[k] + plain[j + 1:]
            return w, mend
        at += len(p)
    raise AssertionError("the edit lies in the cell's words")  # pragma: no cover - misread() found it there
