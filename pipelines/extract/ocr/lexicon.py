"""Choose between a recogniser's close readings of a character by what words they make.

Decides when a runner-up reading replaces the recogniser's first choice: only for a
character the recogniser was unsure of (its reading under `UNSURE`, variants that are the
same character after NFKC counted together), only for a runner-up with some weight
(`MIN_ALT`), and only when the runner-up makes a far more common two-character word with a
neighbour than the first choice does ('投人管理' → '投入管理', '部內' → '部门', '峻工' → '竣工',
'上内' → '上门'). The two pieces of evidence are weighed together, as a noisy channel does:
the runner-up wins when its probability times its word's weight is `RATIO` times the first
choice's (a first choice read at 0.91 needs a word ~250 times as common as its own; one read
at 0.5 against a runner-up at 0.45 only ~10 times). Word weights: the bigrams of the printed
form vocabulary (vocabulary.py: titles, header labels, column titles, fund rows, indicator
categories) count as very common; every other two-character word weighs its frequency in
jieba's general dictionary (shipped inside the jieba package); the runner-up's word must
weigh at least `MIN_WEIGHT`.
A value's comparison sign is weighed the same way by the value grammar: a digit read first at
the start of a number, whose runner-up is a comparison sign ('≥5.00(家)' read '25.00(家)' at
0.71 against '≥' at 0.18), takes the sign when the sign's probability times `SIGN_PRIOR` (how
much likelier a target value is to open with a sign than with that digit) beats the digit's;
a letter read before '=' or a digit ('K=5%') takes a sign runner-up outright. A '2' needs less
(`SIGN_PRIOR_TWO`): it is the digit '≥' is misread as, and few targets open with it. The sign's weight
is all its readings' (≥, >, ＞ …) together, and a '2' that is a sign is '≥' (its bar makes the 2's
base: '290%'); a rate over 100% whose first digit has a sign runner-up and is a rate without it
('295%' → '≥95%') takes the sign whatever the weights. A value's '>' or '<' (not before '=')
with an '≥' / '≤' runner-up becomes it when that runner-up's probability times `OR_EQUAL_PRIOR`
beats the first choice's: targets print the inclusive sign about ten times as often ('>100T' at
0.41 against '≥' at 0.30 → '≥100T'). And the separators
of an amount: '1.196.000' or '1,196.000' (a thousands comma read as a point) is no amount the
grammar reads (`_GROUPED`: groups of three, decimals other than three digits), so the likeliest
reading of its separators that is one (by their runner-ups) is taken: '1,196,000'; so is
'300.000' when its point was unsure and a comma its runner-up (amounts are not printed with
three decimals), and a line that is one number read with a colon for its point ('10:00', a
point among the colon's readings: a weight or score cell; a time alone in a cell is rarer).
Every replacement is reported, so that the form carries a doubt: it is a guess, never silent.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
from functools import lru_cache

UNSURE = 0.98
MIN_ALT = 0.01
RATIO = 10.0  # a runner-up's probability × word weight must be this many times the first choice's
MIN_WEIGHT = 20  # ... and its word at least this common
_VOCAB_WEIGHT = 100_000
SIGN_PRIOR = 5.0
SIGN_PRIOR_TWO = 10.0  # ... and than with a '2', the digit '≥' is read as (about 30 times, in the shared records)
OR_EQUAL_PRIOR = 5.0  # targets print '≥' / '≤' (or '>=' / '<=') about ten times as often as '>' / '<'
_STRICT = {">": "≥", "＞": "≥", "<": "≤", "＜": "≤"}
_SIGNS = "≥≤><=＞＜＝"
_NUMBER = re.compile(r"\d*(?:[.,]\d+)*")
_AMOUNT_RUN = re.compile(r"\d[\d.,，]*\d")
_SEPARATORS = ".,，"
_THREE_DECIMALS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")  # '300.000': a thousands comma read as a point, likelier
_GROUPED = re.compile(r"^(?:\d{1,3}(?:,\d{3})+(?:\.(?:\d{1,2}|\d{4,}))?|\d+(?:\.\d+)?)$")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_COLON_NUMBER = re.compile(r"^\d{1,3}([:：])\d{2}$")


@lru_cache(maxsize=1)
def known_bigrams() -> frozenset[str]:
    """Two-character words of the printed form vocabulary."""
    from .. import vocabulary as labels

    texts: list[str] = list(labels.LEVEL1) + list(labels.LEVEL2)
    for name in dir(labels):
        obj = getattr(labels, name)
        if isinstance(obj, re.Pattern):
            texts.append(obj.pattern)
        elif isinstance(obj, list):
            texts += [p.pattern for p, _ in obj if isinstance(p, re.Pattern)] if obj and isinstance(obj[0], tuple) else []
    grams = set()
    for t in texts:
        for run in _CJK.findall(t):
            grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


@lru_cache(maxsize=1)
def _general() -> dict[str, int]:
    """Two-character words of jieba's dictionary with their frequencies (loaded on first need)."""
    import jieba

    out: dict[str, int] = {}
    with jieba.get_dict_file() as fh:
        for raw in fh:
            parts = raw.split(b" ", 2)
            if len(parts) >= 2 and len(parts[0]) == 6:  # two CJK characters in UTF-8
                word = parts[0].decode("utf-8", "ignore")
                if len(word) == 2:
                    out[word] = int(parts[1])
    return out


def weight(word: str) -> int:
    if word in known_bigrams():
        return _VOCAB_WEIGHT
    return _general().get(word, 0)


def same_char(a: str, b: str) -> bool:
    return unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)


def certainty(alts: list[tuple[str, float]]) -> float:
    """Probability of the chosen character, its NFKC variants included ('（' and '(')."""
    first = alts[0][0]
    return sum(p for c, p in alts if same_char(c, first))


def line_certainty(chars: list[list[tuple[str, float]]], text: str) -> float:
    """The weakest character's certainty, for the characters as finally chosen (`text`)."""
    out = 1.0
    for alts, chosen in zip(chars, text):
        p = sum(q for c, q in alts if same_char(c, chosen))
        out = min(out, p)
    return out


def choose(chars: list[list[tuple[str, float]]]) -> tuple[str, list[tuple[int, str, str]]]:
    """(text, replacements as (position, first choice, chosen)) of a line's character readings."""
    text = [alts[0][0] for alts in chars]
    changes = []
    sign = _sign_for_digit(chars, text)
    if sign:
        changes.append((0, text[0], sign))
        text[0] = sign
    colon = _colon_point(chars, text)
    if colon is not None:
        changes.append((colon, text[colon], "."))
        text[colon] = "."
    for i, sep in _separators(chars, text):
        changes.append((i, text[i], sep))
        text[i] = sep
    for i, alts in enumerate(chars):
        if certainty(alts) >= UNSURE or not _CJK.match(text[i]):
            continue

        def best_word(c: str) -> int:
            left = weight(text[i - 1] + c) if i > 0 else 0
            right = weight(c + text[i + 1]) if i + 1 < len(text) else 0
            return max(left, right)

        first = certainty(alts) * max(best_word(text[i]), 1)
        cands = [(p * best_word(c), best_word(c), c) for c, p in alts[1:] if p >= MIN_ALT and _CJK.match(c)]
        best = max(cands, default=None)
        if best is not None and best[1] >= MIN_WEIGHT and best[0] >= RATIO * first:
            changes.append((i, text[i], best[2]))
            text[i] = best[2]
    return "".join(text), changes


def _separators(chars: list[list[tuple[str, float]]], text: list[str]) -> list[tuple[int, str]]:
    """(position, separator) changes that make each amount of the line one the grammar reads."""
    import itertools

    out: list[tuple[int, str]] = []
    for m in _AMOUNT_RUN.finditer("".join(text)):
        run = m.group().replace("，", ",")
        if _GROUPED.match(run) and not (_THREE_DECIMALS.match(run) and _unsure_point(chars, m.start() + run.index("."))):
            continue
        seps = [m.start() + k for k, ch in enumerate(m.group()) if ch in _SEPARATORS]
        if not 0 < len(seps) <= 6:
            continue
        options = []
        for i in seps:
            p = {}
            for c, q in chars[i]:
                c = "," if c == "，" else c
                if c in ".," and q >= MIN_ALT:
                    p[c] = p.get(c, 0.0) + q
            options.append(sorted(p.items(), key=lambda cq: -cq[1]))
        best = None
        for combo in itertools.product(*options):
            cand = list(m.group())
            for i, (c, _q) in zip(seps, combo):
                cand[i - m.start()] = c
            if _GROUPED.match("".join(cand)) and not _THREE_DECIMALS.match("".join(cand)):
                prob = float(np.prod([q for _c, q in combo]))
                if best is None or prob > best[0]:
                    best = (prob, combo)
        if best is not None:
            out += [(i, c) for i, (c, _q) in zip(seps, best[1]) if c != text[i].replace("，", ",")]
    return out


def _colon_point(chars: list[list[tuple[str, float]]], text: list[str]) -> int | None:
    """Where a line that is one number with two decimals read with a colon ('10:00': ':' 0.51, '.'
    0.45) has a point among the colon's readings: the point's position (a weight or score cell
    prints '10.00'; a time alone in a cell is rarer), or None."""
    m = _COLON_NUMBER.match("".join(text))
    if not m:
        return None
    i = m.start(1)
    return i if any(c == "." and p >= MIN_ALT for c, p in chars[i]) else None


def _unsure_point(chars: list[list[tuple[str, float]]], i: int) -> bool:
    """Is the '.' at i read with a comma as a runner-up of some weight?"""
    return certainty(chars[i]) < UNSURE and any(c in ",，" and p >= MIN_ALT for c, p in chars[i][1:])


def sign_of(weights: dict[str, float]) -> str:
    """The comparison sign readings of one glyph stand for: '≥' over '>' (and '≤' over '<') when its
    weight times `OR_EQUAL_PRIOR` is at least the strict sign's; otherwise the heaviest sign."""
    def w(*cs: str) -> float:
        return sum(weights.get(c, 0.0) for c in cs)

    cands = {"≥": w("≥", "≧") * OR_EQUAL_PRIOR, ">": w(">", "＞"), "≤": w("≤", "≦") * OR_EQUAL_PRIOR, "<": w("<", "＜"),
             "=": w("=", "＝")}
    return max(cands, key=lambda c: cands[c])


def _sign_for_digit(chars: list[list[tuple[str, float]]], text: list[str]) -> str | None:
    """The comparison sign a value's first 'digit' (or a letter or mark before '=' or a digit:
    'K=5%', '《=6小时'; or a '>' that is likelier '≥') is more likely to be, or None."""
    odd = (text[0].isascii() and text[0].isalpha()) or (not text[0].isalnum() and text[0] not in _SIGNS
                                                         and not _CJK.match(text[0]))
    if len(text) >= 2 and odd and (text[1] == "=" or (text[1].isdigit() and text[0].isalpha())):
        signs = [(p, c) for c, p in chars[0][1:] if c in _SIGNS and p >= MIN_ALT]
        return max(signs)[1] if signs else None
    if len(text) >= 2 and text[0] in _STRICT and text[1] not in "=＝" and (text[1].isdigit() or text[1] == "."):
        sign = sign_of(dict(chars[0]))
        return sign if sign != text[0] else None
    if len(text) < 2 or not text[0].isdigit() or certainty(chars[0]) >= UNSURE:
        return None
    if not (text[1].isdigit() or text[1] == "."):
        return None
    signs = [(p, c) for c, p in chars[0][1:] if c in _SIGNS and p >= MIN_ALT]
    if not signs:
        return None
    p, c = max(signs)
    if text[0] == "2" and any(c == "≥" for _p, c in signs):
        c = "≥"  # a '2' that is a sign is '≥': its bar is the 2's base
    rest = "".join(text[1:])
    number = _NUMBER.match(rest)
    if not number or not number.group():
        return None
    if re.match(r"^\s*[(（]?\s*%", rest[number.end():]) and float(number.group().replace(",", "")) <= 100 < float(
            (text[0] + number.group()).replace(",", "")):
        return c  # a rate over 100% that is a rate with the first digit a sign ('290%' → '≥90%')
    prior = SIGN_PRIOR_TWO if text[0] == "2" else SIGN_PRIOR
    return c if sum(q for q, _c in signs) * prior >= certainty(chars[0]) else None
