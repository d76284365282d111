"""One glyph the recogniser read twice: merge two adjacent readings of a line into one character.

Decides when two neighbouring characters of a recognised line are one printed glyph. The CTC
decoder emits a character per run of time steps; a glyph whose steps the recogniser wavered over
('持' 0.50 / '特' 0.31, then '特' 0.46 / '持' 0.26) comes out as two characters ('可持特续'), and a
vocabulary choice then makes '可持持续'. Two readings are one glyph when both are ideographs, their
centres are closer than `CLOSE` of the line's usual ideograph advance (printed glyphs do not
overlap: '持' and '特' were 4 px apart where the line's characters are 16–20 px apart), and each
is among the other's runner-ups (the same glyph, read two ways). The merged character keeps both
readings, their probabilities averaged, so the likelier one (or the vocabulary, lexicon.py) chooses;
the merge is reported, so the word carries a doubt.
"""
from __future__ import annotations

import numpy as np

from .engine import Line
from .marks import IDEOGRAPH

CLOSE = 0.4  # centres closer than this share of the line's median ideograph advance are one glyph
_TOP = 3  # readings compared: each character among the other's first few


def merge(line: Line) -> list[str]:
    """Merge the glyphs of `line` read twice (text, chars, xs, gaps kept in step); a note per merge."""
    if len(line.xs) != len(line.text) or len(line.text) < 3 or not line.chars:
        return []
    steps = [b - a for a, b, c, d in zip(line.xs, line.xs[1:], line.text, line.text[1:])
             if IDEOGRAPH.match(c) and IDEOGRAPH.match(d)]
    if len(steps) < 2:
        return []
    usual = float(np.median(steps))
    notes = []
    i = len(line.text) - 2
    while i >= 0:
        a, b = line.chars[i], line.chars[i + 1]
        if (IDEOGRAPH.match(line.text[i]) and IDEOGRAPH.match(line.text[i + 1])
                and line.xs[i + 1] - line.xs[i] < CLOSE * usual
                and a[0][0] in [c for c, _p in b[:_TOP]] and b[0][0] in [c for c, _p in a[:_TOP]]):
            was = line.text[i:i + 2]
            weight: dict[str, float] = {}
            for c, p in a + b:
                weight[c] = weight.get(c, 0.0) + p / 2
            reading = sorted(weight.items(), key=lambda cp: -cp[1])
            line.chars[i:i + 2] = [reading]
            line.xs[i:i + 2] = [(line.xs[i] + line.xs[i + 1]) / 2]
            line.text = line.text[:i] + reading[0][0] + line.text[i + 2:]
            line.gaps = [(k - (k > i), x, alts) for k, x, alts in line.gaps if k != i + 1]
            line.confidence = min(line.confidence, reading[0][1])
            notes.append(f"OCR read one glyph twice ('{was}'); read once")
        i -= 1
    return notes
