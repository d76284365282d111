"""Decides how a night's outcome reaches a person: one line appended to a fixed log file, and a JSON POST to a
webhook when JIXIAO_WEBHOOK_URL is set. Plain Python (no Dagster), used by the outcome sensors.

Line format (one per finished refresh or failed run; `jixiao status` shows the last one):
    2026-12-02T18:00:41Z BLOCKED refresh_warehouse run 1a2b3c4d: rule(s) volume_guard on a.pdf, b.pdf | <detail>
"""
from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    outcome: str                 # 'published' | 'blocked' | 'failed'
    job: str
    run_id: str
    message: str
    rules: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def line(self) -> str:
        text = f"{self.at} {self.outcome.upper()} {self.job} run {self.run_id[:8]}: {self.message}"
        if self.details:
            text += " | " + "; ".join(self.details)
        return " ".join(text.split())  # one line, whatever the messages hold


def default_log(warehouse: str | os.PathLike) -> Path:
    """JIXIAO_OUTCOME_LOG, else outcomes.log next to the warehouse file."""
    env = os.environ.get("JIXIAO_OUTCOME_LOG")
    return Path(env) if env else Path(warehouse).with_name("outcomes.log")


def record(o: Outcome, log_file: str | os.PathLike, webhook_url: str | None = None, timeout: float = 10.0) -> str | None:
    """Append the line; POST the JSON to the webhook if one is given. Returns the webhook's problem, if any."""
    path = Path(log_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(o.line() + "\n")
    if not webhook_url:
        return None
    body = json.dumps({**asdict(o), "text": o.line()}, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(webhook_url, data=body, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
        return None
    except OSError as exc:  # URLError, HTTPError, timeouts: the line is written; say why the hook was not
        log.warning("webhook %s failed: %s", webhook_url, exc)
        return f"webhook {webhook_url} failed: {exc}"


def last_line(log_file: str | os.PathLike) -> str | None:
    path = Path(log_file)
    if not path.exists():
        return None
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines[-1] if lines else None
