"""Decide whether a file can be read, before any parser touches it.

Limits keep a hostile or accidental file (huge, endless, mislabelled) from
hanging the nightly run; messages say which file, what is wrong, what to do.

- `check_file(path, limits)` sniffs the content (never trusts the suffix alone) and
  returns 'pdf' or 'text', or raises `ExtractionError(path, problem, kind)`.
- `read_text(path, limits)` decodes a text export: UTF-8 (BOM or not), UTF-16 with a
  BOM, else GB18030 — strict UTF-8 is tried first because GB18030 decodes almost any
  byte string (so UTF-8 is never mis-read as GB18030), and a GB18030 reading is only
  accepted when it looks like Chinese text rather than mojibake.
- `Limits` bounds bytes, pages, wall-clock seconds (plus seconds per OCRed page) and worker memory per document
  (seconds and memory are enforced by `batch.extract_many`, pages by the PDF reader).
"""
from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .record import ExtractionError

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md"}

_HEAD = 4096  # bytes sniffed at the start
_TAIL = 32768  # bytes searched for the %%EOF end marker (some writers pad or append after it)

# Magic numbers of things that arrive named .pdf but are not: (prefix, what it is, what to do).
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "a ZIP container (Word .docx / Excel .xlsx / WPS, or an archive)", "export it to PDF or unpack it"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc / .xls / .et)", "export it to PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "it needs OCR; get the PDF or text export instead"),
    (b"\xff\xd8\xff", "a JPEG image", "it needs OCR; get the PDF or text export instead"),
    (b"GIF8", "a GIF image", "it needs OCR; get the PDF or text export instead"),
    (b"II*\x00", "a TIFF image", "it needs OCR; get the PDF or text export instead"),
    (b"MM\x00*", "a TIFF image", "it needs OCR; get the PDF or text export instead"),
    (b"Rar!", "a RAR archive", "unpack it and put the PDFs in data/raw"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it and put the PDFs in data/raw"),
    (b"\x1f\x8b", "a gzip archive", "unpack it and put the PDFs in data/raw"),
    (b"{\\rtf", "an RTF document", "export it to PDF"),
)


@dataclass(frozen=True)
class Limits:
    """Per-document limits; a document over any of them fails alone with a message naming the limit."""

    max_bytes: int = 200 * 1024 * 1024  # file size
    max_pages: int = 2000  # PDF pages (checked by the PDF reader before reading pages)
    seconds: float = 300.0  # wall clock per document (batch.extract_many kills the worker)
    ocr_seconds_per_page: float = 30.0  # added to `seconds` for every page read by OCR (a 150-dpi page takes 2-5 s)
    max_memory_mb: int = 2048  # address space of each extraction worker (RLIMIT_AS); a 500-page form PDF peaks near 60 MiB RSS
    root: str | None = None  # when set, only files inside this folder are read (symlinks leaving it are refused)

    @classmethod
    def from_env(cls, root: str | None = None, environ: dict[str, str] | None = None) -> "Limits":
        """Defaults, overridden by JIXIAO_MAX_PAGES, JIXIAO_MAX_MB (file size), JIXIAO_SECONDS, JIXIAO_OCR_SECONDS_PER_PAGE, JIXIAO_MAX_MEMORY_MB."""
        env = os.environ if environ is None else environ
        kw: dict[str, object] = {"root": root}
        for var, field, conv in (
            ("JIXIAO_MAX_PAGES", "max_pages", int),
            ("JIXIAO_MAX_MB", "max_bytes", lambda v: int(float(v) * 2**20)),
            ("JIXIAO_SECONDS", "seconds", float),
            ("JIXIAO_OCR_SECONDS_PER_PAGE", "ocr_seconds_per_page", float),
            ("JIXIAO_MAX_MEMORY_MB", "max_memory_mb", int),
        ):
            if env.get(var):
                try:
                    kw[field] = conv(env[var])
                except ValueError:
                    raise ValueError(f"{var}={env[var]!r} is not a number; unset it or give e.g. {var}=300") from None
        return cls(**kw)  # type: ignore[arg-type]


def check_file(path: Path, limits: Limits) -> str:
    """Return 'pdf' or 'text', or raise ExtractionError saying why the file cannot be read."""
    path = Path(path)
    if limits.root is not None:
        outside = outside_root(path, Path(limits.root))
        if outside:
            raise ExtractionError(path, outside, "outside_raw")
    try:
        st = path.stat()
    except FileNotFoundError:
        if _renamed_for_display(path, limits):
            raise ExtractionError(
                path, "the file name is not UTF-8 (shown here decoded; typical of a zip made on Chinese Windows), so "
                "it was not read; rename the file in UTF-8 (e.g. `convmv -f gbk -t utf-8 --notest FILE`) and load "
                "again", "bad_name",
            ) from None
        raise ExtractionError(
            path, "file not found (it was moved or deleted after the inventory); nothing to do if that was intended, "
            "else put it back in data/raw and load again", "missing"
        ) from None
    except OSError as exc:
        raise ExtractionError(path, f"cannot read the file ({exc.strerror}); check its permissions", "unreadable") from None
    if not stat.S_ISREG(st.st_mode):  # a directory, FIFO or device named .pdf would hang or fail a reader
        raise ExtractionError(path, "not a regular file (a directory, pipe or device); remove it from data/raw", "unsupported")
    size = st.st_size
    if size == 0:
        raise ExtractionError(path, "empty file (0 bytes): the download or copy failed; fetch it again", "empty")
    if size > limits.max_bytes:
        raise ExtractionError(
            path,
            f"file is {_mib(size)}, over the {_mib(limits.max_bytes)} limit per document; split it, or raise "
            "the limit (JIXIAO_MAX_MB) if it is a genuine form collection",
            "too_large",
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
            fh.seek(max(0, size - _TAIL))
            tail = fh.read(_TAIL)
    except PermissionError:
        raise ExtractionError(path, "permission denied; make the file readable by the loading user", "unreadable") from None
    except OSError as exc:
        raise ExtractionError(path, f"cannot read the file ({exc.strerror}); check the disk and the file", "unreadable") from None

    suffix = path.suffix.lower()
    if b"%PDF-" in head[:1024]:
        if b"%%EOF" not in tail:
            raise ExtractionError(
                path,
                "the PDF is truncated (its %%EOF end marker is missing): the download or copy was cut off; fetch it again",
                "truncated",
            )
        return "pdf"
    if suffix in PDF_SUFFIXES:
        what = sniff_kind(head)
        if what is None and looks_like_text(head):
            return "text"  # a text export saved under a .pdf name: read it as text
        what, todo = what or ("binary data of an unknown format", "check where it came from and fetch the PDF again")
        raise ExtractionError(path, f"named .pdf but is not a PDF: it is {what}; {todo}", "not_pdf")
    if suffix in TEXT_SUFFIXES:
        known = sniff_kind(head)
        if known or (b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))):
            what, todo = known or ("binary data", "check where it came from")
            raise ExtractionError(path, f"named {suffix} but is not text: it is {what}; {todo}", "not_text")
        return "text"  # read_text decides the encoding (and says so when it cannot)
    raise ExtractionError(
        path, f"unsupported file type '{suffix or '(none)'}'; Jixiao reads .pdf, .txt and .md — convert it or remove it",
        "unsupported",
    )


def outside_root(path: Path, root: Path) -> str | None:
    """The problem sentence when `path` leads (through a symlink or '..') out of `root`, else None."""
    try:
        real = Path(path).resolve()
        base = Path(root).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return "is a symbolic link that loops or cannot be resolved; remove it"
    if real == base or base in real.parents:
        return None
    return (
        f"is a symbolic link to {real}, outside the raw folder {base}; Jixiao reads only files inside it — "
        "copy the file into the raw folder instead, or remove the link"
    )


def display_name(rel: str) -> str | None:
    """The readable form of a file name that is not valid UTF-8, else None.

    Python keeps undecodable name bytes as lone surrogates, which no UTF-8 writer (Arrow, DuckDB, JSON)
    accepts. Such names are nearly always GBK/GB18030 (zips made on Chinese Windows): shown decoded as
    that when it reads as Chinese, else with \\xNN escapes.
    """
    try:
        rel.encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(rel)
    try:
        text = raw.decode("gb18030")
        if plausible_chinese(text):
            return text
    except UnicodeDecodeError:
        pass
    return raw.decode("utf-8", "backslashreplace")


def _renamed_for_display(path: Path, limits: Limits) -> bool:
    """Whether a missing `path` is the display_name of a real file whose name is not UTF-8."""
    if "\\x" in path.name:
        return True
    base = Path(limits.root) if limits.root else path.parent
    try:
        rel = path.relative_to(base).as_posix()
        original = base / os.fsdecode(rel.encode("gb18030"))
    except (ValueError, UnicodeEncodeError):
        return False
    return original != path and os.path.lexists(original)


def is_regular_file(path: Path) -> bool:
    """True for a regular file (following symlinks); False for directories, FIFOs, devices, missing paths.

    Callers that hash or open files (the inventory) must check this first: opening a FIFO blocks forever.
    """
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False


def sniff_kind(head: bytes) -> tuple[str, str] | None:
    """(what the bytes are, what to do) for well-known non-PDF formats, else None."""
    lead = head.lstrip()
    for magic, what, todo in _MAGIC:
        if head.startswith(magic):
            return what, todo
    low = lead[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low or b"<head" in low:
        return "an HTML web page (often a download error or login page)", "download the real PDF again"
    if low.startswith(b"<?xml"):
        return "an XML file", "export the form to PDF or text"
    return None


def looks_like_text(head: bytes) -> bool:
    """True when the first bytes decode as UTF-8, UTF-16 (with BOM) or plausible GB18030 text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a real error, not a character cut at the end of the sample
                continue
            text = head[: exc.start].decode(enc)
        if enc == "utf-8" or plausible_chinese(text):
            return _mostly_printable(text)
    return False


def read_text(path: Path, limits: Limits) -> str:
    """Decode a text export: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (superset of GBK/GB2312)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractionError(path, "file not found (moved or deleted during the load); load again", "missing") from None
    if len(data) > limits.max_bytes:
        raise ExtractionError(path, f"file is {_mib(len(data))}, over the {_mib(limits.max_bytes)} limit; split it", "too_large")
    text, _encoding = decode_text(data)
    if text is None:
        raise ExtractionError(
            path,
            "text is neither UTF-8, UTF-16 nor GB18030 (it may be Big5 or another code page); re-save it as UTF-8",
            "encoding",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding name) or (None, None). UTF-8 strictly first, so valid UTF-8 is never read as GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None, None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None, None
    if not plausible_chinese(text):
        return None, None
    return text, "gb18030"


def plausible_chinese(text: str) -> bool:
    """Whether a GB18030 decoding reads as Chinese rather than mojibake (e.g. Big5 or Latin-1 bytes).

    Real simplified-Chinese prose draws nearly all its hanzi from GB2312 (the 6,763 common characters);
    bytes of another code page decoded as GB18030 scatter over the rare GBK/extension ranges and
    produce private-use or unassigned code points.
    """
    han = rare = odd = 0
    for ch in text:
        cp = ord(ch)
        if 0xE000 <= cp <= 0xF8FF or unicodedata.category(ch) in ("Cn", "Co", "Cs"):
            odd += 1
        elif 0x3400 <= cp <= 0x9FFF or 0x20000 <= cp <= 0x3FFFF:
            han += 1
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                rare += 1
    if odd:
        return False
    return han == 0 or rare <= max(2, han // 5)


def _mostly_printable(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return bad <= max(1, len(text) // 100)


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n} bytes"
