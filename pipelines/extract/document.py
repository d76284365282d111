"""One document in, its form records out: the single entry point of extraction.

Routing only. `guard` decides whether the file can be read at all (and how it is
encoded), `pdf` reads PDFs, `text` reads text exports (.txt/.md). Every failure is
an `ExtractionError` whose message names the file and the problem in one sentence.
"""
from __future__ import annotations

from pathlib import Path

from . import guard
from .record import DocumentRecord, ExtractionError


def extract_document(path: str | Path, limits: guard.Limits | None = None, ocr: str = "auto",
                     on_page=None) -> DocumentRecord:
    """ocr: 'auto' (OCR the PDF pages without a text layer), 'always' or 'never' (see ocr/source.py);
    on_page(number, total, ocred) reports PDF pages as they are read."""
    path = Path(path)
    from .ocr import OCR_MODES

    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    limits = limits or guard.Limits()
    kind = guard.check_file(path, limits)  # 'pdf' | 'text'; raises ExtractionError
    if kind == "pdf":
        forms = _pdf_forms(path, limits, ocr, on_page)
    else:
        from .text import extract_text

        forms = extract_text(guard.read_text(path, limits), source=path.name)
    # A "form" with neither a project name nor an indicator row is an echo of form vocabulary in some
    # other text (a manual, a letter quoting column titles): it carries nothing to load.
    forms = [f for f in forms if f.project_name or f.indicators]
    if not forms:
        raise ExtractionError(
            path,
            "no budget-performance form found (no 绩效目标表 / 绩效自评表 title or indicator table); "
            "check that this is a performance disclosure",
            kind="not_a_form",
        )
    for i, form in enumerate(forms, start=1):
        form.seq = i
    return DocumentRecord(source=path.name, forms=forms)


def _pdf_forms(path: Path, limits: guard.Limits, ocr: str = "auto", on_page=None) -> list:
    """The forms of a PDF; a 'damaged' one gets a second chance from a copy rebuilt by pypdf (repair.py)."""
    from .pdf import extract_pdf
    from .repair import REPAIRED_DOUBT, rebuilt_copy

    try:
        return extract_pdf(path, limits, ocr=ocr, on_page=on_page)
    except ExtractionError as exc:
        if exc.kind != "damaged":
            raise
        with rebuilt_copy(path) as copy:
            if copy is None:
                raise
            try:
                forms = extract_pdf(copy, limits, ocr=ocr, on_page=on_page)
            except ExtractionError:
                raise exc from None
        for form in forms:
            form.doubts.append(REPAIRED_DOUBT)
        return forms
