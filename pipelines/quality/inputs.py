"""Block rule `inputs_vanished`: a load does not publish the loss of most of the warehouse's documents.

An empty raw folder, a dropped network mount or a sync job that clears the folder looks
exactly like "every file was deleted". Deleting a few files is normal; the files that the
published warehouse takes its forms from all, or mostly (more than half), disappearing at
once is not published unless the user says so (--accept-shrink). Decided before any
extraction, from the inventory and the live warehouse.
"""
from __future__ import annotations

from .gate import BlockFailure, BlockResult, RuleResult
from .rules import BLOCK

RULE = "inputs_vanished"
MOST = 0.5   # losing more than this share of the publishing files at once is blocked


def check_inputs(published_paths: set[str], current_paths: set[str], accept_shrink: bool = False) -> BlockResult:
    """published_paths: files the live warehouse publishes forms from; current_paths: this load's inventory."""
    lost = sorted(published_paths - current_paths)
    n = len(published_paths)
    failures: list[BlockFailure] = []
    detail = f"{len(lost)} of {n} publishing file(s) gone" if n else "no published warehouse to compare with"
    if n and len(lost) > MOST * n:
        if accept_shrink:
            detail += " (accepted: --accept-shrink)"
        elif not current_paths:
            failures.append(BlockFailure(RULE, (
                f"the raw folder has no input files, while the warehouse publishes forms from {n} file(s); "
                "a dropped mount or a cleared folder? Nothing was published. If the folder is meant to be empty, "
                "run again with --accept-shrink")))
        else:
            shown = ", ".join(lost[:3]) + (", …" if len(lost) > 3 else "")
            failures.append(BlockFailure(RULE, (
                f"{len(lost)} of the {n} files the warehouse publishes forms from are gone from the raw folder "
                f"({shown}); more than {MOST:.0%} at once looks like a lost folder, not a cleanup. Nothing was "
                "published. If they were removed on purpose, run again with --accept-shrink")))
    result = RuleResult(RULE, BLOCK, passed=not failures, failures=len(failures), checked=n or None,
                        detail="; ".join(f.detail for f in failures) or detail)
    return BlockResult(failures, [result])
