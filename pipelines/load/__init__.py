"""The load: raw files → record cache → staging → quality gate → star schema → warehouse.

Plain Python, shared by `jixiao load` and the Dagster assets (pipelines/defs). The steps, each
in its own module and each returning a typed value:

    inputs.take_inputs     the raw folder's inventory (+ files of unreadable folders, kept)   → Inputs
    stage.stage_all        records from the cache or extraction (ingest/gather.py), staged,
                           checked by the quarantine and warning rules                       → StageResult
    marts.make_marts       the star schema, load_log and dq_issue as frames                   → Marts
    publish.publish_marts  the blocking rules, then the atomic swap of the warehouse file     → Path
    run.run_load           the sequence, under the writer lock                                → LoadSummary

Incremental: files are identified by content (sha256); an unchanged file's records come from
the cache; every load rebuilds the marts from the current inputs, so a deleted file's forms are
gone (unless most files vanish at once: then nothing is published without --accept-shrink).
Two loads of the same inputs give identical marts (only load_log grows).
"""
from pipelines.ingest.gather import FileResult, extract_one
from pipelines.settings import DEFAULT_CACHE, DEFAULT_RAW, DEFAULT_WAREHOUSE, Settings

from .errors import LoadBlocked, LoadFailed
from .fingerprint import input_fingerprint
from .inputs import take_inventory
from .marts import Marts, make_marts
from .publish import publish_marts, report_path, unpublished_report_path
from .run import run_load
from .stage import StageResult, stage_all
from .summary import LoadSummary

LoadConfig = Settings  # the name the Dagster resource and older callers use

__all__ = [
    "DEFAULT_CACHE", "DEFAULT_RAW", "DEFAULT_WAREHOUSE", "FileResult", "LoadBlocked", "LoadConfig", "LoadFailed",
    "LoadSummary", "Marts", "Settings", "StageResult", "extract_one", "input_fingerprint", "make_marts",
    "publish_marts", "report_path", "run_load", "stage_all", "take_inventory", "unpublished_report_path",
]
