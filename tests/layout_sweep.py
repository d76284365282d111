"""Generalisation sweep of the -layout text reader: mutated gold records → PDF → `pdftotext -layout` → records.

    python -m tests.layout_sweep [--seeds N] [--office] [--verbose] [--only NAME]

Each gold document's forms are mutated (tests/gold_forms.perturb: other issuers, names, values,
units; then by variant: long names that wrap over several lines, fewer or more indicator rows) and
rendered with tests/pdf_factory.py under several layouts (ruled or not, small and large fonts — large
fonts in the same column widths wrap names and values —, top-aligned cells, landscape), with --office
also through Word and Excel files exported by LibreOffice (tests/office_factory.py). Every PDF goes
through poppler's `pdftotext -layout` and `jixiao`'s text reader, and is scored against the records it
was made from (tests/score_extraction.py's rules). Prints mean / min field accuracy and row F1 per
variant. Needs pdftotext (poppler-utils) and, for --office, soffice. Not a pytest module: a few of
these shapes are pinned in tests/test_extract_text_shapes.py.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gold_forms import GOLD, gold_forms, perturb, score_extraction  # noqa: E402
from pdf_factory import render_forms  # noqa: E402

from pipelines.extract.text import extract_text  # noqa: E402

LONG = ["（含系统运行维护及数据安全保障服务）", "及配套设施建设完成情况", "覆盖全区各级医疗卫生机构的比例", "（第二年度续建部分）"]


def long_names(f: dict, rng: random.Random) -> dict:
    """Indicator names long enough to wrap over two or three lines of their cell."""
    for ind in f["indicators"]:
        if rng.random() < 0.5:
            ind["level3"] = ind["level3"] + rng.choice(LONG)
    return f


def row_count(f: dict, rng: random.Random) -> dict:
    """Fewer or more indicator rows: some dropped, some repeated under new names within their group."""
    rows = list(f["indicators"])
    out = []
    for ind in rows:
        r = rng.random()
        if r < 0.2 and len(rows) > 3:
            continue
        out.append(ind)
        if r > 0.75:
            twin = copy.deepcopy(ind)
            twin["level3"] = "新增" + twin["level3"]
            out.append(twin)
    f["indicators"] = out
    return f


MUTATIONS = {"names": [], "long-names": [long_names], "row-count": [row_count], "long+rows": [long_names, row_count]}
LAYOUTS: dict[str, dict] = {
    "grid": {"rules": "grid"},
    "horizontal": {"rules": "horizontal"},
    "none": {"rules": "none"},
    "grid/font11": {"rules": "grid", "font_size": 11},
    "grid/font7.5": {"rules": "grid", "font_size": 7.5},
    "horizontal/top": {"rules": "horizontal", "valign": "top", "align": "left"},
    "grid/landscape": {"rules": "grid", "landscape": True},
}
OFFICE = {"docx": {"kind": "docx"}, "xlsx": {"kind": "xlsx"}}


def mutated(stem: str, mutation: str, seed: int) -> list[dict]:
    rng = random.Random(f"{stem}/{mutation}/{seed}")
    out = []
    for f in gold_forms(stem + ".json"):
        g = perturb(f, rng)
        for m in MUTATIONS[mutation]:
            g = m(g, rng)
        out.append(g)
    return out


def layout_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, timeout=120).stdout.decode("utf-8")


def render(forms: list[dict], layout: str, tmp: Path, name: str, seed: int) -> Path:
    if layout in OFFICE:
        from office_factory import build_docx, build_xlsx, convert
        src = tmp / f"{name}.{layout}"
        (build_docx if layout == "docx" else build_xlsx)(copy.deepcopy(forms), src)
        return convert(src, tmp)
    return render_forms(forms, tmp / f"{name}.pdf", seed=seed, **LAYOUTS[layout])


def score(forms: list[dict], text: str) -> tuple[dict, list[str]]:
    pred = [json.loads(f.to_json()) if hasattr(f, "to_json") else f.to_dict() for f in extract_text(text, "x.txt")]
    return score_extraction.score(forms, pred)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--office", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--only", default=None, help="a layout name")
    ap.add_argument("--keep", type=Path, default=None, help="keep the -layout texts here")
    args = ap.parse_args(argv)
    if shutil.which("pdftotext") is None:
        sys.exit("needs pdftotext: apt-get install poppler-utils")
    layouts = list(LAYOUTS) + (list(OFFICE) if args.office else [])
    if args.only:
        layouts = [x for x in layouts if x == args.only]
    stems = [p.stem for p in sorted(GOLD.glob("*.json"))]
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for layout in layouts:
            for mutation in MUTATIONS:
                accs, f1s, probs = [], [], []
                for stem in stems:
                    for seed in range(args.seeds):
                        forms = mutated(stem, mutation, seed)
                        name = f"{stem}.{mutation}.{seed}"
                        text = layout_text(render(forms, layout, tmp, name, seed))
                        if args.keep:
                            args.keep.mkdir(parents=True, exist_ok=True)
                            (args.keep / f"{name}.{layout.replace('/', '_')}.layout.txt").write_text(text)
                            (args.keep / f"{name}.json").write_text(json.dumps({"forms": forms}, ensure_ascii=False))
                        out, p = score(forms, text)
                        accs.append(out["field_accuracy"])
                        f1s.append(out["row_f1"])
                        probs += [f"{name}: {x}" for x in p]
                print(f"{layout:16s} {mutation:11s} field accuracy mean {sum(accs) / len(accs):.4f} min {min(accs):.4f}"
                      f"   row F1 mean {sum(f1s) / len(f1s):.4f} min {min(f1s):.4f}", flush=True)
                if args.verbose:
                    for x in probs[:12]:
                        print("    ", x)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
