"""Steps 2–3 of a load: records for every input file (gather), staged and checked by the quality rules.

The result (`StageResult`) is what the star step needs: per-file outcomes, the staging frames,
the forms quarantined and the dq_issue findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipelines.ingest.gather import FileResult, Progress, gather
from pipelines.ingest.inventory import RawFile, UnreadableFolder
from pipelines.quality import gate
from pipelines.quality.plausibility import RULE_AMOUNT, RULE_DATE, RULE_PERCENT, check_plausibility
from pipelines.quality.rules import WARN
from pipelines.quality.results import RuleResult
from pipelines.settings import Settings
from pipelines.transform.staging import Staged, stage

from .log import DUPLICATE_RULE, duplicate_form_issues, first_with_content, new_load_id


PLAUSIBILITY_RULES = (RULE_AMOUNT, RULE_PERCENT, RULE_DATE)


@dataclass
class Quality:
    quarantined: set[str]
    issues: pl.DataFrame                               # dq_issue rows: errors (quarantine) + warnings
    results: list = field(default_factory=list)        # gate result objects, for the HTML report


@dataclass
class StageResult:
    load_id: str
    results: list[FileResult]
    staged: Staged
    quality: Quality
    unreadable: list[UnreadableFolder] = field(default_factory=list)
    carried: set[str] = field(default_factory=set)


def stage_results(results: list[FileResult]) -> Staged:
    """Staging frames of the files that gave records; the same bytes under two names are staged once."""
    first = first_with_content(results)
    ok = [r for r in results if r.entry.ok and first[r.file.sha256] == r.file.path]
    return stage([(r.file, r.entry.record, r.entry.extractor_version) for r in ok], [r.file for r in ok])


def check_staging(staged: Staged) -> Quality:
    """The gate's levels 1 and 3 (pipelines/quality/gate.py) plus the in-document duplicates."""
    q = gate.quarantine(staged.forms, staged.indicators)
    w = gate.check_warnings(staged.forms, staged.indicators)
    dup = duplicate_form_issues(staged)
    odd = check_plausibility(staged.forms, staged.indicators)
    issues = pl.concat([q.issues.cast(dup.schema), w.issues.cast(dup.schema), dup, odd], how="vertical")
    found = dict(issues.group_by("rule").len().iter_rows()) if issues.height else {}
    own = [RuleResult(rule, WARN, passed=not found.get(rule), failures=found.get(rule, 0),
                      checked=staged.forms.height)
           for rule in (DUPLICATE_RULE, *PLAUSIBILITY_RULES)]
    return Quality(set(q.form_keys), issues, [q, w, *own, dup, odd])


def stage_all(settings: Settings, files: list[RawFile], progress: Progress | None = None,
              load_id: str | None = None, unreadable: list[UnreadableFolder] | None = None,
              carried: set[str] | None = None) -> StageResult:
    """Records for every file (cache or extraction), staged, deduplicated and quality-checked.
    Carried files (their folder is unreadable) always come from the cache, even under --force."""
    carried = carried or set()
    limits, cache = settings.limits(), settings.cache()
    readable = [f for f in files if f.path not in carried]
    kept = [f for f in files if f.path in carried]
    got = {r.file.path: r for r in gather(settings.raw_dir, readable, cache, limits, settings.workers,
                                          settings.force, progress, ocr=settings.ocr)}
    got.update({r.file.path: r for r in gather(settings.raw_dir, kept, cache, limits, 0, ocr=settings.ocr)})
    results = [got[f.path] for f in files]
    if progress:
        progress("stage", 0, 1, "staging + quality rules")
    staged = stage_results(results)
    quality = check_staging(staged)
    if progress:
        progress("stage", 1, 1, f"{staged.forms.height} forms")
    return StageResult(load_id or new_load_id(), results, staged, quality, list(unreadable or []), carried)
