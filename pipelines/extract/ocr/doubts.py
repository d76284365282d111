"""Which OCR readings become doubts on a form (→ dq_issue warnings).

Decides what uncertainty is worth telling the analyst, and where: a word whose weakest
character the recogniser was unsure of (`LOW`), a character chosen by the form vocabulary
over the recogniser's first choice (lexicon.py), and a value where the recogniser and the
value grammar disagree (digits mixed with letters that look like digits, 'l6,9O7'; a
target with digits that does not parse), a paired mark restored from a weak reading
(marks.py), and a text field whose quotes or brackets are still unpaired once its lines are
joined (a mark OCR lost without a trace), and a label taken for the vocabulary label it is one
character from (labels.py). A note is put on the form whose fields hold the word (header, fund
amounts, indicator rows), naming the field and the page — a label's note on the field the label
introduces, when the form has it; readings that ended up in no field (page numbers, titles) are
not reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize import squash
from ..record import Form
from .marks import unbalanced

LOW = 0.8  # a character read with less certainty than this makes its word doubtful
_DIGITISH = re.compile(r"^[\d.,，%]*\d[\d.,，%]*[OoIlSsBZ][\dOoIlSsBZ.,，%]*$|^[OoIlSsBZ][\d.,，%]*\d[\d.,，%]*$")


@dataclass(slots=True)
class Note:
    page: int
    text: str  # the word as it stands in the page model
    detail: str
    y: float = 0.0  # the word's top on the page (points): notes on one text go to its fields top to bottom
    field: str | None = None  # a label's note: the field the label introduces ('budget.annual_total')


def notes_for_word(page: int, text: str, certainty: float, changes: list[tuple[int, str, str]],
                   y: float = 0.0) -> list[Note]:
    out = []
    if changes:
        was = list(text)
        for i, first, _chosen in changes:
            if i < len(was):
                was[i] = first
        out.append(Note(page, text, f"OCR read '{''.join(was)}'; '{text}' chosen as the likelier reading", y))
    elif certainty < LOW:
        out.append(Note(page, text, f"read by OCR with confidence {certainty:.2f}", y))
    compact = re.sub(r"\s+", "", text)
    if _DIGITISH.match(compact):
        out.append(Note(page, text, "OCR read letters among the digits; the value grammar disagrees", y))
    return out


def _fields(form: Form) -> list[tuple[str, str]]:
    """(where, value text) of every filled field of a form."""
    out = []
    for name in ("project_name", "department", "implementing_unit", "project_category", "project_nature",
                 "performance_type", "start_date", "end_date", "grade"):
        v = getattr(form, name)
        if v:
            out.append((name, str(v)))
    if form.budget is not None:
        for name, v in vars(form.budget).items():
            if v is not None:
                out.append((f"budget.{name}", f"{v:.2f}"))
    for i, ind in enumerate(form.indicators, start=1):
        row = squash(ind.level3) or f"#{i}"
        for name in ("level1", "level2", "level3", "target_raw", "actual_raw", "note"):
            v = getattr(ind, name)
            if v:
                out.append((f"row '{row}' {name}", str(v)))
        for name in ("weight", "score"):
            v = getattr(ind, name)
            if v is not None:
                out.append((f"row '{row}' {name}", f"{v:g}"))
    return out


def _holds(value: str, word: str) -> bool:
    w = squash(word) or ""
    if not w:
        return False
    v = squash(value) or ""
    if w in v or (len(v) >= 2 and v in w):
        return True
    digits = re.sub(r"\D", "", w)
    return len(digits) >= 3 and digits == re.sub(r"\D", "", v.split(".")[0])


def attach(forms: list[Form], notes: list[Note]) -> None:
    """Add each note as a doubt to the forms (on its page) whose fields hold the word."""
    for form in forms:
        if form.extraction_method != "ocr":
            continue
        first, last = form.page_start or 0, form.page_end or form.page_start or 0
        fields = None
        claimed: dict[tuple, int] = {}  # (page, text, y) of a word → the field it went to
        used: dict[str, set[int]] = {}  # text → fields already claimed by a word of that text
        for note in sorted(notes, key=lambda n: (n.page, n.y)):
            if not first <= note.page <= last:
                continue
            fields = fields if fields is not None else _fields(form)
            if note.field is not None:  # a label: on the field it introduces, if the form has it
                msg = f"page {note.page}: {note.field}: the label '{squash(note.text)}' {note.detail}"
                if any(f == note.field for f, _v in fields) and msg not in form.doubts:
                    form.doubts.append(msg)
                continue
            key = (note.page, note.text, round(note.y, 1))
            if key not in claimed:  # the same text on several rows ('=100%'): its words in page order
                held = [i for i, (_f, v) in enumerate(fields) if _holds(v, note.text)]
                if not held:
                    continue
                free = [i for i in held if i not in used.setdefault(note.text, set())]
                claimed[key] = (free or held)[0]
                used[note.text].add(claimed[key])
            where = fields[claimed[key]][0]
            msg = f"page {note.page}: {where} '{squash(note.text)}' {note.detail}"
            if msg not in form.doubts:
                form.doubts.append(msg)
        for where, value in (fields if fields is not None else _fields(form)):
            mark = unbalanced(value) if not where.startswith("budget.") else None
            msg = f"{where} '{squash(value)}' has a '{mark}' without its mate (OCR may have lost it)" if mark else None
            if msg and msg not in form.doubts:
                form.doubts.append(msg)
        for ind in form.indicators:  # the value grammar: a target with digits that does not parse,
            raw = ind.target_raw or ""  # or a percentage over 100 (a decimal point lost: '10000(%)')
            msg = None
            if re.search(r"\d", raw) and ind.target.value is None:
                msg = f"row '{squash(ind.level3)}' target '{raw}' has digits but no value the grammar reads (OCR)"
            elif ind.target.unit == "%" and ind.target.value is not None and ind.target.value > 100:
                msg = f"row '{squash(ind.level3)}' target '{raw}' is over 100% (OCR may have lost a decimal point)"
            if msg and msg not in form.doubts:
                form.doubts.append(msg)
