"""Former home of the layout engine, kept so that `pdf_layout.page_data(model)` still imports.

Decides nothing: the engine lives in `extract/layout/` (geometry, columns, rows, label_fit …).
"""
from .layout.geometry import Box, PageData, page_data

__all__ = ["Box", "PageData", "page_data"]
