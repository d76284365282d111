"""Second chance for a damaged PDF: rebuild it with pypdf and read the copy.

Many "damaged" PDFs have intact objects behind a wrong cross-reference table (offsets shifted
by a tool that edited the file, a bad upload that re-encoded line ends). pypdf in lenient mode
finds the objects by scanning and writes a clean copy; if that copy reads, its forms are used,
with a doubt saying the file was repaired. Decides only whether a rebuilt copy exists.
"""
from __future__ import annotations

import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPAIRED_DOUBT = ("the PDF's internal index (cross-reference table) is damaged: read from a copy rebuilt with "
                  "pypdf; check the figures against the document and re-export it if you can")


@contextmanager
def rebuilt_copy(path: Path) -> Iterator[Path | None]:
    """A temporary rebuilt copy of `path` (removed afterwards), or None when pypdf cannot rebuild it."""
    import pypdf  # noqa: PLC0415 (only damaged files need it)

    fd, tmp = tempfile.mkstemp(prefix="jixiao-repair-", suffix=".pdf")
    os.close(fd)
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # "Ignoring wrong pointing object …" for every object is expected here
    try:
        try:
            reader = pypdf.PdfReader(str(path), strict=False)
            if not reader.pages:
                raise ValueError("no pages")
            writer = pypdf.PdfWriter(clone_from=reader)
            with open(tmp, "wb") as fh:
                writer.write(fh)
        except Exception:  # any failure of the rebuild: no second chance
            yield None
            return
        yield Path(tmp)
    finally:
        quiet.setLevel(level)
        Path(tmp).unlink(missing_ok=True)
