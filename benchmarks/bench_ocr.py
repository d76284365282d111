"""OCR speed and memory: seconds per scanned page on one worker process, the speed-up on two,
and the peak memory of a worker.

The scans are made from the repo's own PDFs (tests/scan_factory.py: 150 dpi, 1.5° skew, noise,
a red seal), two documents of PAGES pages each, so the run needs nothing but the repository.
Each worker runs onnxruntime on one thread (JIXIAO_OCR_THREADS, default 1), so two workers use
two cores. Targets: ≤ 2 s per page per core at 150 dpi, ≤ 1 GiB peak RSS per worker.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = 4
TARGET_S_PER_PAGE = 2.0
TARGET_MIB = 1024


def run() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from scan_factory import scan_pdf

    from pipelines.extract.batch import extract_many
    from pipelines.extract.guard import Limits
    from pipelines.extract.ocr.engine import ENGINE_VERSION, threads
    from pipelines.extract.record import ExtractionError

    sources = [ROOT / "data" / "raw" / "001_9dca29109af1ba6b.grid.pdf", ROOT / "data" / "raw" / "002_da716e0b91d770b9.grid.pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        docs = [scan_pdf(src, Path(tmp) / f"scan{i}.pdf", pages=list(range(1, PAGES + 1)), angle=1.5, noise=5,
                         seal=True, seed=i) for i, src in enumerate(sources)]
        n_pages = PAGES * len(docs)
        print(f"{ENGINE_VERSION}, {threads()} onnxruntime thread(s) per worker; {len(docs)} scans x {PAGES} pages "
              "at 150 dpi", flush=True)
        walls = {}
        for workers in (1, 2):
            stats: dict = {}
            t0 = time.perf_counter()
            results = extract_many(docs, Limits(seconds=3600), workers=workers, stats=stats)
            walls[workers] = time.perf_counter() - t0
            bad = [r for r in results if isinstance(r, ExtractionError)]
            if bad:
                raise RuntimeError(str(bad[0]))
            forms = sum(len(r.forms) for r in results)
            peak = max(p for _, p in stats.values())
            print(f"{workers} worker(s): {walls[workers]:6.1f} s for {n_pages} pages = "
                  f"{walls[workers] / n_pages:.2f} s/page wall ({walls[workers] * workers / n_pages:.2f} s per page "
                  f"per core), {forms} forms, peak RSS per worker {peak:.0f} MiB", flush=True)
        per_core = walls[1] / n_pages
        print(f"speed-up on two workers: {walls[1] / walls[2]:.2f}x; one worker {per_core:.2f} s/page "
              f"({'within' if per_core <= TARGET_S_PER_PAGE else 'OVER'} the {TARGET_S_PER_PAGE:.0f} s/page/core target; "
              "engine load included, and the figure depends on what else runs on the machine); "
              f"peak memory target {TARGET_MIB} MiB per worker")
