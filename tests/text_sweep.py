"""Generalisation sweep of the text reader on pdftotext exports of forms that are not in ../shared.

    python tests/text_sweep.py [--layout] [--seeds N] [--office]

Every gold document's forms are perturbed (tests/gold_forms.perturb: other names, issuers, years,
amounts, indicator values, 元 or 万元), rendered with tests/pdf_factory.py (grid, horizontal rules,
forms run on without page breaks) or, with --office, as Word and Excel files through LibreOffice
(tests/office_factory.py; self-evaluations also as Word files in the provinces' one-table layout,
`docx-prov`), printed by poppler's `pdftotext` (default mode, or -layout with --layout) and read back by the text extractor. Prints, per document and layout, the field accuracy and the
header/funds fields missed (tests/score_extraction.py's rules). Not a pytest module: it needs poppler.
"""
from __future__ import annotations

import copy
import functools
import importlib.util
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gold_forms import gold_forms, perturb  # noqa: E402
from pdf_factory import render_forms  # noqa: E402

from pipelines.extract.text import extract_text  # noqa: E402

_spec = importlib.util.spec_from_file_location("score_extraction", HERE / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)

DOCS = ["000_55d7bc6e09b5e210", "001_9dca29109af1ba6b", "002_da716e0b91d770b9", "003_a6515d0af07e9517.part1"]
LAYOUTS = {"grid": {"rules": "grid"}, "horizontal": {"rules": "horizontal"},
           "run-on": {"rules": "grid", "new_page_per_form": False, "repeat_header": True}}
HEADER = set(score_extraction.HEADER_FIELDS) - {"total_score", "grade"}


def _header_misses(problems: list[str]) -> int:
    return sum(1 for p in problems if any(f": {k}: gold" in p for k in HEADER) or ": budget." in p)


def _read(pdf: Path, layout: bool) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _score(forms: list[dict], text: str) -> tuple[float, int, int]:
    got = extract_text(text, "x.txt")
    for i, f in enumerate(got, 1):
        f.seq = i
    result, problems = score_extraction.score(forms, [f.to_dict() for f in got])
    return result["field_accuracy"], _header_misses(problems), len(forms) * (len(HEADER) + len(score_extraction.BUDGET_FIELDS))


def main(argv: list[str]) -> None:
    layout = "--layout" in argv
    seeds = int(argv[argv.index("--seeds") + 1]) if "--seeds" in argv else 2
    print(f"{'document':32} {'layout':12} {'seed':>4} {'unit':>4} {'field acc':>9} {'hdr/funds missed':>17}")
    for doc in DOCS:
        for seed in range(seeds):
            rng = random.Random(seed)
            unit = ["元", "万元"][seed % 2]
            forms = [perturb(f, rng, unit=unit) for f in gold_forms(doc + ".json")]
            for name, opts in LAYOUTS.items():
                with tempfile.TemporaryDirectory() as d:
                    pdf = Path(d) / "x.pdf"
                    render_forms(copy.deepcopy(forms), pdf, seed=seed, **opts)
                    acc, miss, total = _score(forms, _read(pdf, layout))
                print(f"{doc:32} {name:12} {seed:>4} {unit:>4} {acc:9.3f} {miss:>8} / {total}")
            if "--office" in argv:
                from office_factory import build_docx, build_xlsx, convert
                kinds = [("docx", build_docx), ("xlsx", build_xlsx)]
                if any(f["form_type"] == "self_evaluation" for f in forms):
                    kinds.append(("docx-prov", functools.partial(build_docx, province=True)))
                for kind, build in kinds:
                    with tempfile.TemporaryDirectory() as d:
                        src = Path(d) / f"x.{kind}"
                        build(copy.deepcopy(forms), src)
                        acc, miss, total = _score(forms, _read(convert(src, Path(d)), layout))
                    print(f"{doc:32} {kind:12} {seed:>4} {unit:>4} {acc:9.3f} {miss:>8} / {total}")


if __name__ == "__main__":
    main(sys.argv[1:])
