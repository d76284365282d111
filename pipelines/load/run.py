"""One load, start to finish: inventory → gather → stage → gate → star → publish, under the writer lock.

Each step is a call into its layer and returns a typed value; this module only sequences them
and decides the two early exits (nothing changed; the inputs vanished).
"""
from __future__ import annotations



from pipelines.ingest.gather import Progress
from pipelines.quality.inputs import check_inputs
from pipelines.settings import Settings
from pipelines.warehouse import build
from pipelines.warehouse.lock import writer_lock

from .errors import LoadBlocked
from .fingerprint import input_fingerprint, up_to_date
from .inputs import take_inputs
from .log import new_load_id
from .marts import make_marts, removed_since
from .publish import publish_locked, unpublished_report_path, write_report
from .stage import stage_all
from .summary import LoadSummary, summarise, summarise_previous


def run_load(settings: Settings, progress: Progress | None = None) -> LoadSummary:
    """One full load, holding the writer lock throughout.

    When the live warehouse was built from exactly the same inputs and code, nothing is rebuilt
    (summary.up_to_date; settings.force rebuilds anyway, re-extracting every file). Raises LoadBlocked
    (a blocking rule), LoadFailed (I/O), WarehouseBusy (another load), FileNotFoundError (no raw folder).
    """
    load_id = new_load_id()
    summary = LoadSummary(load_id, settings.warehouse)
    target = build.real_target(settings.warehouse)
    limits, cache = settings.limits(), settings.cache()
    with writer_lock(target, settings.wait_seconds):
        stale = build.clean_stale(target)
        if stale:
            summary.notes.append(f"removed {len(stale)} temp file(s) left by an interrupted load")
        previous = build.read_previous(target)
        if previous.problem:
            summary.notes.append(previous.problem)
        inputs = take_inputs(settings.raw_dir, limits, previous, cache)
        summary.unreadable = [u.path for u in inputs.unreadable]
        if progress:
            progress("inventory", len(inputs.files), len(inputs.files), str(settings.raw_dir))
        fingerprint = input_fingerprint(inputs.files, limits=limits)
        if not settings.force and not inputs.unreadable and up_to_date(previous, inputs.files, fingerprint, cache):
            summarise_previous(summary, previous, len(inputs.files))
            return summary
        guard = check_inputs(set(previous.published), inputs.paths, settings.accept_shrink)
        if guard.failures:
            summary.report = write_report([guard], unpublished_report_path(target), load_id, settings.warehouse)
            raise LoadBlocked(guard.failures, summary)
        summary.removed = removed_since(previous, inputs.files)
        sr = stage_all(settings, inputs.files, progress, load_id, inputs.unreadable, inputs.carried)
        m = make_marts(sr, previous, inputs.files, fingerprint)
        summarise(summary, m.frames, sr.staged.superseded.height, len(sr.quality.quarantined))
        publish_locked(settings, m, previous, summary, progress)
    return summary



