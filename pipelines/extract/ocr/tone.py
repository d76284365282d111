"""The grey levels the recogniser and the rule finder see: paper white, ink black.

Decides how a page's tone is normalised. A worn toner, a light copy or a grey scan prints ink
at mid-grey on a darkened paper; the recogniser's models were trained on dark text on white,
and thin marks (quotes, the '=' of '>=') fade out of a low-contrast line first. The page is
stretched linearly so that its paper level (`PAPER` percentile) becomes white and its ink
level (the `INK` percentile: the darkest strokes) becomes black; a page that already spans
the range is left as it is.
"""
from __future__ import annotations

import numpy as np

PAPER = 90  # percentile of the grey levels that is paper (most of a form page is paper)
INK = 0.5  # percentile that is the darkest ink
_ENOUGH = 200  # a page whose paper and ink differ this much already has its contrast


def stretch(grey: np.ndarray) -> np.ndarray:
    """`grey` with paper at 255 and ink at 0 (uint8)."""
    paper, ink = np.percentile(grey, [PAPER, INK])
    if paper - ink >= _ENOUGH or paper - ink < 30:
        return grey
    lut = np.clip((np.arange(256, dtype=np.float32) - ink) * 255.0 / (paper - ink), 0, 255).astype(np.uint8)
    return lut[grey]
