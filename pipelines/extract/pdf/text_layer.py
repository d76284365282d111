"""A PDF page's text layer and ruling lines as the page model.

Decides what pdfplumber's page contributes: characters (fake-bold duplicates dropped)
grouped into words, and ruling segments (thin edges, collinear pieces merged), in the
coordinates of the upright page.
"""
from __future__ import annotations

from ..layout.geometry import PageData, page_data
from ..page import HRule, PageModel, VRule, Word


def harvest_page(page, number: int) -> PageData:
    """One page's cell blocks and ruling segments (the only pass over its characters)."""
    return page_data(page_model(page, number))


def page_model(page, number: int) -> PageModel:
    """A pdfplumber page as the page model: text-layer words (fake-bold duplicates dropped) and
    ruling segments."""
    from pdfplumber.utils import extract_words

    raw = page.chars
    chars = dedupe_chars(raw)
    unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    words = [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
        for w in extract_words(chars, x_tolerance=3, y_tolerance=3, keep_blank_chars=True)
    ]
    hrules, vrules = rules_from_edges(page.edges)
    width, height = float(page.width), float(page.height)
    if (page.rotation or 0) % 180 == 90:  # /Rotate 90: pdfminer's coordinates are the turned page's
        width, height = height, width
    return PageModel(number, width, height, words, hrules, vrules, "text", len(raw), unmapped)


def dedupe_chars(chars: list[dict], tol: float = 1.0) -> list[dict]:
    """Drop fake-bold duplicates: the same glyph, font size, drawn again within `tol` points.

    The same rule as pdfplumber's page.dedupe_chars(), in one hashed pass (that one
    clusters every page's characters and costs a third of the parse).
    """
    seen: dict[tuple, list[tuple[float, float]]] = {}
    out = []
    for c in chars:
        x, y = c["x0"], c["top"]
        key = (c["text"], round(c.get("size", 0), 1))
        kx, ky = int(x // 2), int(y // 2)
        dup = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for x2, y2 in seen.get((key, kx + dx, ky + dy), ()):
                    if abs(x2 - x) <= tol and abs(y2 - y) <= tol:
                        dup = True
                        break
                if dup:
                    break
            if dup:
                break
        if dup:
            continue
        seen.setdefault((key, kx, ky), []).append((x, y))
        out.append(c)
    return out


def rules_from_edges(edges: list[dict]) -> tuple[list[HRule], list[VRule]]:
    """Horizontal and vertical ruling segments, collinear pieces merged."""
    hs: list[HRule] = []
    vs: list[VRule] = []
    for e in edges:
        x0, x1, top, bottom = e["x0"], e["x1"], e["top"], e["bottom"]
        if bottom - top < 1.5 and x1 - x0 > 4:
            hs.append(HRule((top + bottom) / 2, x0, x1))
        elif x1 - x0 < 1.5 and bottom - top > 4:
            vs.append(VRule((x0 + x1) / 2, top, bottom))
    return _merge_collinear(hs, "y", "x0", "x1"), _merge_collinear(vs, "x", "top", "bottom")


def _merge_collinear(segs: list, pos: str, lo: str, hi: str) -> list:
    """Join segments on the same line (within 1.5 pt) that touch or overlap."""
    segs = sorted(segs, key=lambda r: (round(getattr(r, pos)), getattr(r, lo)))
    out: list = []
    for r in segs:
        last = out[-1] if out else None
        if last and abs(getattr(last, pos) - getattr(r, pos)) <= 1.5 and getattr(r, lo) <= getattr(last, hi) + 2:
            setattr(last, hi, max(getattr(last, hi), getattr(r, hi)))
        else:
            out.append(r)
    return out
