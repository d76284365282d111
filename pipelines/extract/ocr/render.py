"""Render one PDF page to pixels for OCR.

Decides the resolution and colour of the page image: a fixed dots-per-inch (150 by default,
what office scanners produce and what the recogniser's models read well), RGB so that the
seal step can use colour, /Rotate honoured so the image is the page as printed. The scale
from pixels back to PDF points is `72 / dpi`.
"""
from __future__ import annotations

import numpy as np

DEFAULT_DPI = 150


def render_page(pdfium_page, dpi: int = DEFAULT_DPI) -> np.ndarray:
    """The page as an H×W×3 uint8 RGB array at `dpi` (white where nothing is drawn)."""
    bitmap = pdfium_page.render(scale=dpi / 72.0, rev_byteorder=True, fill_color=(255, 255, 255, 255))
    try:
        arr = bitmap.to_numpy()
        if arr.ndim == 2:
            arr = np.repeat(arr[:, :, None], 3, axis=2)
        return np.ascontiguousarray(arr[:, :, :3])
    finally:
        bitmap.close()
