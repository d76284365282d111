"""The validation report: one self-contained HTML page next to the warehouse, every rule with its result.

Accepted results (any mix, in any order): QuarantineResult, WarningResult, BlockResult, a list of
RuleResult, a dq_issue DataFrame (DQ_ISSUE columns; its per-rule counts become the results of the
quarantine / warning rules) or a list[BlockFailure] (BlockResult.failures; rules not in it passed).
Rules that no result covers are listed as "not run".
"""
from __future__ import annotations

import html
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polars as pl

from . import rules as R
from .results import BlockFailure, BlockResult, QuarantineResult, RuleResult, WarningResult

MAX_ISSUE_ROWS = 2000


def _collect(results: list[Any]) -> tuple[dict[str, Any], list[pl.DataFrame]]:
    by_rule: dict[str, RuleResult] = {}
    issues: list[pl.DataFrame] = []
    for res in results:
        if res is None:
            continue
        if isinstance(res, (QuarantineResult, WarningResult, BlockResult)):
            by_rule.update({r.rule: r for r in res.rules})
            if not isinstance(res, BlockResult):
                issues.append(res.issues)
        elif isinstance(res, RuleResult):
            by_rule[res.rule] = res
        elif isinstance(res, pl.DataFrame):
            issues.append(res)
            counts = dict(res.group_by("rule").len().iter_rows()) if res.height else {}
            levels = {R.QUARANTINE if s == "error" else R.WARN for s in res["severity"].unique().to_list()} \
                if res.height else set()
            for level in levels:
                for rule in R.rules_of(level):
                    by_rule.setdefault(rule.name, RuleResult(rule.name, level, passed=not counts.get(rule.name),
                                                             failures=counts.get(rule.name, 0)))
        elif isinstance(res, list) and all(isinstance(x, RuleResult) for x in res):
            by_rule.update({r.rule: r for r in res})
        elif isinstance(res, list) and all(isinstance(x, BlockFailure) for x in res):
            failed: dict[str, list[str]] = {}
            for f in res:
                failed.setdefault(f.rule, []).append(f.detail)
            for rule in R.rules_of(R.BLOCK):
                d = failed.get(rule.name, [])
                by_rule.setdefault(rule.name, RuleResult(rule.name, R.BLOCK, passed=not d, failures=len(d),
                                                         detail="; ".join(d)))
        else:
            raise TypeError(f"write_report: cannot report a {type(res).__name__}")
    return by_rule, issues


_CSS = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}th{background:#f3f3f3}
.pass{color:#17692a;font-weight:bold}.fail{color:#b00020;font-weight:bold}.warn{color:#9a6200;font-weight:bold}
.skip{color:#777}.small{font-size:90%;color:#555}"""


def _status(r: Any) -> tuple[str, str]:
    if r is None or not r.ran:
        return "skip", "not run"
    if r.passed:
        return "pass", "passed"
    if r.level == R.WARN:
        return "warn", f"{r.failures} finding(s)"
    if r.level == R.QUARANTINE:
        return "fail", f"{r.failures} issue(s), form(s) quarantined"
    return "fail", "BLOCKED"


def render(results: list[Any], title: str | None = None, meta: dict[str, Any] | None = None) -> str:
    by_rule, issues = _collect(results)
    e = html.escape
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    blocked = any(r.level == R.BLOCK and r.ran and not r.passed for r in by_rule.values())
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title or 'Jixiao validation')}"
           f"</title><style>{_CSS}</style></head><body>",
           f"<h1>{e(title or 'Jixiao data-quality report')}</h1>",
           f"<p class='small'>generated {when}</p>",
           f"<p>Publish: <span class='{'fail' if blocked else 'pass'}'>"
           f"{'BLOCKED — the live warehouse was left unchanged' if blocked else 'allowed'}</span></p>"]
    if meta:
        out.append("<table>" + "".join(f"<tr><th>{e(str(k))}</th><td>{e(str(v))}</td></tr>"
                                        for k, v in meta.items()) + "</table>")
    out.append("<h2>Rules</h2><table><tr><th>level</th><th>rule</th><th>what it checks</th><th>result</th>"
               "<th>rows checked</th><th>detail</th></tr>")
    for level in (R.QUARANTINE, R.BLOCK, R.WARN):
        for rule in R.rules_of(level):
            r = by_rule.get(rule.name)
            cls, text = _status(r)
            checked = "" if r is None or r.checked is None else str(r.checked)
            out.append(f"<tr><td>{level}</td><td><code>{rule.name}</code></td><td>{e(rule.description)}</td>"
                       f"<td class='{cls}'>{e(text)}</td><td>{checked}</td>"
                       f"<td>{e(r.detail if r else '')}</td></tr>")
    out.append("</table>")
    out.append(f"<p class='small'>Tolerances: scores/weights ±{R.SCORE_TOL}; 执行率 ±{R.RATE_TOL_PP} pp plus the "
               f"rounding of the printed amounts; years {R.YEAR_MIN}–{R.year_max()}; volume guard "
               f"{R.SHRINK_LIMIT:.0%} of published fact rows; 元/万元 factor 10^{R.SCALE_DECADES}.</p>")
    allissues = pl.concat([i for i in issues if i.height], how="diagonal_relaxed") if any(
        i.height for i in issues) else None
    if allissues is not None:
        allissues = allissues.unique(maintain_order=True)
        n = allissues.height
        out.append(f"<h2>Findings ({n})</h2>")
        if n > MAX_ISSUE_ROWS:
            out.append(f"<p class='small'>first {MAX_ISSUE_ROWS} shown; query dq_issue for all.</p>")
        cols = [c for c in ("severity", "rule", "source_path", "form_key", "row_no", "message")
                if c in allissues.columns]
        out.append("<table><tr>" + "".join(f"<th>{c}</th>" for c in cols) + "</tr>")
        for row in allissues.sort("severity", "source_path", "form_key", "row_no", nulls_last=True)\
                .head(MAX_ISSUE_ROWS).iter_rows(named=True):
            out.append("<tr>" + "".join(f"<td>{e('' if row[c] is None else str(row[c]))}</td>" for c in cols)
                       + "</tr>")
        out.append("</table>")
    else:
        out.append("<h2>Findings (0)</h2>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(results: list[Any], path: Path, title: str | None = None, meta: dict[str, Any] | None = None) -> Path:
    """Write the page atomically (temp file + os.replace) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(render(results, title, meta), encoding="utf-8")
    os.replace(tmp, path)
    return path
