"""Generate the bad-input corpus: every kind of file a nightly load may meet in data/raw.

Nothing here is a hand-made binary: every file is produced from the text fixtures
and the sample PDFs in tests/fixtures with reportlab, pypdf and Pillow (dev extras).

    python tests/bad_inputs/make_corpus.py OUT_DIR [--big] [--slow]          # writes the files
    python tests/bad_inputs/make_corpus.py OUT_DIR --load [--big] [--slow]   # + loads them, prints
                                                          # the table input -> status -> message

`make_corpus(out)` returns the list of `Case`s: the file name under `out`, what it is,
and what the load must do with it (`expect`: 'ok', 'duplicate', or the ExtractionError
kind / load status expected). Cases that need the load's cooperation (a file that vanishes
after the inventory, a symlink leaving the raw folder) are created by the tests that
exercise them, with the helpers below.
"""
from __future__ import annotations

import io
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEEDS = FIXTURES / "seeds"

GOLD = FIXTURES / "gold"

# Good documents placed beside the bad ones. The warehouse keeps one document per (unit, project, year,
# form type), so every good file must be a different document: the four sample PDFs, and text exports
# whose implementing unit is renamed (`seed_variant`).
GOOD_PDF = CORPUS / "000_55d7bc6e09b5e210.grid.pdf"
GOOD_PDF_2 = CORPUS / "001_9dca29109af1ba6b.grid.pdf"
GOOD_PDF_3 = CORPUS / "002_da716e0b91d770b9.grid.pdf"
GOOD_PDF_FOR_DUP = CORPUS / "003_a6515d0af07e9517.part1.grid.pdf"


def seed_variant(stem: str, years_back: int) -> str:
    """The text export of sample `stem` moved `years_back` years earlier: another document (new natural key).

    Years, not names, are rewritten because exports wrap long names over lines while a year never breaks.
    """
    import json

    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    for year in sorted({f["year"] for f in gold["forms"] if f.get("year")}, reverse=True):
        text = text.replace(str(year), str(year - years_back))
    return text


LETTER = """关于做好2021年度部门预算编制工作的通知

各区财政局、市级各预算单位：
　　为做好2021年度部门预算编制工作，现将有关事项通知如下。
　　一、高度重视预算编制工作，按照规定时间报送预算草案。
　　二、严格执行支出标准，厉行节约，从严控制一般性支出。
　　三、请各单位于11月30日前将有关材料报送市财政局预算处。
　　联系人：张三　　联系电话：021-12345678

上海市财政局
2020年10月15日
"""

SQL_NAME = "x'); DROP TABLE load_log; -- \"quoted\" ; SELECT 1.pdf"


@dataclass(frozen=True)
class Case:
    name: str      # file name under the corpus folder
    what: str      # what the file is, in words
    expect: str    # 'ok' | 'duplicate' | ExtractionError kind (empty, truncated, encrypted, scanned, ...)


def _cjk_canvas(path_or_buf, pages_text: list[str]):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(path_or_buf, pagesize=A4)
    _w, h = A4
    for text in pages_text:
        c.setFont("STSong-Light", 11)
        y = h - 60
        for line in text.splitlines():
            c.drawString(50, y, line)
            y -= 18
            if y < 50:
                break
        c.showPage()
    c.save()


def write_letter_pdf(path: Path) -> None:
    """A Chinese letter: a real text PDF that holds no performance form."""
    _cjk_canvas(str(path), [LETTER])


def write_scanned_pdf(path: Path, pages: int = 2) -> None:
    """Pages that are pictures only (a scan): a form grid and text-like strokes drawn into an image, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    for page in range(pages):
        img = Image.new("L", (850, 1200), 255)
        d = ImageDraw.Draw(img)
        for i in range(12):  # table rows
            d.rectangle([60, 150 + i * 60, 790, 210 + i * 60], outline=0, width=2)
            for j in range(5):  # "characters" as ink blobs
                x = 80 + j * 140
                d.rectangle([x, 170 + i * 60, x + 90 + (i * 7 + j * 13 + page) % 30, 190 + i * 60], fill=40)
        d.rectangle([250, 60, 600, 100], fill=20)  # the title
        c.drawImage(ImageReader(img), 0, 0, width=w, height=h)
        c.showPage()
    c.save()


def write_encrypted_pdf(src: Path, path: Path, user_password: str = "secret") -> None:
    """Encrypted with a user password (cannot be opened without it). user_password='' gives an
    owner-password-only PDF (printing/copying restrictions) that opens without a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=user_password, owner_password="owner-" + user_password, algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)


def write_truncated_pdf(src: Path, path: Path, fraction: float = 0.6) -> None:
    data = src.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


def write_bad_xref_pdf(src: Path, path: Path, shift: int = 7) -> None:
    """`src` with every cross-reference offset pointing `shift` bytes past its object (objects intact)."""
    import re

    def moved(m: "re.Match[bytes]") -> bytes:
        return b"%010d 00000 n" % (int(m.group(1)) + shift)

    path.write_bytes(re.sub(rb"(\d{10}) 00000 n", moved, src.read_bytes()))


def write_big_pdf(path: Path, pages: int = 500, distinct: bool = True) -> None:
    """A `pages`-page document of distinct forms.

    With tests/pdf_factory.py (render_forms) the gold forms are rendered again and again, each copy
    under its own project name (so no form duplicates another, in this file or beside it); without
    it (or with distinct=False: quick, for page-count checks), the sample PDFs' pages are repeated.
    Either way the result is cut to exactly `pages` pages.
    """
    import json
    import tempfile

    from pypdf import PdfReader, PdfWriter

    render_forms = None
    if distinct:
        try:
            sys.path.insert(0, str(FIXTURES.parent))
            from pdf_factory import render_forms
        except ImportError:
            pass
    writer = PdfWriter()
    if render_forms is not None:
        gold = [f for g in sorted(GOLD.glob("*.json")) for f in json.loads(g.read_text(encoding="utf-8"))["forms"]]
        with tempfile.TemporaryDirectory() as tmp:
            batch = 0
            while len(writer.pages) < pages:
                forms = []
                for k, form in enumerate(gold):
                    copy = json.loads(json.dumps(form))
                    copy["project_name"] = f"{copy.get('project_name') or '项目'}（合集{batch}-{k}）"
                    forms.append(copy)
                part = Path(tmp) / f"part{batch}.pdf"
                render_forms(forms, part, rules="grid")
                for pg in PdfReader(part).pages:
                    if len(writer.pages) < pages:
                        writer.add_page(pg)
                batch += 1
            with path.open("wb") as fh:
                writer.write(fh)
        return
    sources = [PdfReader(p) for p in sorted(CORPUS.glob("*.grid.pdf"))]
    while len(writer.pages) < pages:
        for reader in sources:
            for pg in reader.pages:
                if len(writer.pages) >= pages:
                    break
                writer.add_page(pg)
    with path.open("wb") as fh:
        writer.write(fh)


def write_slow_pdf(path: Path, glyphs: int = 400_000) -> None:
    """A hostile PDF: one page whose content stream shows hundreds of thousands of single glyphs.

    Valid and small on disk (compressed), but a layout analyser spends a very long time on it:
    the per-document time limit must stop it.
    """
    import zlib

    ops = io.BytesIO()
    ops.write(b"BT /F1 1 Tf\n")
    for i in range(glyphs):
        ops.write(b"%d %d Td (x) Tj\n" % (1 if i % 500 else -499, 0 if i % 500 else 1))
    ops.write(b"ET\n")
    stream = zlib.compress(ops.getvalue(), 9)
    _write_one_page_pdf(path, stream)


def write_bomb_pdf(path: Path, inflated_mb: int = 1200) -> None:
    """A hostile PDF: a one-page content stream of a few MB that inflates to `inflated_mb` MB (a zip bomb)."""
    import struct
    import zlib

    # Compress one 1 MiB block of spaces after a full flush (which resets the history): the compressed block
    # is then the same every time, so it is repeated instead of compressing the whole bomb (fast to make).
    head = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n"
    chunk = b" " * 2**20
    comp = zlib.compressobj(9)
    start = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    assert comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH) == block
    end = comp.flush(zlib.Z_FINISH)[:-4]  # the final block, without the checksum (recomputed below)
    adler = zlib.adler32(head)
    for _ in range(inflated_mb):
        adler = zlib.adler32(chunk, adler)
    stream = start + block * inflated_mb + end + struct.pack(">I", adler)
    _write_one_page_pdf(path, stream)


def _write_one_page_pdf(path: Path, flate_stream: bytes) -> None:
    """A one-page PDF (Helvetica as F1) whose content stream is `flate_stream` (already deflated)."""
    _write_raw_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(flate_stream) + flate_stream + b"\nendstream",
    ])


def _write_raw_pdf(path: Path, objs: list[bytes]) -> None:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    path.write_bytes(out.getvalue())


def make_corpus(out: Path, big: bool = False, slow: bool = False) -> list[Case]:
    """Write the corpus into `out` (created if needed) and return its cases."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, what: str, expect: str) -> Path:
        cases.append(Case(name, what, expect))
        return out / name

    # good files beside the bad ones
    shutil.copyfile(GOOD_PDF, add("good.pdf", "a sample performance-form PDF", "ok"))
    shutil.copyfile(GOOD_PDF_2, add("绩效 目标表 2021（第二批）.pdf", "a good PDF whose name has spaces and Chinese", "ok"))
    add("utf8_export.txt", "a text export in UTF-8", "ok").write_text(
        seed_variant("002_da716e0b91d770b9", 10), encoding="utf-8")
    # encodings and mislabelled files
    add("gb18030_export.txt", "a text export encoded in GB18030", "ok").write_bytes(
        seed_variant("000_55d7bc6e09b5e210", 11).encode("gb18030"))
    add("really_text.pdf", "a text export saved under a .pdf name", "ok").write_bytes(
        seed_variant("001_9dca29109af1ba6b", 12).encode("utf-8"))
    add("big5_export.txt", "a text export in Big5 (traditional Chinese code page)", "encoding").write_bytes(
        LETTER.encode("big5", errors="replace"))
    add("error_page.pdf", "an HTML error page saved as .pdf", "not_pdf").write_text(
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n")
    _write_zip(add("word_export.pdf", "a Word .docx saved under a .pdf name", "not_pdf"))
    # broken PDFs
    add("empty.pdf", "a 0-byte .pdf", "empty").write_bytes(b"")
    write_truncated_pdf(GOOD_PDF_2, add("truncated.pdf", "the first 60% of a PDF (interrupted download)", "truncated"))
    write_encrypted_pdf(GOOD_PDF, add("encrypted.pdf", "a PDF encrypted with a user password", "encrypted"))
    write_scanned_pdf(add("scan.pdf", "a scanned PDF: pages are images only", "scanned"))
    write_letter_pdf(add("letter.pdf", "a PDF letter, not a performance form", "not_a_form"))
    bad_xref = add("bad_xref.pdf", "a PDF whose cross-reference offsets are wrong, objects intact", "repaired")
    write_bad_xref_pdf(GOOD_PDF_FOR_DUP.with_name(GOOD_PDF_FOR_DUP.name.replace(".grid.", ".dense.")), bad_xref)
    os.utime(bad_xref, (1_600_000_000, 1_600_000_000))  # an older copy of dup_original.pdf's document
    # the same document twice under two names
    shutil.copyfile(GOOD_PDF_FOR_DUP, add("dup_original.pdf", "a good PDF", "ok"))
    shutil.copyfile(GOOD_PDF_FOR_DUP, add("dup_original（副本）.pdf", "the same bytes under another name", "duplicate"))
    # SQL-looking name with quotes: must reach the warehouse only as a parameter
    shutil.copyfile(GOOD_PDF_3, add(SQL_NAME, "a good PDF whose name holds quotes and SQL", "ok"))
    if slow:
        write_slow_pdf(add("hostile_slow.pdf", "a small PDF with 400,000 glyphs on one page", "timeout"))
    if big:
        write_big_pdf(add("big_500_pages.pdf", "a 500-page document", "ok"))
    return cases


def _write_zip(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types/>")
        zf.writestr("word/document.xml", "<?xml version='1.0'?><document>绩效目标表</document>")


def make_vanishing(raw: Path) -> Path:
    """A good file that a test deletes after the inventory and before extraction."""
    p = raw / "vanishes.txt"
    p.write_text(seed_variant("003_a6515d0af07e9517.part1", 13), encoding="utf-8")
    return p


def make_outside_symlink(raw: Path, outside: Path) -> Path:
    """A symlink in raw pointing at a PDF outside it (must not be read: raw is the only input)."""
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "secret.pdf"
    shutil.copyfile(CORPUS / "001_9dca29109af1ba6b.dense.pdf", target)
    link = raw / "link_outside.pdf"
    link.symlink_to(target)
    return link


def load_table(out: Path, big: bool, slow: bool) -> str:
    """Make the corpus (plus a FIFO, a symlink loop and a link out of raw) in out/raw, load it, and return
    the Markdown table input -> status -> message from the warehouse's load_log."""
    import os

    import duckdb

    from pipelines.load import LoadConfig, run_load

    raw = out / "raw"
    cases = make_corpus(raw, big=big, slow=slow)
    what = {c.name: c.what for c in cases}
    if hasattr(os, "mkfifo"):
        os.mkfifo(raw / "pipe.pdf")
        what["pipe.pdf"] = "a named pipe (FIFO) called .pdf"
    (raw / "loop.pdf").symlink_to(raw / "loop.pdf")
    what["loop.pdf"] = "a symlink pointing at itself"
    what[make_outside_symlink(raw, out / "elsewhere").name] = "a symlink to a PDF outside the raw folder"
    cfg = LoadConfig(raw_dir=raw, warehouse=out / "warehouse.duckdb", cache_dir=out / "cache", force=True)
    run_load(cfg)
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        rows = con.execute(
            "SELECT path, status, forms_published, coalesce(error, note, '') FROM load_log "
            "WHERE load_id = (SELECT max(load_id) FROM load_log) ORDER BY status, path").fetchall()
    finally:
        con.close()
    lines = ["| input | file | status | forms | message |", "|---|---|---|---|---|"]
    for path, status, forms, message in rows:
        message = message.replace(str(raw) + "/", "").replace("|", "\\|")
        lines.append(f"| {what.get(path, '')} | `{path}` | {status} | {forms} | {message} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    big, slow = "--big" in argv, "--slow" in argv
    if "--load" in argv:
        print(load_table(Path(argv[0]), big, slow))
        return 0
    cases = make_corpus(Path(argv[0]), big=big, slow=slow)
    for c in cases:
        print(f"{c.expect:12} {c.name}  — {c.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
