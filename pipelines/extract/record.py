"""The form record: what extraction hands to the warehouse (docs/form-record.md).

Plain dataclasses so that every extractor (PDF, text export) builds the same
shape, and `to_dict()` gives exactly the JSON of the contract, key order included.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

EXTRACTOR_VERSION = "0.1.0"

FORM_TYPES = ("target", "self_evaluation")
OPS = ("=", ">=", "<=", ">", "<")


@dataclass
class Value:
    """A parsed target or actual value: op / value / unit / text (any may be None)."""

    op: str | None = None
    value: float | None = None
    unit: str | None = None
    text: str | None = None


@dataclass
class Budget:
    """Amounts in 元 (万元 × 10000); percent, weight and score as printed."""

    total: float | None = None
    annual_total: float | None = None
    fiscal: float | None = None
    carryover: float | None = None
    other: float | None = None
    initial_budget: float | None = None
    full_year_budget: float | None = None
    executed: float | None = None
    execution_rate_pct: float | None = None
    budget_weight: float | None = None
    budget_score: float | None = None


@dataclass
class Indicator:
    level1: str | None
    level2: str | None
    level3: str | None
    target_raw: str | None = None
    target: Value = field(default_factory=Value)
    actual_raw: str | None = None
    weight: float | None = None
    score: float | None = None
    note: str | None = None


@dataclass
class Form:
    seq: int
    form_type: str
    year: int | None = None
    project_name: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    project_category: str | None = None
    project_nature: str | None = None
    performance_type: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    money_unit_printed: str | None = None
    budget: Budget = field(default_factory=Budget)
    total_score: float | None = None
    grade: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    # Provenance beyond the contract (pages are 1-based; None for text input).
    page_start: int | None = None
    page_end: int | None = None
    unit_code: str | None = None
    extraction_method: str = "text"  # 'text' (a PDF text layer or a text export) | 'ocr' (any of its pages OCRed)

    def to_dict(self) -> dict[str, Any]:
        return _tidy(asdict(self))


@dataclass
class DocumentRecord:
    source: str
    forms: list[Form] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "forms": [f.to_dict() for f in self.forms]}

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _tidy(obj: Any) -> Any:
    """Whole floats become ints so that JSON shows 743000, not 743000.0."""
    if isinstance(obj, dict):
        return {k: _tidy(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_tidy(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer() and abs(obj) < 2**53:
        return int(obj)
    return obj


class ExtractionError(Exception):
    """A document that cannot become form records; the message is one sentence naming file and problem."""

    def __init__(self, path: str, problem: str, kind: str = "unreadable"):
        self.path = str(path)
        self.problem = problem
        self.kind = kind  # e.g. empty, truncated, encrypted, scanned, not_a_form, too_large, timeout, encoding
        super().__init__(f"{self.path}: {problem}")
