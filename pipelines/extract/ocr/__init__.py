"""OCR source: an image-only PDF page → the same page model a text layer gives.

The pipeline, one module per decision:

- `render`: which pixels stand for the page (pypdfium2 at a fixed resolution, colour kept);
- `seal`: how a red official seal is taken out before anything reads the page (red channel);
- `deskew`: how far the scan is turned, and turning it upright;
- `rules`: where the table's ruling lines are (morphology on the binarised page);
- `engine`: which recogniser reads the text (RapidOCR's bundled PP-OCR models, CPU, offline);
- `fuse`: how those models' graphs are simplified for the CPU (same function, fewer passes);
- `words`: how recognised lines become page-model words (tight ink boxes, PDF points);
- `source`: the page pipeline itself (`ocr_page_model`), and whether a page needs OCR at all;
- `doubts`: which read values are uncertain enough to be flagged on the form.

Nothing here knows about forms: the layout engine reads the resulting `PageModel`
exactly as it reads a text layer's.
"""
from __future__ import annotations

OCR_MODES = ("never", "auto", "always")


def cache_version(extractor_version: str, ocr: str) -> str:
    """The record-cache version for an OCR mode: records read with another mode or another OCR
    engine are not reused."""
    if ocr == "never":
        return f"{extractor_version}+ocr-never"
    from .engine import ENGINE_VERSION

    return f"{extractor_version}+ocr-{ocr}-{ENGINE_VERSION}"
