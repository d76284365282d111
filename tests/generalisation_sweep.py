"""Generalisation sweep of the PDF extractor: every gold form rendered under many layouts.

    python -m tests.generalisation_sweep [--quick] [--verbose]

Renders each gold form (alone, one form per PDF, and each gold document whole) with
tests/pdf_factory.py under option combinations (rule styles, cell borders as lines /
filled rects / outlines, letter-spaced labels, 'label：value' header lines, font sizes,
landscape and rotated pages, no titles, repeated headers) and prints field accuracy per
combination (tests/score_extraction.py's rules). Not a pytest module: a fast subset of
these combinations is in tests/test_extract_pdf_generalisation.py.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pdf_factory import render_forms  # noqa: E402

from pipelines.extract.guard import Limits  # noqa: E402
from pipelines.extract.pdf import extract_pdf  # noqa: E402

_spec = importlib.util.spec_from_file_location("score_extraction", HERE / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)

GOLD = HERE / "fixtures" / "gold"

COMBOS: dict[str, dict] = {
    "grid": {"rules": "grid"},
    "horizontal": {"rules": "horizontal"},
    "none": {"rules": "none"},
    "grid/rect-borders": {"rules": "grid", "borders": "rect"},
    "horizontal/rect-borders": {"rules": "horizontal", "borders": "rect"},
    "grid/outline-borders": {"rules": "grid", "borders": "outline"},
    "horizontal/outline-borders": {"rules": "horizontal", "borders": "outline"},
    "grid/letter-spaced": {"rules": "grid", "letter_space": 6},
    "horizontal/letter-spaced": {"rules": "horizontal", "letter_space": 4},
    "none/letter-spaced": {"rules": "none", "letter_space": 3},
    "grid/header-lines": {"rules": "grid", "header_text": True},
    "horizontal/header-lines": {"rules": "horizontal", "header_text": True},
    "grid/font7.5": {"rules": "grid", "font_size": 7.5},
    "horizontal/font11": {"rules": "horizontal", "font_size": 11},
    "none/font10.5": {"rules": "none", "font_size": 10.5},
    "grid/landscape": {"rules": "grid", "landscape": True},
    "horizontal/landscape": {"rules": "horizontal", "landscape": True},
    "grid/rotate90": {"rules": "grid", "rotate": 90},
    "grid/no-title": {"rules": "grid", "titles": False},
    "horizontal/no-title": {"rules": "horizontal", "titles": False},
    "grid/no-title/heading": {"rules": "grid", "titles": False, "heading": "{year}年度项目绩效目标汇总表"},
    "horizontal/no-title/year-in-file-name": {"rules": "horizontal", "titles": False, "_file_year": True},
    "grid/header-alone-on-page": {"rules": "grid", "orphan_header": True},
    "horizontal/header-alone-on-page": {"rules": "horizontal", "orphan_header": True},
    "none/header-alone-on-page": {"rules": "none", "orphan_header": True},
    "grid/row-cut-by-page-break": {"rules": "grid", "split_row": True},
    "horizontal/row-cut-by-page-break": {"rules": "horizontal", "split_row": True},
    "none/row-cut-by-page-break": {"rules": "none", "split_row": True},
    "horizontal/repeat-header": {"rules": "horizontal", "repeat_header": True, "title_every_page": True},
    "grid/left-top": {"rules": "grid", "align": "left", "valign": "top"},
}
QUICK = ["grid", "horizontal/rect-borders", "horizontal/letter-spaced", "grid/header-lines",
         "grid/no-title/heading", "horizontal/no-title/year-in-file-name", "grid/rotate90"]


def gold_documents() -> dict[str, list[dict]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))["forms"] for p in sorted(GOLD.glob("*.json"))}


def score_one(forms: list[dict], options: dict, tmp: Path, name: str) -> tuple[float, bool, list[str]]:
    """(field accuracy, perfect, problems) of one rendered PDF; perfect also needs no extra form."""
    opts = {k: v for k, v in options.items() if not k.startswith("_")}
    year = forms[0].get("year")
    if opts.get("heading"):
        opts["heading"] = opts["heading"].format(year=year)
    if options.get("_file_year"):
        name = f"{year}年{name}"
    pdf = render_forms(forms, tmp / f"{name}.pdf", **opts)
    try:
        pred = [f.to_dict() if hasattr(f, "to_dict") else f for f in extract_pdf(pdf, Limits())]
    except Exception as exc:  # an extraction error is a total miss, reported
        return 0.0, False, [f"{name}: {type(exc).__name__}: {exc}"]
    out, problems = score_extraction.score(forms, pred)
    acc = out["field_accuracy"]
    return acc, acc >= 0.99999 and out["form_precision"] >= 0.99999, [f"{name}: {p}" for p in problems]


def sweep(combos: list[str], single: bool = True, verbose: bool = False) -> dict[str, float]:
    docs = gold_documents()
    results = {}
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for combo in combos:
            accs: list[float] = []
            perfect = 0
            probs: list[str] = []
            for stem, forms in docs.items():
                units = [[f] for f in forms] if single else [forms]
                for k, unit in enumerate(units):
                    acc, ok, p = score_one(unit, COMBOS[combo], tmp, f"{stem}.{k}")
                    accs.append(acc)
                    perfect += ok
                    probs += p
            results[combo] = sum(accs) / len(accs) if accs else 0.0
            print(f"{combo:28s} mean field accuracy {results[combo]:.4f}  min {min(accs):.4f}  "
                  f"perfect PDFs {perfect}/{len(accs)}", flush=True)
            if verbose:
                for p in probs[:15]:
                    print("    ", p)
    return results


def main(argv: list[str]) -> int:
    combos = QUICK if "--quick" in argv else list(COMBOS)
    verbose = "--verbose" in argv
    print("one form per PDF")
    single = sweep(combos, True, verbose)
    print("whole gold documents")
    whole = sweep(combos, False, verbose)
    allv = list(single.values()) + list(whole.values())
    print(f"mean field accuracy {sum(allv) / len(allv):.4f}; combos at 1.0: "
          f"{sum(v >= 0.9999 for v in allv)}/{len(allv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
