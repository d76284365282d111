"""OCR speed and memory: seconds per scanned page (wall and CPU) on one worker process, the
speed-up on two, one worker on two onnxruntime threads, the peak memory of a worker, and where
the time goes (CPU seconds per page of each step, in one warm process).

The scans are made from the repo's own PDFs (tests/scan_factory.py: 150 dpi, 1.5° skew, noise,
a red seal), two documents of PAGES pages each, so the run needs nothing but the repository.
Each worker runs onnxruntime on one thread (JIXIAO_OCR_THREADS, default 1), so two workers use
two cores. CPU seconds are the workers' user+system time (they include starting the worker and
loading the models, ~2 s per worker, and each worker's own extraction of the page layout); wall seconds depend on what else runs on the machine.
Targets: ≤ 2 s per page per core at 150 dpi, ≤ 1 GiB peak RSS per worker.
"""
from __future__ import annotations

import functools
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = int(os.environ.get("JIXIAO_BENCH_OCR_PAGES", "4"))
TARGET_S_PER_PAGE = 2.0
TARGET_MIB = 1024


def timed_extract(path, limits):
    """The workers' extraction (OCR where a page has no text), then the worker's CPU seconds so far
    appended to cpu.log beside the scan as 'pid seconds' (the workers are not this process's
    children but a fork server's, so its rusage does not see them, and the fork server's
    environment is that of its start)."""
    from pipelines.extract.document import extract_document

    try:
        return extract_document(path, limits, ocr="auto")
    finally:
        r = resource.getrusage(resource.RUSAGE_SELF)
        with open(Path(path).with_name("cpu.log"), "a") as log:
            log.write(f"{os.getpid()} {r.ru_utime + r.ru_stime}\n")


def timed_extract_two_threads(path, limits):
    """`timed_extract` with onnxruntime on two threads in this worker."""
    os.environ["JIXIAO_OCR_THREADS"] = "2"
    return timed_extract(path, limits)


def _workers_cpu(log: Path, seen: set[str]) -> float:
    """The CPU seconds of the workers that wrote to `log` and are not in `seen` (their last figure)."""
    last: dict[str, float] = {}
    for line in log.read_text().split("\n"):
        if line and line.split()[0] not in seen:
            pid, seconds = line.split()
            last[pid] = float(seconds)
    seen.update(last)
    return sum(last.values())


def run() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from scan_factory import scan_pdf

    from pipelines.extract.ocr.engine import ENGINE_VERSION, threads

    sources = [ROOT / "data" / "raw" / "001_9dca29109af1ba6b.grid.pdf", ROOT / "data" / "raw" / "002_da716e0b91d770b9.grid.pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        docs = [scan_pdf(src, Path(tmp) / f"scan{i}.pdf", pages=list(range(1, PAGES + 1)), angle=1.5, noise=5,
                         seal=True, seed=i) for i, src in enumerate(sources)]
        n_pages = PAGES * len(docs)
        print(f"{ENGINE_VERSION}, {threads()} onnxruntime thread(s) per worker; {len(docs)} scans x {PAGES} pages "
              "at 150 dpi", flush=True)
        walls = {}
        cpus = {}
        log, seen = Path(tmp) / "cpu.log", set()
        log.touch()
        runs = [(1, threads(), timed_extract), (2, threads(), timed_extract)]
        if threads() != 2:
            runs.append((1, 2, timed_extract_two_threads))
        for workers, n_threads, extract in runs:
            key = (workers, n_threads)
            walls[key], forms, peak = _batch(docs, workers, extract)
            cpus[key] = _workers_cpu(log, seen)
            print(f"{workers} worker(s) x {n_threads} thread(s): {walls[key]:6.1f} s for {n_pages} pages = "
                  f"{walls[key] / n_pages:.2f} s/page wall, {cpus[key] / n_pages:.2f} s/page CPU, {forms} forms, "
                  f"peak RSS per worker {peak:.0f} MiB", flush=True)
        one, two = walls[(1, threads())], walls[(2, threads())]
        per_core = one / n_pages
        print(f"speed-up on two workers: {one / two:.2f}x (one worker on two threads: "
              f"{one / walls.get((1, 2), one):.2f}x); one worker {per_core:.2f} s/page wall, "
              f"{cpus[(1, threads())] / n_pages:.2f} s/page CPU "
              f"({'within' if per_core <= TARGET_S_PER_PAGE else 'OVER'} the {TARGET_S_PER_PAGE:.0f} s/page/core "
              "target; worker start and model load included); "
              f"peak memory target {TARGET_MIB} MiB per worker", flush=True)
        _stages(docs)


def _batch(docs, workers: int, extract) -> tuple[float, int, float]:
    """(wall s, forms, peak RSS MiB per worker) of extracting `docs`."""
    from pipelines.extract.batch import extract_many
    from pipelines.extract.guard import Limits
    from pipelines.extract.record import ExtractionError

    stats: dict = {}
    t0 = time.perf_counter()
    results = extract_many(docs, Limits(seconds=3600), workers=workers, stats=stats, extract=extract)
    wall = time.perf_counter() - t0
    bad = [r for r in results if isinstance(r, ExtractionError)]
    if bad:
        raise RuntimeError(str(bad[0]))
    return wall, sum(len(r.forms) for r in results), max(p for _, p in stats.values())


# the steps of ocr/source.py's page pipeline, as (module, function, label)
_STEPS = (("render", "render_page", "render"), ("seal", "drop_seal", "seal"), ("deskew", "skew_angle", "deskew angle"),
          ("deskew", "rotate", "deskew rotate"), ("deskew", "ink", "binarise"), ("rules", "find_rules", "rules"),
          ("engine", "detect", "detection"), ("engine", "_crops", "crops"), ("engine", "_read", "recognition"),
          ("lexicon", "choose", "lexicon"), ("words", "to_words", "words"), ("words", "join_pieces", "words join"),
          ("doubts", "notes_for_word", "doubts"))


def _stages(docs) -> None:
    """CPU seconds per page of each step of the OCR page pipeline, in this process (models loaded
    before the clock starts)."""
    import importlib

    import pypdfium2 as pdfium

    from pipelines.extract.ocr import engine, source

    cpu: dict[str, float] = defaultdict(float)
    saved = []
    for mod_name, fn, label in _STEPS:
        mod = importlib.import_module(f"pipelines.extract.ocr.{mod_name}")
        orig = getattr(mod, fn)
        saved.append((mod, fn, orig))

        @functools.wraps(orig)
        def timed(*a, _orig=orig, _label=label, **k):
            c = time.process_time()
            try:
                return _orig(*a, **k)
            finally:
                cpu[_label] += time.process_time() - c

        setattr(mod, fn, timed)
    try:
        engine._engine(engine.threads())
        n = 0
        c0, t0 = time.process_time(), time.perf_counter()
        for path in docs:
            pdf = pdfium.PdfDocument(str(path))
            try:
                for i in range(len(pdf)):
                    page = pdf[i]
                    source.ocr_page_model(page, i + 1)
                    page.close()
                    n += 1
            finally:
                pdf.close()
        total_cpu, total_wall = time.process_time() - c0, time.perf_counter() - t0
    finally:
        for mod, fn, orig in saved:
            setattr(mod, fn, orig)
    print(f"one warm process: {total_cpu / n:.2f} s/page CPU, {total_wall / n:.2f} s/page wall; CPU s/page by step:")
    for label in sorted(cpu, key=lambda k: -cpu[k]):
        print(f"  {label:14s} {cpu[label] / n:6.3f}")
    rest = total_cpu - sum(v for k, v in cpu.items())
    print(f"  {'other':14s} {rest / n:6.3f}")
