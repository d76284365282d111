"""Decide whether a file can be read, before any parser touches it.

Limits keep a hostile or accidental file (huge, endless, mislabelled) from
hanging the nightly run; messages say which file, what is wrong, what to do.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .record import ExtractionError

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    seconds: float = 300.0


def check_file(path: Path, limits: Limits) -> str:
    """Return 'pdf' or 'text', or raise ExtractionError saying why the file cannot be read."""
    if not path.exists():
        raise ExtractionError(path, "file not found (it may have been moved or deleted after the inventory)", "missing")
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError(path, "empty file (0 bytes); re-download or re-export it", "empty")
    if size > limits.max_bytes:
        raise ExtractionError(
            path, f"file is {size / 2**20:.0f} MiB, over the {limits.max_bytes / 2**20:.0f} MiB limit; split it", "too_large"
        )
    with path.open("rb") as fh:
        head = fh.read(1024)
    suffix = path.suffix.lower()
    if b"%PDF-" in head:
        return "pdf"
    if suffix in PDF_SUFFIXES:
        if _looks_like_text(head):
            return "text"
        raise ExtractionError(path, "named .pdf but is not a PDF (no %PDF header); check the download", "not_pdf")
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise ExtractionError(path, f"unsupported file type '{suffix}'; Jixiao reads .pdf, .txt and .md", "unsupported")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # cut inside a multi-byte character
                return True
    return False


def read_text(path: Path, limits: Limits) -> str:
    """Decode a text export: UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312)."""
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ExtractionError(path, "text is neither UTF-8 nor GB18030; re-save it as UTF-8", "encoding")
