"""Flowing pdftotext text (one table row per line, space-separated cells) → indicator rows.

Decides where one row of the indicator table ends and the next begins when cells are printed on
the row's line, on lines of their own before it (wrapped names), or as vertical label pieces
between rows; which tokens of a line are the row's name, values, weight / score / note; and the
table's end (总分 / 评分等级 / signatures).
"""
from __future__ import annotations

from ..assemble import FormBuilder
from ..normalize import squash
from .flow_lines import (
    drop_header_pieces, in_label, label_line, label_prefix, skip_header_lines, split_texts, starts_label,
)
from .label_pieces import fill_open, segment
from .rows import JUNK, Label, RowRec, label_level, last_label, value_like
from .totals import read_totals
from .tokens import PAGE_NUMBER, PURE_NUMBER, TABLE_END, VALUE_START, column_role, line_tokens, merge_tokens, table_header_roles


def flow_table(b: FormBuilder, header_toks: list[str], lines: list[str], above: list[str]) -> list[RowRec]:
    """The rows of a flowing-text table whose column titles are `header_toks` (`above`: the line over them)."""
    return FlowTable(b, header_toks, above).read(lines)


class FlowTable:
    """Reads the table line by line; text seen since the last row waits in `pieces` (label pieces)
    and `texts` (cells printed on lines of their own) until a row's own line closes it."""

    def __init__(self, b: FormBuilder, header_toks: list[str], above: list[str]) -> None:
        self.b = b
        order = [r for r in (column_role(t) for t in header_toks) if r]
        # a column title wrapped around the header line ('偏差原因分析及' above it, '改进措施' below)
        self.wrapped_title = next((squash(t) or "" for t in reversed(header_toks + above) if column_role(t) == "note"), "")
        after3 = order[order.index("level3") + 1:] if "level3" in order else ["target"]
        self.scored = "weight" in after3 or "score" in after3
        self.mid = [r for r in after3 if r in ("target", "actual")] if self.scored else after3
        self.rows: list[RowRec] = []
        self.pieces: list[str] = []  # vertical-label pieces since the last row
        self.texts: list[str] = []  # cells printed on lines of their own since the last row
        self.last_kind: str | None = None
        self.open_labels: list[Label] = []

    # --- the walk -------------------------------------------------------------------------------
    def read(self, lines: list[str]) -> list[RowRec]:
        b = self.b
        blanks, brk = 0, False
        skip_to = skip_header_lines(lines, 0, self.wrapped_title)
        for n, line in enumerate(lines):
            if n < skip_to:
                continue
            if line.strip() == "\f" or PAGE_NUMBER.match(line):
                brk = True
                continue
            if not line.strip():
                blanks += 1
                brk = brk or blanks >= 2
                continue
            blanks = 0
            raw = line_tokens(line, False)
            toks = merge_tokens(raw)
            first = squash(toks[0]) or ""
            if table_header_roles(toks):  # the header printed again on a new page
                skip_to = skip_header_lines(lines, n + 1)
                self.pieces = drop_header_pieces(self.pieces)
                continue
            if read_totals(b, raw):
                continue
            if TABLE_END.match(first):
                break
            if len(toks) >= 2 and label_line(" ".join(toks)):  # labels side by side on a line of their own
                self.pieces.extend(k for k in map(squash, toks) if k and k not in JUNK)
                self.last_kind = "label"
                continue
            cut = self.values_start(toks)
            if cut is None:
                k = 0  # category labels printed before a wrapped name's first line ('产出指标 数量指标 故障响应服')
                while k < len(toks) - 1 and (label_level(squash(toks[k])) is not None or squash(toks[k]) in JUNK):
                    k += 1
                if k:
                    self.pieces.extend(k2 for k2 in map(squash, toks[:k]) if k2 and k2 not in JUNK)
                brk = self.own_line(squash("".join(toks[k:])) or "", brk)
                continue
            self.emit(toks[:cut], brk, toks[cut:])
            brk = False
        return self.finish(brk)

    def values_start(self, toks: list[str]) -> int | None:
        """Where the row's weight/score cells start (scored tables: the last two bare numbers), or the
        line's end for a target table line of several cells; None for a line of one cell."""
        if self.scored:
            for j in range(len(toks) - 2, -1, -1):
                if PURE_NUMBER.match(toks[j]) and PURE_NUMBER.match(toks[j + 1]):
                    return j
            return None
        return len(toks) if len(toks) >= 2 else None

    def line_kind(self, text: str) -> str:
        """'label' (a category label or a piece of one) or 'text' (a row cell) for a one-cell line."""
        if label_level(text) is not None and not VALUE_START.match(text):
            return "label"
        if VALUE_START.match(text) or len(text) > 4:
            return "text"
        if self.last_kind == "text" and (len(text) == 1 or (len(self.texts[-1]) >= 8 and not starts_label(text))):
            return "text"  # the last line of a wrapped name ('…提升情' / '况')
        return "label" if in_label(text) else "text"

    def own_line(self, text: str, brk: bool) -> bool:
        """A line holding one cell; returns whether a page break is still pending."""
        kind = self.line_kind(text)
        if kind == "label" and self.texts and not self.scored:
            self.emit([], brk)  # a target row printed only as wrapped lines ends where the next label starts
            brk = False
        if kind == "text" and not self.scored and self.texts and value_like(text) and not value_like(self.texts[-1]):
            self.emit([text], brk)  # wrapped name lines, then its one-line value: the row is complete
            return False
        (self.pieces if kind == "label" else self.texts).append(text)
        self.last_kind = kind
        return brk

    def finish(self, brk: bool) -> list[RowRec]:
        b = self.b
        if self.texts and not self.scored:
            self.emit([], brk)
        if self.pieces:
            labs = self.resolve(self.pieces)
            if labs:
                b.doubt(f"Labels {'/'.join(x.text for x in labs)} after the last row have no row; ignored.")
        for lab in self.open_labels:
            if lab.level is None:
                b.doubt(f"Label '{lab.text}' stays incomplete at the end of the table.")
        if self.texts:
            b.doubt(f"Text after the last row ignored: {''.join(self.texts)[:40]}")
        return self.rows

    # --- rows -----------------------------------------------------------------------------------
    def resolve(self, pcs: list[str]) -> list[Label]:
        """Label pieces since the last row → labels (completing labels a page break left open)."""
        used = fill_open(self.open_labels, pcs)
        pcs = pcs[used:]
        still_open = [lab for lab in self.open_labels if lab.level is None]
        last = last_label(self.rows)
        plan = segment(tuple(pcs), last.text if (last is not None and not still_open) else None)
        if plan.extension and last is not None:
            self.b.doubt(f"Label '{last.text}' is completed by '{plan.extension}' printed after a page break.")
            last.text += plan.extension
        if plan.dropped:
            self.b.doubt(f"Text {'/'.join(plan.dropped)} in the label columns is not a category label; ignored.")
        labs = [Label(g) for g in plan.groups]
        if plan.incomplete:
            labs.append(Label(plan.incomplete))
        return labs

    def emit(self, pre: list[str], after_break: bool, tail: list[str] = ()) -> None:
        """One row from the cells on its line (`pre`, then weight/score/note in `tail`) and the lines before."""
        b = self.b
        need = 1 + len(self.mid)
        # lines of their own that are the outer row-header column or a wrapped category label: not the name
        cut_labels = [k for t in self.texts if label_line(t) for k in map(squash, t.split()) if k and k not in JUNK]
        texts = [t for t in self.texts if not label_line(t)]
        if len(pre) >= need:
            cells: list[str | None] = list(pre[len(pre) - need:])
            extras = pre[: len(pre) - need]
            if texts:
                cells[0] = squash("".join(texts) + (cells[0] or ""))
        else:
            cells = split_texts(texts, need - len(pre)) + list(pre)
            extras = []
        labs = self.resolve(self.pieces) + [Label(k) for k in cut_labels]
        for e in extras:
            k = squash(e) or ""
            if k in JUNK:  # the outer row-header column ('绩效指标'), printed on this row by -layout
                continue
            if label_level(k) is not None or len(k) <= 3 or label_prefix(k):
                labs.append(Label(k))
            else:
                cells[0] = squash(k + (cells[0] or ""))
        self.open_labels = [lab for lab in labs if lab.level is None] + [
            lab for lab in self.open_labels if lab.level is None]
        row = RowRec(labs, squash(cells[0]) if cells[0] else None, after_break=after_break)
        for role, v in zip(self.mid, cells[1:]):
            setattr(row, role, v)
        if self.scored and len(tail) >= 2:
            row.weight, row.score = tail[0], tail[1]
            row.note = squash("".join(tail[2:]))
        if row.level3 is None:
            b.doubt(f"A row ({' '.join([*pre, *tail])}) has no indicator name in the export; kept with level3 null.")
        if not pre and not self.scored:
            b.doubt(f"Row {row.level3} is printed only as wrapped lines; first line read as the name, the rest "
                    "as the target.")
        self.rows.append(row)
        self.pieces, self.texts, self.last_kind = [], [], None
