"""Marks the recogniser dropped: restore a thin punctuation mark the CTC blank outvoted.

Decides when a mark is missing from a recognised line and where it goes. Two cases, both
needing the recogniser's own weak reading of the mark in the gap (`Line.gaps`):

- the second '=' of a comparison ('>=1个' read '>1个': the '=' had 0.43 under the blank),
  where the gap right after '>' or '<' reads '=' with at least `MIN_SIGN` weight, and the
  sign before a value that starts with a digit, where the gap before it reads signs with that
  weight ('≥90.00(%)' read '90.00(%)': '≥' 0.31, '>' 0.09 under the blank; a '2' there, where
  a sign is read too, counts for '≥');
- the mate of a paired mark. Printed text pairs its marks
(“…”, "…", （…）, 《…》, 【…】); a recogniser often reads the first mark and loses the thin
second one, whose time steps the CTC blank outvotes ('改革"1+1+1签约': the closing quote
had weight 0.3 under a blank of 0.6). When a line holds an odd number of one kind of quote,
or more opening than closing brackets of a kind (or the reverse), the missing mark is put
where the recogniser saw it weakly: the gap reading (`Line.gaps`) on the open side of the
lone mark with the most weight for the missing mark, at least `MIN_WEIGHT` (`MIN_BRACKET`
for a bracket); where a line
holds no quote at all but two gap readings of one (`MIN_BOTH` each: a light print), both. Its
certainty is that weight, so the word is flagged as uncertain (doubts.py). Without such a
reading nothing is invented: a bracket legitimately left open at a wrapped cell's line end
stays open (a field value still unbalanced once its lines are joined is a doubt: doubts.py).
Curly quotes read all in one direction are turned to open and close in turn. Whether a pair
is straight or curly ('"1+1+1"' / '“1+1+1”') is a pixel or two at 150 dpi, and the recogniser's
readings of the two are often near even (0.40 / 0.39): the line keeps the family its readings
weigh more for (a pair read half and half takes one family), and nothing else decides it —
offices type both. The shape is no part of a project's identity (transform/project_identity.py),
so a scan and a text layer of one project's forms are one project; the word's low certainty
stays a doubt (doubts.py).

A third case is the decimal point of an amount: '1196000.00' read '119600000' (the point had
0.40 under the blank) multiplies the amount by 100 and nothing else in the text says so. In a
run of at least `POINT_RUN` digits with no point, a gap reading of '.' one or two digits before
the run's end is put back when it is the gap's strongest reading with at least `MIN_POINT`
weight (amounts and rates print one or two decimals; a weight or score of one to three digits is
never touched).

A fourth is the hyphen of a compound name ('信息化-基于市民电子健康档案…': 0.30 under the blank):
between two ideographs, a gap whose strongest reading is a hyphen or dash with at least
`MIN_HYPHEN` weight gets it back (without it the printed name is another name). Nothing else
is put between ideographs: a '·' or ':' read weakly there is as often a gap between a label
and its value on one line.
"""
from __future__ import annotations

import re
from collections.abc import Container

from .engine import Line

MIN_WEIGHT = 0.05  # the mate of a lone mark: the text needs it, any reading of it on the open side will do
MIN_BOTH = 0.1  # both marks of a quote, when the recogniser read neither
MIN_BRACKET = 0.1  # a bracket opened on a line often closes on the next (a wrapped cell): more evidence
MIN_SIGN = 0.25  # '>1' is a valid value too: the '=' needs more evidence than a missing mate
MIN_POINT = 0.15  # and the gap's strongest reading: a point lost makes an amount 100 times too large
MIN_HYPHEN = 0.15  # ... and a hyphen's: a name that lost it ('信息化-基于…' read '信息化基于…') names no project
_HYPHENS = ("-", "－", "—")
POINT_RUN = 4  # digits a run needs before a lost point is looked for
_DIGIT_RUN = re.compile(r"\d+")
IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")  # one CJK ideograph (the OCR modules' one definition)
_SIGNS = "<>＜＞"
_ALL_SIGNS = "≥≤<>=＜＞＝"
# marks that read as one another on a scan: a kind of quote is any of its shapes
_QUOTES = {"double": ('"', "“", "”", "＂", "〃"), "single": ("'", "‘", "’", "＇")}
_BRACKETS = (("（(", "）)"), ("《", "》"), ("【", "】"), ("[［", "]］"), ("「", "」"), ("〔", "〕"))
# the closing shape of a directional opening quote, and the reverse
_MATE = {"“": "”", "”": "“", "‘": "’", "’": "‘"}


def restore(line: Line) -> list[str]:
    """Insert the missing marks of `line` (text, chars, xs) where the recogniser weakly saw them;
    returns a note per mark inserted (for doubts)."""
    notes: list[str] = []
    for run in list(_DIGIT_RUN.finditer(line.text))[::-1]:
        a, b = run.span()
        if b - a >= POINT_RUN and line.text[a - 1:a] not in (".", ",") and line.text[b:b + 1] not in (".", ","):
            spots = {k for k, _x, alts in line.gaps if b - 2 <= k < b and alts and alts[0][0] == "."}
            notes.append(_insert(line, (".",), spots, ".", MIN_POINT))
    for k in sorted({k for k, _x, alts in line.gaps if alts and alts[0][0] in _HYPHENS and 0 < k < len(line.text)
                     and IDEOGRAPH.match(line.text[k - 1]) and IDEOGRAPH.match(line.text[k])}, reverse=True):
        notes.append(_insert(line, _HYPHENS, {k}, "-", MIN_HYPHEN))
    if line.text[:1].isdigit():  # a value whose comparison sign the blank outvoted ('≥90.00(%)' read '90.00(%)')
        line.gaps = [(k, x, _sign_reading(alts) if k == 0 else alts) for k, x, alts in line.gaps]
        notes.append(_insert(line, _ALL_SIGNS, range(0, 1), "≥", MIN_SIGN))
    for i in [i for i, ch in enumerate(line.text) if ch in _SIGNS][::-1]:
        if line.text[i + 1:i + 2] not in ("=", "＝"):
            notes.append(_insert(line, ("=", "＝"), range(i + 1, i + 2), "=", MIN_SIGN))
    for shapes in _QUOTES.values():
        where = [i for i, ch in enumerate(line.text) if ch in shapes]
        if not where:
            notes += _both(line, shapes)
        elif len(where) % 2:
            lone = line.text[where[-1]]
            side = range(where[-1] + 1, len(line.text) + 1) if len(where) > 1 else range(0, len(line.text) + 1)
            notes.append(_insert(line, shapes, side, _MATE.get(lone, lone)))
    notes += _match_kinds(line)
    for opening, closing in _BRACKETS:
        opens, closes = _lone(line.text, opening, closing)
        if opens:  # an opening mark never closed: the closing one is after it
            shape = closing[opening.index(line.text[opens[-1]])]
            notes.append(_insert(line, closing, range(opens[-1] + 1, len(line.text) + 1), shape, MIN_BRACKET))
        elif closes:  # a closing mark never opened: the opening one is before it
            shape = opening[closing.index(line.text[closes[0]])]
            notes.append(_insert(line, opening, range(0, closes[0] + 1), shape, MIN_BRACKET))
    _turn_quotes(line)
    return [n for n in notes if n]


def _sign_reading(alts: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A gap reading before a value's first digit as one sign: all its sign readings' weight on the
    sign the value grammar takes (lexicon.sign_of). Its '2', where it reads a sign at all, is the
    recogniser's reading of '≥' too (the bar under '>' makes the 2's base: '2' 0.30, '>' 0.13, '≥'
    0.08 before '90%' was '≥90%')."""
    from .lexicon import sign_of

    if sum(p for c, p in alts if c in _ALL_SIGNS) < MIN_WEIGHT:
        return alts
    weights: dict[str, float] = {}
    for c, p in alts:
        if c in _ALL_SIGNS or c == "2":
            weights["≥" if c == "2" else c] = weights.get("≥" if c == "2" else c, 0.0) + p
    shape = sign_of(weights)
    return [(shape, sum(weights.values()))] + [(c, p) for c, p in alts if c not in _ALL_SIGNS and c != "2"]


def _lone(text: str, opening: str, closing: str) -> tuple[list[int], list[int]]:
    """(opening marks never closed, closing marks never opened) of one kind of bracket."""
    opens, closes = [], []
    for i, ch in enumerate(text):
        if ch in opening:
            opens.append(i)
        elif ch in closing:
            if opens:
                opens.pop()
            else:
                closes.append(i)
    return opens, closes


def _match_kinds(line: Line) -> list[str]:
    """A bracket of one kind opened and one of another kind closed after it ('（上海市统计制度》'):
    one of the two was misread; the less certain one takes its mate's kind."""
    notes = []
    for a_open, a_close in _BRACKETS:
        for b_open, b_close in _BRACKETS:
            if a_open == b_open:
                continue
            opens, _ = _lone(line.text, a_open, a_close)
            _, closes = _lone(line.text, b_open, b_close)
            if not opens or not closes or closes[-1] < opens[0]:
                continue
            i, j = opens[0], [c for c in closes if c > opens[0]][0]
            sure_i = line.chars[i][0][1] if line.chars else 1.0
            sure_j = line.chars[j][0][1] if line.chars else 1.0
            k, shape = (i, b_open[0]) if sure_i <= sure_j else (j, a_close[a_open.index(line.text[i])])
            was = line.text[k]
            line.text = line.text[:k] + shape + line.text[k + 1:]
            if line.chars:
                line.chars[k] = [(shape, line.chars[k][0][1])] + [(c, p) for c, p in line.chars[k][1:] if c != shape]
            notes.append(f"read '{was}' where '{shape}' pairs the line's brackets")
    return notes


def _turn_quotes(line: Line) -> None:
    """Curly quotes of a line read in one direction ('”便捷就医服务”': the two shapes differ by a
    few pixels) are turned to open and close in turn. A pair read half straight, half curly
    ('”1+1+1"') takes the family its readings weigh more for, both marks together."""
    for straight, (opening, closing) in (('"', ("“", "”")), ("'", ("‘", "’"))):
        where = [i for i, ch in enumerate(line.text) if ch in (straight, opening, closing)]
        if not where or len(where) % 2:
            continue
        if any(line.text[i] == straight for i in where):
            if all(line.text[i] == straight for i in where) or not line.chars:
                continue
            flat = sum(p for i in where for c, p in line.chars[i] if c == straight)
            curly = sum(p for i in where for c, p in line.chars[i] if c in (opening, closing))
            if flat >= curly:
                for i in where:
                    line.chars[i] = [(straight, line.chars[i][0][1])] + [(c, p) for c, p in line.chars[i][1:]
                                                                         if c != straight]
                line.text = "".join(straight if i in where else ch for i, ch in enumerate(line.text))
                continue
        text = list(line.text)
        for n, i in enumerate(where):
            want = opening if n % 2 == 0 else closing
            if text[i] != want:
                text[i] = want
                if line.chars:
                    line.chars[i] = [(want, line.chars[i][0][1])] + [(c, p) for c, p in line.chars[i][1:] if c != want]
        line.text = "".join(text)


def unbalanced(text: str) -> str | None:
    """The first mark of `text` without its mate (odd quotes of a kind, a bracket never closed), or
    None. A closing bracket never opened is not counted: '1）' numbers a list item."""
    for shapes in _QUOTES.values():
        marks = [ch for ch in text if ch in shapes]
        if len(marks) % 2:
            return marks[-1]
    for opening, closing in _BRACKETS:
        depth = 0
        for ch in text:
            if ch in opening:
                depth += 1
            elif ch in closing:
                depth = max(0, depth - 1)
        if depth:
            return next(ch for ch in reversed(text) if ch in opening)
    return None


def _both(line: Line, shapes: tuple) -> list[str]:
    """Both marks of a quote the recogniser saw only weakly (two gap readings of it, each at least
    `MIN_BOTH`: a light print loses both): the two strongest, first opening, second closing."""
    seen = sorted(((sum(p for c, p in alts if c in shapes), k) for k, _x, alts in line.gaps), reverse=True)
    seen = [(w, k) for w, k in seen if w >= MIN_BOTH][:2]
    if len(seen) < 2:
        return []
    (_, a), (_, b) = sorted(seen, key=lambda wk: wk[1])
    opening, closing = ("“", "”") if shapes[0] == '"' else ("‘", "’")
    first = _insert(line, shapes, range(a, a + 1), opening, MIN_BOTH)
    return [first, _insert(line, shapes, range(b + 1, b + 2), closing, MIN_BOTH)] if first else []


def _insert(line: Line, shapes: str | tuple, positions: Container[int], default: str, least: float = MIN_WEIGHT) -> str:
    """Put the best gap reading of one of `shapes` at one of `positions` into the line."""
    best = None
    for k, x, alts in line.gaps:
        if k not in positions:
            continue
        weight = sum(p for c, p in alts if c in shapes)
        if weight >= least and (best is None or weight > best[0]):
            best = (weight, k, x, alts)
    if best is None:
        return ""
    weight, k, x, alts = best
    shape = max(((c, p) for c, p in alts if c in shapes), key=lambda cp: cp[1])[0]
    if shape in _MATE and default in _MATE and shape != default:
        shape = default  # “ read twice: the second is ”
    reading = [(shape, weight)] + [(c, p) for c, p in alts if c not in shapes]
    line.text = line.text[:k] + shape + line.text[k:]
    line.chars.insert(k, reading)
    if line.xs and x is not None and len(line.xs) + 1 == len(line.text):
        line.xs.insert(k, x)
    line.gaps = [(j + (j > k), gx, ga) for j, gx, ga in line.gaps if j != k]
    line.confidence = min(line.confidence, weight)
    return f"lost a '{shape}' that OCR saw only weakly ({weight:.2f}); restored"
