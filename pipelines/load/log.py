"""What a load tells the analysts about itself: the load_log rows and the load's own dq_issue rows.

load_log has one row per input file (status, forms found / published, error, note) and one
'failed' row per folder that could not be listed; dq_issue gets a warning per extra copy of a
form inside one document. Columns and types come from the DDL (warehouse/contract.py).
"""
from __future__ import annotations

from datetime import datetime, timezone

import polars as pl

from pipelines.ingest.gather import FileResult
from pipelines.ingest.inventory import UnreadableFolder
from pipelines.transform.staging import Staged
from pipelines.warehouse.contract import conform, table_schema

DUPLICATE_RULE = "duplicate_form_in_document"


def new_load_id() -> str:
    """A load's id: its UTC start time (sorts in load order)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def first_with_content(results: list[FileResult]) -> dict[str, str]:
    """sha256 -> the first path holding those bytes; later paths with the same bytes are duplicates."""
    first: dict[str, str] = {}
    for r in results:
        first.setdefault(r.file.sha256, r.file.path)
    return first


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _supersede_notes(staged: Staged) -> dict[str, list[str]]:
    sup = staged.superseded.group_by("source_path", "winner_path").agg(pl.len().alias("n")).sort("source_path", "winner_path")
    notes: dict[str, list[str]] = {}
    for path, winner, n in sup.iter_rows():
        if path == winner:
            notes.setdefault(path, []).append(f"{_plural(n, 'form')} printed twice in this file, published once (see dq_issue)")
        else:
            notes.setdefault(path, []).append(f"superseded by {winner}: {_plural(n, 'form')}")
    return notes


def load_log_frame(load_id: str, results: list[FileResult], staged: Staged, quarantined: set[str],
                   unreadable: list[UnreadableFolder], carried: set[str], when: datetime,
                   fingerprint: str | None) -> pl.DataFrame:
    """This load's rows of load_log: one per input file, one per folder that could not be listed."""
    found_n = dict(staged.all_forms.group_by("source_path").agg(pl.len()).iter_rows())
    published = staged.forms.filter(~pl.col("form_key").is_in(pl.Series(sorted(quarantined), dtype=pl.String).implode()))
    pub_n = dict(published.group_by("source_path").agg(pl.len()).iter_rows())
    sup_n = dict(staged.superseded.filter(pl.col("source_path") != pl.col("winner_path"))
                 .group_by("source_path").agg(pl.len()).iter_rows())
    sup_notes = _supersede_notes(staged)
    first = first_with_content(results)
    rows = []
    for r in results:
        path = r.file.path
        n_found = found_n.get(path, 0)
        notes = list(sup_notes.get(path, []))
        status = r.status
        if r.entry.ok and n_found > 0 and sup_n.get(path, 0) == n_found:
            status = "skipped"  # every form of the file is superseded by a newer document
        if r.entry.ok and first[r.file.sha256] != path:
            status = "duplicate"
            notes = [f"same content as {first[r.file.sha256]}: its forms are loaded once, from that file; "
                     "delete this copy"]
        if path in carried:
            notes.append("its folder could not be read in this load: kept as last loaded")
        rows.append({
            "load_id": load_id, "path": path, "sha256": r.file.sha256, "status": status,
            "forms_found": n_found if r.entry.ok else 0, "forms_published": pub_n.get(path, 0),
            "error": r.entry.error, "note": "; ".join(notes) or None,
            "extractor_version": r.entry.extractor_version,
            "started_at": r.started_at, "finished_at": r.finished_at, "fingerprint": fingerprint,
        })
    for u in unreadable:
        rows.append({
            "load_id": load_id, "path": u.path.rstrip("/") + "/", "sha256": None, "status": "failed",
            "forms_found": 0, "forms_published": 0,
            "error": f"{u.path}: the folder cannot be read ({u.error}); its files were not looked at — the facts "
                     "they published before are kept. Check the folder's permissions or mount and load again",
            "note": None, "extractor_version": None, "started_at": when, "finished_at": when,
            "fingerprint": fingerprint,
        })
    return pl.DataFrame(rows, schema=table_schema("load_log"))


def with_history(log: pl.DataFrame, history: pl.DataFrame | None, load_id: str) -> pl.DataFrame:
    """This load's rows after the earlier loads' (history read from the live warehouse)."""
    if history is not None and history.height:
        log = pl.concat([conform(history, "load_log").filter(pl.col("load_id") != load_id), log], how="vertical")
    return log.sort("load_id", "path")


def duplicate_form_issues(staged: Staged) -> pl.DataFrame:
    """One warning per extra copy of a form inside one document (staging kept one copy of it)."""
    def where(seq: object, page: object) -> str:
        return f"form {seq}" + (f" (page {page})" if page is not None else "")

    rows = []
    for d in staged.in_document.iter_rows(named=True):
        dropped, kept = where(d["form_seq"], d["page_start"]), where(d["kept_seq"], d["kept_page"])
        if d["identical"]:
            msg = (f"the same form is printed twice in this document: {dropped} repeats {kept} with identical "
                   f"content; published once, from {kept}")
        else:
            msg = (f"the same form (unit, project, year, form type) is printed twice in this document with "
                   f"different content: {kept} is published as the document's correction of {dropped}; "
                   "check which copy is right")
        rows.append({"rule": DUPLICATE_RULE, "severity": "warning", "form_key": d["form_key"], "row_no": None,
                     "message": msg, "source_path": d["source_path"]})
    return pl.DataFrame(rows, schema=table_schema("dq_issue"))


def dq_frame(issues: pl.DataFrame, staged: Staged) -> pl.DataFrame:
    """dq_issue: every finding with its source file, in a stable order."""
    src = staged.all_forms.select("form_key", pl.col("source_path").alias("_src"))
    return (conform(issues, "dq_issue").join(src, on="form_key", how="left")
            .with_columns(pl.coalesce("source_path", "_src").alias("source_path")).drop("_src")
            .sort("severity", "rule", "source_path", "form_key", "row_no", nulls_last=True))
