"""Open a PDF and read its pages in order, one at a time, within the document limits.

Decides how a PDF fails: encrypted, damaged (cannot open, a page cannot be parsed), too
many pages, too slow, no text layer or an unreadable one (scanned: needs OCR). Each page is
turned into a page model — from its text layer, or by OCR (extract/ocr) where the page has
none (`ocr='auto'`), always (`'always'`) or never (`'never'`) — closed, and fed to the
layout engine; forms with an OCRed page are marked and get the OCR's doubts.
"""
from __future__ import annotations

import time
from pathlib import Path

from .. import guard
from ..layout.geometry import page_data
from ..layout.reader import DocumentReader
from ..ocr.doubts import attach as attach_ocr_doubts
from ..ocr.source import ScannedPages, needs_ocr
from ..record import ExtractionError, Form
from .text_layer import harvest_page


def extract_pdf(path: Path, limits: guard.Limits, ocr: str = "auto", on_page=None) -> list[Form]:
    """Every form of a PDF, in page order. Raises ExtractionError for files that cannot be read.

    on_page(number, total, ocred) is called after each page (progress; batch extends its deadline).
    """
    import pdfplumber

    path = Path(path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors
        raise _open_error(path, exc) from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise _open_error(path, exc) from None
        if not pages:
            raise ExtractionError(path, "damaged PDF: no pages could be read; re-download or re-export it", "damaged")
        if len(pages) > limits.max_pages:
            raise ExtractionError(
                path, f"{len(pages)} pages, over the {limits.max_pages}-page limit; split the file", "too_large"
            )
        reader = DocumentReader(path.name)
        chars = unmapped = 0
        t0 = time.monotonic()
        with ScannedPages(path) as scans:
            for i, page in enumerate(pages, start=1):
                try:
                    if needs_ocr(ocr, len(page.chars)):
                        data = page_data(scans.page_model(i))
                    else:
                        data = harvest_page(page, i)
                except (ExtractionError, MemoryError):
                    raise
                except Exception as exc:
                    raise ExtractionError(
                        path, f"damaged PDF: page {i} cannot be parsed ({_short(exc)}); re-download or re-export it", "damaged"
                    ) from None
                finally:
                    page.close()
                chars += data.n_chars
                unmapped += data.n_unmapped
                reader.feed(data)
                if on_page is not None:
                    on_page(i, len(pages), data.source == "ocr")
                budget = limits.seconds + len(scans.pages) * limits.ocr_seconds_per_page
                if time.monotonic() - t0 > budget:
                    raise ExtractionError(
                        path, f"extraction took over {budget:.0f} s (stopped at page {i}); split the file", "timeout"
                    )
        if chars == 0:
            if scans.pages:
                raise ExtractionError(path, "no text layer, and OCR found no text on its pages (blank or unreadable "
                                      "scan)", "scanned")
            raise ExtractionError(path, "no text layer: scanned PDF, needs OCR (run with --ocr auto)", "scanned")
        forms = reader.finish()
        if not forms and scans.pages and len(scans.pages) == len(pages):
            raise ExtractionError(path, f"scanned PDF ({len(pages)} page(s) read by OCR) with no budget-performance "
                                  "form in the text OCR found; check that this is a performance disclosure and that "
                                  "the scan is legible", "scanned")
        for form in forms:
            if any((form.page_start or 0) <= n <= (form.page_end or form.page_start or 0) for n in scans.pages):
                form.extraction_method = "ocr"
        attach_ocr_doubts(forms, scans.notes)
        if not forms and unmapped > 0.3 * chars:
            raise ExtractionError(
                path, "text layer unreadable (fonts without a Unicode map): treat as scanned, needs OCR", "scanned"
            )
        return forms


def _short(exc: Exception) -> str:
    msg = str(exc) or type(exc).__name__
    return msg.splitlines()[0][:120]


def _open_error(path: Path, exc: Exception) -> ExtractionError:
    chain, e = [], exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        e = e.__cause__ or e.__context__ or (e.args[0] if e.args and isinstance(e.args[0], Exception) else None)
    names = " ".join(type(e).__name__ + " " + str(e) for e in chain).lower()
    if "password" in names or "encrypt" in names:
        return ExtractionError(path, "encrypted PDF: needs the password / an unencrypted copy", "encrypted")
    return ExtractionError(
        path, f"damaged PDF: cannot be opened ({_short(chain[-1])}); re-download or re-export it", "damaged"
    )
