"""The text extractor on exports it was not written against: the corpus PDFs (rendered from the gold
records, `grid` and `dense` layouts) as pdftotext prints them (default and -layout mode) and as
tables-only TSV (pdfplumber extract_tables() rows joined with tabs, blank line between tables — the
shape document converters give). Fixtures are committed text, so poppler is not needed here.

Scored with tests/score_extraction.py. LEVELS holds what each fixture reaches today (a floor: a
regression fails, an improvement should raise it). Default-mode pdftotext of these PDFs prints every
cell as its own paragraph, merged level labels in column or page-foot order: the rows cannot be
rebuilt from that text alone, which the low floors record honestly.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pipelines.extract.document import extract_document

HERE = Path(__file__).parent
FIX = HERE / "fixtures"

_spec = importlib.util.spec_from_file_location("score_extraction", HERE / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)

# fixture (relative to tests/fixtures) -> (field_accuracy, row_f1, form_recall) it reaches
LEVELS: dict[str, tuple[float, float, float]] = {
    "tsv/000_55d7bc6e09b5e210.grid.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/000_55d7bc6e09b5e210.dense.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/001_9dca29109af1ba6b.grid.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/001_9dca29109af1ba6b.dense.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/003_a6515d0af07e9517.part1.grid.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/003_a6515d0af07e9517.part1.dense.tsv.txt": (1.0, 1.0, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.grid.layout.txt": (0.94, 1.0, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.dense.layout.txt": (0.69, 0.64, 1.0),
    "pdftotext/001_9dca29109af1ba6b.grid.layout.txt": (0.50, 0.45, 0.75),
    "pdftotext/001_9dca29109af1ba6b.dense.layout.txt": (0.38, 0.25, 0.75),
    "pdftotext/002_da716e0b91d770b9.grid.layout.txt": (0.83, 0.84, 1.0),
    "pdftotext/002_da716e0b91d770b9.dense.layout.txt": (0.57, 0.58, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.grid.layout.txt": (0.75, 0.77, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.dense.layout.txt": (0.59, 0.57, 0.81),
    # default mode: forms and headers are found, indicator rows are not (see module docstring)
    "pdftotext/000_55d7bc6e09b5e210.grid.txt": (0.10, 0.0, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.dense.txt": (0.08, 0.0, 1.0),
    "pdftotext/001_9dca29109af1ba6b.grid.txt": (0.14, 0.0, 1.0),
    "pdftotext/001_9dca29109af1ba6b.dense.txt": (0.13, 0.0, 1.0),
    "pdftotext/002_da716e0b91d770b9.grid.txt": (0.08, 0.0, 1.0),
    "pdftotext/002_da716e0b91d770b9.dense.txt": (0.08, 0.0, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.grid.txt": (0.11, 0.0, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.dense.txt": (0.10, 0.0, 1.0),
}


def _gold(path: Path) -> Path:
    return FIX / "gold" / (path.name.split(".")[0] + (".part1" if ".part1." in path.name else "") + ".json")


def _score(path: Path, drop_year: bool = False) -> dict:
    gold = score_extraction.load(str(_gold(path)))
    forms = json.loads(extract_document(path).to_json())["forms"]
    if drop_year:
        for f in gold + forms:
            f["year"] = None
    return score_extraction.score(gold, forms)[0]


def test_every_fixture_has_a_level():
    present = {str(p.relative_to(FIX)) for d in ("tsv", "pdftotext") for p in (FIX / d).glob("*.txt")}
    untitled = {f"tsv/002_da716e0b91d770b9.{lay}.tsv.txt" for lay in ("grid", "dense")}
    assert present == set(LEVELS) | untitled


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_fixture_reaches_its_level(name):
    result = _score(FIX / name)
    fa, f1, recall = LEVELS[name]
    assert result["form_recall"] >= recall, (name, result)
    assert result["field_accuracy"] >= fa, (name, result)
    assert result["row_f1"] >= f1, (name, result)


@pytest.mark.parametrize("layout", ["grid", "dense"])
def test_tables_only_export_without_any_year_keeps_year_null_and_everything_else(layout):
    """The 002 forms print their year only in the title, which a tables-only export drops: the year is
    not invented (null + a doubt) and every other field is still right."""
    path = FIX / "tsv" / f"002_da716e0b91d770b9.{layout}.tsv.txt"
    forms = json.loads(extract_document(path).to_json())["forms"]
    assert forms and all(f["year"] is None and f["doubts"] for f in forms)
    result = _score(path, drop_year=True)
    assert result["form_recall"] == 1.0 and result["field_accuracy"] == 1.0 and result["row_f1"] == 1.0, result
