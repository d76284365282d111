"""The page model: what every extraction source hands to the layout engine.

Decides nothing about forms. A source (pdfplumber's text layer, OCR of a page image,
anything later) describes one page as positioned words plus horizontal and vertical
ruling segments, in PDF points with the origin at the top-left of the upright page;
the layout engine (`extract/layout`, entry `layout.read_pages`) turns page models into form
records without knowing where they came from.

`confidence` is 1.0 for text-layer words; an OCR source sets the recogniser's score so
that low-confidence values can become doubts downstream.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Word:
    """A run of text on one line (one or more glyphs), with its box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float = 1.0


@dataclass(slots=True)
class HRule:
    """A horizontal ruling segment at height `y`, from `x0` to `x1`."""

    y: float
    x0: float
    x1: float

    def covers(self, x: float, tol: float = 1.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol


@dataclass(slots=True)
class VRule:
    """A vertical ruling segment at `x`, from `top` to `bottom`."""

    x: float
    top: float
    bottom: float


@dataclass
class PageModel:
    """One page as a source saw it."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    hrules: list[HRule] = field(default_factory=list)
    vrules: list[VRule] = field(default_factory=list)
    source: str = "text"  # 'text' (a PDF text layer) | 'ocr'
    n_chars: int = 0  # glyphs the source saw (0 on a page without a text layer)
    n_unmapped: int = 0  # glyphs without a Unicode mapping ('(cid:123)')
