"""The PDF source: a PDF file's pages as page models for the layout engine.

`extract_pdf` opens and walks a PDF (document.py); `page_model` turns one pdfplumber page
into the page model (text_layer.py).
"""
from .document import extract_pdf
from .text_layer import dedupe_chars, harvest_page, page_model, rules_from_edges

__all__ = ["extract_pdf", "page_model", "harvest_page", "dedupe_chars", "rules_from_edges"]
