"""Peak memory of extraction: a 500-page document must not grow memory page after page.

Each document is extracted by a fresh extract_many worker process, which reports its peak RSS
(ru_maxrss). Flat memory shows as nearly the same peak for 50 and 500 pages (what grows is only
the form records kept); the stated ceiling is CEILING_MIB for the 500-page document.

Also measured: the wall time of a 500-page extraction, and how quickly extract_many gets past a
hostile PDF (a page of 400,000 glyphs) with a 5 s per-document limit.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CEILING_MIB = 256  # stated ceiling: peak RSS of one worker extracting the 500-page document


def _measure(pdf: Path) -> dict:
    """Extract `pdf` in a fresh extract_many worker; its peak RSS, seconds and form count."""
    from pipelines.extract.batch import extract_many
    from pipelines.extract.guard import Limits
    from pipelines.extract.record import ExtractionError

    stats: dict = {}
    (res,) = extract_many([pdf], Limits(seconds=3600), workers=1, stats=stats)
    if isinstance(res, ExtractionError):
        raise RuntimeError(str(res))
    seconds, peak = stats[pdf]
    return {"seconds": seconds, "forms": len(res.forms), "peak_mib": peak}


def run() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from bad_inputs.make_corpus import write_big_pdf, write_slow_pdf

    from pipelines.extract.batch import extract_many
    from pipelines.extract.guard import Limits

    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for pages in (50, 500):
            pdf = Path(tmp) / f"big_{pages}.pdf"
            write_big_pdf(pdf, pages=pages)
            m = _measure(pdf)
            rows.append((pages, m))
            print(f"{pages:4d} pages: peak RSS {m['peak_mib']:6.0f} MiB, {m['seconds']:6.1f} s "
                  f"({m['seconds'] / pages * 1000:.0f} ms/page), {m['forms']} forms", flush=True)
        (_, small), (_, big) = rows
        growth = (big["peak_mib"] - small["peak_mib"]) / 450
        verdict = "within" if big["peak_mib"] <= CEILING_MIB else "OVER"
        print(f"memory growth {growth * 1024:.0f} KiB/page between 50 and 500 pages; "
              f"500-page peak {big['peak_mib']:.0f} MiB, {verdict} the stated ceiling of {CEILING_MIB} MiB")

        slow = Path(tmp) / "hostile_slow.pdf"
        write_slow_pdf(slow)
        t0 = time.perf_counter()
        res = extract_many([slow], Limits(seconds=5), workers=1)[0]
        print(f"hostile PDF with a 5 s limit: stopped after {time.perf_counter() - t0:.1f} s "
              f"({getattr(res, 'kind', 'ok')})")
