"""Choose between a recogniser's close readings of a character by the form vocabulary.

Decides when a runner-up reading replaces the recogniser's first choice: only for a
character the recogniser was unsure of (its reading under `UNSURE`, variants that are
the same character after NFKC counted together), only for a runner-up with some weight
(`MIN_ALT`), and only when the runner-up forms more known two-character words with its
neighbours than the first choice does ('投人管理' → '投入管理', '部內' → '部门'). Known words
are the bigrams of the printed form vocabulary (vocabulary.py: titles, header labels, column
titles, fund rows, indicator categories). Every replacement is reported, so that the form
carries a doubt: a vocabulary choice is a guess and is never silent.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

UNSURE = 0.9
MIN_ALT = 0.01
_CJK = re.compile(r"[\u3400-\u9fff]+")


@lru_cache(maxsize=1)
def known_bigrams() -> frozenset[str]:
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
    grams = known_bigrams()
    text = [alts[0][0] for alts in chars]
    changes = []
    for i, alts in enumerate(chars):
        if certainty(alts) >= UNSURE:
            continue

        def hits(c: str) -> int:
            left = text[i - 1] + c if i > 0 else ""
            right = c + text[i + 1] if i + 1 < len(text) else ""
            return (left in grams) + (right in grams)

        base = hits(text[i])
        best = max(((hits(c), p, c) for c, p in alts[1:] if p >= MIN_ALT), default=None)
        if best is not None and best[0] > base:
            changes.append((i, text[i], best[2]))
            text[i] = best[2]
    return "".join(text), changes
