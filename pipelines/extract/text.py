"""Text exports of performance forms (.txt/.md) → form records.

Two shapes are read:
- flowing text as pdftotext prints it: space-separated tokens, vertical labels broken
  over several lines ('一级\\n\\n指标'), wrapped cells, page breaks as blank lines;
- tab-separated (or pipe-separated) table rows from document converters, with their
  artefacts: LaTeX/HTML in cells, markdown separator lines, merged-cell labels that
  drift one column left or right.

A document is cut into forms at their title lines (绩效目标表 / 绩效目标申报表 /
绩效自评表) with the year line after them. Each form has a header (label → value), a
funds block and the indicator table; the table is reduced to `text_rows.RowRec`s and
the levels are assigned by `text_rows.assign_levels`. Values are never invented: a
cell that is not printed stays null, and every choice the text forced is a doubt.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import vocabulary as L
from .assemble import FormBuilder
from .normalize import parse_number, squash
from .record import Form
from .text_rows import (
    JUNK, Label, RowRec, assign_levels, fill_open, label_level, same_row, segment, value_like,
)

# The label vocabulary is asked about the same few hundred tokens again and again: remember answers.
_role = lru_cache(maxsize=8192)(L.column_role)
_header_field = lru_cache(maxsize=8192)(L.header_field)
_budget_row = lru_cache(maxsize=8192)(L.budget_row)
_budget_column = lru_cache(maxsize=8192)(L.budget_column)
_money_unit = lru_cache(maxsize=8192)(L.money_unit_of)

_MD_EMPHASIS = re.compile(r"\*\*|__|^\s*#{1,6}\s+")
_LABEL_VALUE = re.compile(r"^([^：:]{2,12})[：:]\s*(\S.*)$")
_SEPARATOR = re.compile(r"^[\s\-|:=+]*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3})\s*$")
_TABLE_END = re.compile(r"^(?:填报人|填表人|单位负责人|财务负责人|项目负责人|联系人|联系电话|审核人|填报日期|填表日期|注[:：]|说明[:：])")
# Header labels of fields the record does not keep: they end the value before them.
_OTHER_LABELS = {
    "项目负责人", "负责人", "联系人", "联系电话", "电话", "项目属性", "项目类型", "预算级次", "资金性质", "项目期限",
    "所属领域", "是否含有政府购买服务", "政府购买服务", "主管部门编码", "单位负责人", "项目联系人", "项目编码", "项目代码",
}
_STOP_WORDS = ("项目资金", "项目概况", "立项依据", "年度总体目标", "总体目标", "项目绩效目标", "绩效目标", "预期目标")
_VALUE_START = re.compile(r"^[=<>≥≤＝＞＜≧≦]|^\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
_PURE_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DASHES = {"-", "—", "–", "－", "——", "/"}


def extract_text(text: str, source: str) -> list[Form]:
    """Every form of one text export, in printed order (seq is set by the caller)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n").split("\n")
    forms = []
    for ftype, year, body, doubts in _segments(lines):
        form = _parse_form(ftype, year, body, source)
        form.doubts[:0] = doubts
        forms.append(form)
    return forms


# --- segmentation -------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    line = _MD_EMPHASIS.sub("", line)
    if "\t" in line:
        return line.split("\t")
    s = line.strip()
    if s.startswith("|") or s.count("|") >= 2:
        return s.strip("|").split("|")
    return [line]


def _is_separator(line: str) -> bool:
    return "-" in line and bool(_SEPARATOR.match(line))


def _segments(lines: list[str]) -> list[tuple[str, int | None, list[str], list[str]]]:
    """(form type, year, body lines, doubts) per form; a title repeated on a continuation page is no new form."""
    titles = []
    for i, line in enumerate(lines):
        cells = [_undouble(squash(c) or "") for c in _cells(line) if squash(c)]
        if cells and L.is_form_title(cells[0]) and all(L.year_of(c) and len(c) <= 12 for c in cells[1:]):
            titles.append(i)
    out: list[tuple[str, int | None, list[str], list[str]]] = []
    for n, i in enumerate(titles):
        end = titles[n + 1] if n + 1 < len(titles) else len(lines)
        ftype = L.form_type_of(_undouble(squash(lines[i]) or ""))
        year = L.year_of(lines[i])
        start = i + 1
        if year is None:
            for j in range(i + 1, min(end, i + 6)):
                t = squash(lines[j]) or ""
                if t and len(t) <= 20 and L.year_of(t):
                    year, start = L.year_of(t), j + 1
                    break
        body = lines[start:end]
        if out and out[-1][0] == ftype and not _has_header_label(body):
            out[-1][2].extend(body)
            out[-1][3].append(f"The form title is printed again at line {i + 1} with no header fields after it; read "
                              "as a continuation page of the same form.")
            continue
        out.append((ftype, year, body, []))
    if not out and any(_table_header_roles(_tokens(ln, "\t" in ln)) for ln in lines):
        out = _untitled_forms(lines)
    return out


def _untitled_forms(lines: list[str]) -> list[tuple[str, int | None, list[str], list[str]]]:
    """Forms of an export that kept the tables but not the titles (converters drop text outside tables).

    A new form starts at the first header-field line after an indicator table; its type is read from
    the table columns and its year from a year line or, failing that, the planned start date.
    """
    starts, seen_table = [0], False
    for i, ln in enumerate(lines):
        toks = _tokens(ln, "\t" in ln)
        if _table_header_roles(toks):
            seen_table = True
        elif seen_table and toks and _header_field(squash(toks[0]) or ""):
            starts.append(i)
            seen_table = False
    out: list[tuple[str, int | None, list[str], list[str]]] = []
    for n, s in enumerate(starts):
        body = lines[s: starts[n + 1] if n + 1 < len(starts) else len(lines)]
        heads = [r for ln in body for r in [_table_header_roles(_tokens(ln, "\t" in ln))] if r]
        scored = bool(heads) and any(r in ("weight", "score", "actual") for r in heads[0])
        year, how = _untitled_year(body)
        doubts = ["No form title (绩效目标表 / 绩效自评表) in the document; form type read from the table columns"
                  + (f", year from the {how}." if year else "; year left null.")]
        out.append(("self_evaluation" if scored else "target", year, body, doubts))
    return out


def _untitled_year(body: list[str]) -> tuple[int | None, str]:
    """(year, where it was read) for a form without a title: a short year line, else the planned start date."""
    for ln in body:
        toks = [squash(t) or "" for t in _tokens(ln, "\t" in ln)]
        if _table_header_roles(toks):
            break
        for k, t in enumerate(toks):
            if _header_field(t) == "start_date":
                m = re.match(r"^((?:19|20)\d\d)[-./年]", "".join(toks[k + 1:k + 2]))
                if m:
                    return int(m.group(1)), "planned start date"
            elif len(t) <= 12 and L.year_of(t) and not _header_field(t):
                return L.year_of(t), "year line"
    return None, ""


def _undouble(s: str) -> str:
    """'财财政政项项目目' → '财政项目': fake-bold glyphs printed twice by some exporters."""
    if len(s) >= 4 and len(s) % 2 == 0 and s[0::2] == s[1::2]:
        return s[0::2]
    return s


def _has_header_label(body: list[str]) -> bool:
    """Whether a form's own header (any header field or funds label) comes before its indicator table."""
    for ln in body:
        toks = _tokens(ln, "\t" in ln)
        if _table_header_roles(toks):
            return False
        if any(_header_field(t) or _budget_row(t) for t in toks):
            return True
    return False


def _table_header_roles(toks: list[str]) -> list[str]:
    """The column roles of an indicator-table header line, or [] when the line is not one."""
    roles = [_role(t) for t in toks]
    if "level3" in roles and ("target" in roles or "level2" in roles):
        return [r for r in roles if r]
    return []


# --- one form -----------------------------------------------------------------------------------------


def _tokens(line: str, tsv: bool) -> list[str]:
    if tsv:
        out: list[str] = []
        for c in _cells(line):
            if not squash(c):
                continue
            m = _LABEL_VALUE.match(c.strip())
            if m and (_header_field(m.group(1)) or _budget_row(m.group(1))):
                out += [m.group(1) + "：", m.group(2)]  # '项目名称：某项目' in one cell
            else:
                out.append(_undouble(c.strip()))
        return out
    toks = re.sub(r"([：:])", r"\1 ", _MD_EMPHASIS.sub("", line)).split()
    out: list[str] = []
    for t in toks:
        if re.fullmatch(r"[：:]+", t):
            if out and not out[-1].endswith(("：", ":")):
                out[-1] += t
            continue
        out.append(_undouble(t))
    return out


def _parse_form(ftype: str, year: int | None, body: list[str], source: str) -> Form:
    tsv = sum(1 for ln in body if "\t" in ln or ln.strip().startswith("|")) >= 3
    b = FormBuilder(ftype, year)
    if year is None:
        b.doubt("No year line after the form title; year left null.")
    hdr = None
    for i, line in enumerate(body):
        if _table_header_roles(_tokens(line, tsv)):
            hdr = i
            break
    if hdr is None and not tsv and (cell := _cell_header(body)) is not None:
        return _cell_form(b, body, *cell)
    header_lines = body if hdr is None else body[:hdr]
    _scan_header(b, [_tokens(ln, tsv) if not _is_separator(ln) else [] for ln in header_lines], tsv)
    if hdr is None:
        b.doubt("No indicator table header (三级指标 …) found in this form; no indicator rows.")
        return b.build()
    if tsv:
        rows = _tsv_table(b, body[hdr], body[hdr + 1:])
    else:
        above = [ln for ln in body[:hdr] if ln.strip()][-1:]
        rows = _flow_table(b, _tokens(body[hdr], False), body[hdr + 1:], _tokens(above[0], False) if above else [])
    for l1, l2, r in assign_levels(rows, b.doubt):
        b.row(l1, l2, r.level3, r.target, r.actual, r.weight, r.score, r.note)
    return b.build()


# --- header and funds ---------------------------------------------------------------------------------


def _is_number_token(t: str) -> bool:
    return parse_number(t) is not None or (squash(t) or "") in _DASHES


def _is_label(t: str) -> bool:
    k = squash(t) or ""
    return bool(
        _header_field(k) or _budget_row(k) or _budget_column(k) or k.endswith(("：", ":"))
        or _money_unit(k) or k.startswith("项目资金") or _role(k) in ("level1", "level2", "level3")
        or k in _OTHER_LABELS
    )


def _stop_line(toks: list[str]) -> bool:
    if not toks:
        return False
    k = squash(toks[0]) or ""
    return _is_label(toks[0]) or k.startswith(_STOP_WORDS) or L.is_form_title(k)


def _scan_header(b: FormBuilder, tlines: list[list[str]], tsv: bool) -> None:
    """Header fields (label → following tokens) and the funds block of both form types."""
    money: dict[str, list[tuple[float | None, str]]] = {}
    field = None  # ('header', name, parts) | ('money', name, label) | ('skip',)
    cont_lines = 0
    se_cols: list[str] | None = None
    se_label: list[str] = []
    se_vals: list[str] = []

    def close():
        nonlocal field
        if field and field[0] == "header" and field[2]:
            b.header(field[1], "".join(field[2]))
        field = None

    def se_row(parts: list[str]) -> tuple[str | None, str]:
        """The funds row named by the longest tail of the label text ('项目资金 其中：当年财政拨款' → fiscal)."""
        for k in range(len(parts)):
            label = "".join(parts[k:])
            if _budget_row(label):
                return _budget_row(label), label
        return None, "".join(parts)

    def se_flush():
        nonlocal se_label, se_vals
        row, label = se_row(se_label)
        if row and se_vals and se_cols:
            if len(se_vals) != len(se_cols):
                b.doubt(f"Funds row {label}: {len(se_vals)} values for {len(se_cols)} columns; mapped in order.")
            b.self_eval_budget_row(row, dict(zip(se_cols, se_vals)))
        se_label, se_vals = [], []

    units = [u for toks in tlines for u in map(_money_unit, toks) if u]
    if units:
        b.set_money_unit(units[0])
        if len(set(units)) > 1:
            b.doubt(f"Funds printed in several units ({', '.join(sorted(set(units)))}); amounts read as {units[0]}.")
    for toks in tlines:
        if not toks:
            continue
        cols = [_budget_column(t) for t in toks]
        if sum(c is not None for c in cols) >= 3:
            close()
            se_cols = [c for c in cols if c]
            se_label, se_vals = [], []
            continue
        if se_cols is not None:
            for t in toks:
                if _is_number_token(t):
                    se_vals.append(t)
                    continue
                if se_vals:
                    se_flush()
                se_label.append(squash(t) or "")
                joined = "".join(se_label)
                if "目标" in joined or "指标" in joined or len(joined) > 16:
                    se_cols, se_label = None, []
                    break
            if se_cols is not None and se_vals and se_row(se_label)[0] and len(se_vals) >= len(se_cols):
                se_flush()
            continue
        # label → value scanning
        if field is not None and not tsv:
            # a wrap goes on as one token, possibly followed by the next labels of the line
            wrapped = len(toks) == 1 or not (field[0] == "header" and field[2]) or (
                not _is_label(toks[0]) and _is_label(toks[1]))
            if _stop_line(toks) or cont_lines >= 3 or not wrapped:
                close()
            else:
                cont_lines += 1
        for t in toks:
            if _is_label(t):
                close()
                k = squash(t)
                hf, br = _header_field(k), _budget_row(k)
                if hf:
                    field = ("header", hf, [])
                elif br:
                    field = ("money", br, k)
                else:
                    field = ("skip",)
                cont_lines = 0
                continue
            if field is None:
                continue
            if field[0] == "header":
                field[2].append(t)
                if tsv:  # one cell holds the whole value
                    close()
                    field = ("skip",)
            elif field[0] == "money":  # the amount is the next token (blank: the next label comes first)
                money.setdefault(field[1], []).append((parse_number(t), field[2]))
                field = ("skip",) if _is_number_token(t) else None
        if tsv:
            close()
    close()
    if se_cols is not None and se_vals:
        se_flush()
    _settle_money(b, money)


def _settle_money(b: FormBuilder, money: dict[str, list[tuple[float | None, str]]]) -> None:
    """One amount per field; when a field is printed twice (project side, annual side) prefer the annual side."""
    for name, entries in money.items():
        printed = [(v, lab) for v, lab in entries if v is not None]
        if not printed:
            continue
        if name == "fiscal":
            annual = [p for p in printed if L.is_annual_fiscal(p[1])]
            chosen = (annual or printed)[0]
        elif name in ("carryover", "other"):
            chosen = printed[-1]
        else:
            chosen = printed[0]
        if len({v for v, _ in printed}) > 1:
            b.doubt(f"budget.{name}: printed twice with different amounts ({', '.join(f'{lab} {v:g}' for v, lab in printed)}); "
                    f"took {chosen[1]}.")
        b.money(name, chosen[0])


# --- tab-separated tables -----------------------------------------------------------------------------


def _tsv_table(b: FormBuilder, header_line: str, lines: list[str]) -> list[RowRec]:
    roles = {i: _role(c) for i, c in enumerate(_cells(header_line)) if squash(c)}
    order = [r for _, r in sorted(roles.items()) if r]
    after3 = order[order.index("level3") + 1:] if "level3" in order else ["target"]
    scored = "weight" in after3 or "score" in after3
    rows: list[RowRec] = []
    pending: list[Label] = []
    drifted: list[str] = []
    brk = False
    for line in lines:
        if not line.strip() or line.strip() == "\f":
            brk = True
            continue
        if _is_separator(line):
            continue
        items = [(squash(c), c, i) for i, c in enumerate(_cells(line)) if squash(c)]
        if not items:
            continue
        first = items[0][0]
        if _table_header_roles([c for _, c, _ in items]):
            continue  # the header printed again on a new page
        if L.is_total_score_label(first):
            nums = [c for k, c, _ in items[1:] if parse_number(c) is not None]
            if nums:
                b.number("total_score", nums[-1])
            continue
        if L.is_grade_label(first):
            if len(items) > 1:
                b.grade(items[1][1])
            continue
        if _TABLE_END.match(first) or L.is_form_title(first):
            break
        frags = [k for k, _, _ in items if k in JUNK]
        items = [it for it in items if it[0] not in JUNK]
        labs: list[tuple[str, int]] = []
        while items and label_level(items[0][0]) is not None:
            k, _, i = items.pop(0)
            labs.append((k, i))
        rest = items
        if labs and rest and not any(not value_like(c) for _, c, _ in rest):
            k, i = labs.pop()
            rest = [(k, k, i)] + rest
        if not rest:
            pending.extend(Label(k) for k, _ in labs)
            continue
        if len(rest) == 1 and value_like(rest[0][1]):
            if rows and rows[-1].target is None and not scored:
                rows[-1].target = rest[0][1]
                b.doubt(f"Value {squash(rest[0][1])} printed on a line of its own; joined to row {rows[-1].level3} "
                        "which has no target.")
            else:
                b.doubt(f"Value {squash(rest[0][1])} printed without an indicator; ignored.")
            continue
        for k, i in labs:
            role = roles.get(i)
            if role in ("level1", "level2", "level3", "target") and role != f"level{label_level(k)}" and "成本" not in k:
                drifted.append(f"{k}@{role}")
        level3, vals = rest[0][1], [c for _, c, _ in rest[1:]]
        row = RowRec([*pending, *(Label(k) for k, _ in labs)], squash(level3), after_break=brk)
        pending = []
        if scored:
            cols = [roles.get(i) for _, _, i in rest]
            if cols[0] == "level3" and all(c in after3 for c in cols[1:]) and len(set(cols[1:])) == len(cols) - 1:
                pairs = list(zip(cols[1:], vals))  # cells under their own column titles (blank cells skipped)
            else:
                pairs = list(zip(after3, vals))
            for role, v in pairs:
                setattr(row, role if role in ("target", "actual", "weight", "score", "note") else "note", v)
            if len(vals) > len(after3):
                b.doubt(f"Row {row.level3}: more cells than columns; extra cells ignored.")
        elif vals:
            row.target = vals[-1]
            if len(vals) > 1:
                row.level3 = squash(level3 + "".join(vals[:-1]))
                b.doubt(f"Row {row.level3}: the name is printed over several cells; joined.")
        if brk and rows and same_row(rows[-1], row):
            if "指标" in frags:
                last = _last_label(rows)
                if last is not None and label_level(last.text + "指标") is not None:
                    last.text += "指标"
            b.doubt(f"Row {row.level3} is printed twice across a page break; kept once.")
            brk = False
            continue
        rows.append(row)
        brk = False
    if drifted:
        b.doubt(f"Category labels printed outside their column ({', '.join(dict.fromkeys(drifted))}); each placed at its level "
                "by vocabulary, not by column.")
    return rows


def _last_label(rows: list[RowRec]) -> Label | None:
    for r in reversed(rows):
        if r.labels:
            return r.labels[-1]
    return None


# --- flowing text tables ------------------------------------------------------------------------------


def _label_prefix(k: str) -> bool:
    """A category label cut by a line wrap ('服务对象满意度指' of 服务对象满意度指标)."""
    return len(k) >= 4 and any(v.startswith(k) and v != k for v in (*L.LEVEL1, *L.LEVEL2))


def _label_line(t: str) -> bool:
    """A line of category labels only (whole, cut by a wrap, or the outer 绩效指标 column)."""
    parts = [squash(x) or "" for x in t.split()]
    return bool(parts) and all(k in JUNK or _label_prefix(k) or label_level(k) is not None for k in parts)


def _merge_tokens(toks: list[str]) -> list[str]:
    """Undo layout spaces inside a cell: CJK next to Latin/digits ('等保 3级…'), '大于 2 次'."""
    out: list[str] = []
    for t in toks:
        if out and (re.fullmatch(r"[=<>≥≤＝＞＜≧≦]+", out[-1]) or t in ("%", "％")):
            out[-1] += t  # '≥ 90%', '90 %'
            continue
        if out:
            a = out[-1]
            if (_CJK.match(a[-1]) and re.match(r"[A-Za-z0-9]", t[0]) and _CJK.search(t)) or (
                re.match(r"[A-Za-z0-9]", a[-1]) and _CJK.match(t[0]) and _CJK.search(a) and not _PURE_NUMBER.match(a)
            ):
                out[-1] = a + t
                continue
        out.append(t)
    merged: list[str] = []
    i = 0
    while i < len(out):
        if (0 < i < len(out) - 1 and _PURE_NUMBER.match(out[i]) and _CJK.match(out[i - 1][-1])
                and _CJK.match(out[i + 1][0]) and merged):
            merged[-1] = merged[-1] + out[i] + out[i + 1]
            i += 2
            continue
        merged.append(out[i])
        i += 1
    return merged


def _split_texts(texts: list[str], missing: int) -> list[str | None]:
    """Cells of a row that pdftotext printed on lines of their own, in column order."""
    if missing <= 0:
        return []
    groups: list[list[str]] = []
    for t in texts:
        if not groups or _VALUE_START.match(t):
            groups.append([t])
        else:
            groups[-1].append(t)
    if len(groups) < missing and groups and len(groups[0]) > 1:
        first = groups.pop(0)
        groups[:0] = _split_wrapped(first, min(len(first), missing - len(groups)))
    while len(groups) > missing:
        groups[0] = groups[0] + groups.pop(1)
    out: list[str | None] = [squash("".join(g)) for g in groups]
    return [None] * (missing - len(out)) + out


_VOCAB = sorted(L.LEVEL1 | L.LEVEL2)


def _in_label(piece: str) -> bool:
    """A short line that can be a piece of a vertically printed category label ('可持', '度指', '标')."""
    return any(piece in v for v in _VOCAB)


def _starts_label(piece: str) -> bool:
    return any(v.startswith(piece) for v in _VOCAB)


def _skip_header_lines(lines: list[str], i: int, acc: str = "") -> int:
    """Skip the header's wrapped column titles ('偏差原因分析' / '及改进措施') after its main line."""
    while i < len(lines):
        t = squash(lines[i]) or ""
        if not t:
            i += 1
            continue
        role = _role(t)
        if role and role not in ("level1", "level2"):
            acc = t
        elif not (acc and 4 <= len(t) <= 8 and len(lines[i].split()) == 1 and not re.search(r"\d", t)
                  and label_level(t) is None and _role(acc + t)):
            return i
        else:
            acc += t
        i += 1
    return i


def _drop_header_pieces(pieces: list[str]) -> list[str]:
    """Remove the vertical '一级 / 指标', '二级 / 指标' column titles of a repeated header."""
    out: list[str] = []
    skip_next = False
    for p in pieces:
        if skip_next and p in ("指标", "目标"):
            skip_next = False
            continue
        skip_next = p in ("一级", "二级")
        if not skip_next and p not in ("一级指标", "二级指标", "一级目标", "二级目标"):
            out.append(p)
    return out


def _wrap_ok(lines: list[str]) -> bool:
    """Lines that can be one wrapped cell: a full first line (a column is never under 4 characters wide),
    no later line longer than the lines before it."""
    if len(lines) > 1 and len(lines[0]) < 4:
        return False
    return all(len(lines[k]) <= min(len(x) for x in lines[:k]) for k in range(1, len(lines)))


def _split_wrapped(lines: list[str], parts: int) -> list[list[str]]:
    """Consecutive lines → `parts` cells, each a plausible wrap; earlier cells as short as possible
    (the name column is the widest, so it wraps least). Falls back to one line per leading cell."""

    def search(start: int, k: int) -> list[list[str]] | None:
        if k == 1:
            return [lines[start:]] if _wrap_ok(lines[start:]) else None
        for cut in range(start + 1, len(lines) - k + 2):
            if _wrap_ok(lines[start:cut]):
                rest = search(cut, k - 1)
                if rest is not None:
                    return [lines[start:cut]] + rest
        return None

    return search(0, parts) or [[x] for x in lines[: parts - 1]] + [lines[parts - 1:]]


def _flow_table(b: FormBuilder, header_toks: list[str], lines: list[str], above: list[str]) -> list[RowRec]:
    order = [r for r in (_role(t) for t in header_toks) if r]
    # a column title wrapped around the header line ('偏差原因分析及' above it, '改进措施' below)
    wrapped = next((squash(t) or "" for t in reversed(header_toks + above) if _role(t) == "note"), "")
    after3 = order[order.index("level3") + 1:] if "level3" in order else ["target"]
    scored = "weight" in after3 or "score" in after3
    mid = [r for r in after3 if r in ("target", "actual")] if scored else after3
    rows: list[RowRec] = []
    pieces: list[str] = []  # vertical-label pieces since the last row
    texts: list[str] = []  # cells printed on lines of their own since the last row
    last_kind = None
    open_labels: list[Label] = []
    blanks = 0
    brk = False
    i = _skip_header_lines(lines, 0, wrapped)

    def resolve(pcs: list[str]) -> list[Label]:
        nonlocal open_labels
        used = fill_open(open_labels, pcs)
        pcs = pcs[used:]
        still_open = [lab for lab in open_labels if lab.level is None]
        last = _last_label(rows)
        plan = segment(tuple(pcs), last.text if (last is not None and not still_open) else None)
        if plan.extension and last is not None:
            b.doubt(f"Label '{last.text}' is completed by '{plan.extension}' printed after a page break.")
            last.text += plan.extension
        if plan.dropped:
            b.doubt(f"Text {'/'.join(plan.dropped)} in the label columns is not a category label; ignored.")
        labs = [Label(g) for g in plan.groups]
        if plan.incomplete:
            labs.append(Label(plan.incomplete))
        return labs

    def emit(pre: list[str], after_break: bool, tail: list[str] = ()) -> None:
        """One row from the cells on its line (`pre`, then weight/score/note in `tail`) and the lines before."""
        nonlocal pieces, texts, last_kind, open_labels
        need = 1 + len(mid)
        # lines of their own that are the outer row-header column or a wrapped category label: not the name
        cut_labels = [k for t in texts if _label_line(t) for k in map(squash, t.split()) if k and k not in JUNK]
        texts = [t for t in texts if not _label_line(t)]
        if len(pre) >= need:
            cells: list[str | None] = list(pre[len(pre) - need:])
            extras = pre[: len(pre) - need]
            if texts:
                cells[0] = squash("".join(texts) + (cells[0] or ""))
        else:
            cells = _split_texts(texts, need - len(pre)) + list(pre)
            extras = []
        labs = resolve(pieces) + [Label(k) for k in cut_labels]
        for e in extras:
            k = squash(e) or ""
            if k in JUNK:  # the outer row-header column ('绩效指标'), printed on this row by -layout
                continue
            if label_level(k) is not None or len(k) <= 3 or _label_prefix(k):
                labs.append(Label(k))
            else:
                cells[0] = squash(k + (cells[0] or ""))
        open_labels = [lab for lab in labs if lab.level is None] + [lab for lab in open_labels if lab.level is None]
        row = RowRec(labs, squash(cells[0]) if cells[0] else None, after_break=after_break)
        for role, v in zip(mid, cells[1:]):
            setattr(row, role, v)
        if scored and len(tail) >= 2:
            row.weight, row.score = tail[0], tail[1]
            row.note = squash("".join(tail[2:]))
        if row.level3 is None:
            b.doubt(f"A row ({' '.join([*pre, *tail])}) has no indicator name in the export; kept with level3 null.")
        if not pre and not scored:
            b.doubt(f"Row {row.level3} is printed only as wrapped lines; first line read as the name, the rest "
                    "as the target.")
        rows.append(row)
        pieces, texts, last_kind = [], [], None

    skip_to = i
    for n, line in enumerate(lines):
        if n < skip_to:
            continue
        if line.strip() == "\f" or _PAGE_NUMBER.match(line):
            brk = True
            continue
        if not line.strip():
            blanks += 1
            if blanks >= 2:
                brk = True
            continue
        blanks = 0
        toks = _merge_tokens(_tokens(line, False))
        first = squash(toks[0]) or ""
        if _table_header_roles(toks):  # the header printed again on a new page
            skip_to = _skip_header_lines(lines, n + 1)
            pieces = _drop_header_pieces(pieces)
            continue
        if L.is_total_score_label(first):
            nums = [t for t in toks[1:] if parse_number(t) is not None]
            if nums:
                b.number("total_score", nums[-1])
            continue
        if L.is_grade_label(first):
            if len(toks) > 1:
                b.grade("".join(toks[1:]))
            continue
        if _TABLE_END.match(first):
            break
        if len(toks) >= 2 and _label_line(" ".join(toks)):  # labels side by side on a line of their own
            pieces.extend(k for k in map(squash, toks) if k and k not in JUNK)
            last_kind = "label"
            continue
        cut = None
        if scored:
            for j in range(len(toks) - 2, -1, -1):
                if _PURE_NUMBER.match(toks[j]) and _PURE_NUMBER.match(toks[j + 1]):
                    cut = j
                    break
        elif len(toks) >= 2:
            cut = len(toks)
        if cut is None:
            text = squash("".join(toks)) or ""
            if label_level(text) is not None and not _VALUE_START.match(text):
                kind = "label"
            elif _VALUE_START.match(text) or len(text) > 4:
                kind = "text"
            elif last_kind == "text" and (len(text) == 1 or (len(texts[-1]) >= 8 and not _starts_label(text))):
                kind = "text"  # the last line of a wrapped name ('…提升情' / '况')
            else:
                kind = "label" if _in_label(text) else "text"
            if kind == "label" and texts and not scored:
                emit([], brk)  # a target row printed only as wrapped lines ends where the next label starts
                brk = False
            if kind == "text" and not scored and texts and value_like(text) and not value_like(texts[-1]):
                emit([text], brk)  # wrapped name lines, then its one-line value: the row is complete
                brk = False
                continue
            (pieces if kind == "label" else texts).append(text)
            last_kind = kind
            continue
        emit(toks[:cut], brk, toks[cut:])
        brk = False
    if texts and not scored:
        emit([], brk)
    if pieces:
        labs = resolve(pieces)
        if labs:
            b.doubt(f"Labels {'/'.join(x.text for x in labs)} after the last row have no row; ignored.")
    for lab in open_labels:
        if lab.level is None:
            b.doubt(f"Label '{lab.text}' stays incomplete at the end of the table.")
    if texts:
        b.doubt(f"Text after the last row ignored: {''.join(texts)[:40]}")
    return rows


# --- one cell per line ----------------------------------------------------------------------------------
# pdftotext (default mode) prints the cells of some PDFs (every cell its own text block) as paragraphs of
# their own, the column titles included. Row cells still come in reading order (level3, then its values);
# merged label cells come either on their row or grouped elsewhere (a column of labels, the page foot).


def _cell_header(body: list[str]) -> tuple[int, int, list[str], list[str]] | None:
    """(first line, line after, column roles, row cells printed inside it) of a table header printed one
    column title per line. Label cells may interleave with the titles; so may the first row's name, printed
    between 三级指标 and the next title."""
    roles: list[str] = []
    strays: list[str] = []
    start = after = None
    for i, ln in enumerate(body):
        t = squash(ln) or ""
        if not t:
            continue
        r = _role(t)
        if r:
            start = i if start is None else start
            roles.append(r)
            after = i + 1
        elif start is not None and label_level(t) is None and t not in JUNK:
            nxt = next((squash(x) for x in body[i + 1:] if squash(x)), "")
            if roles[-1] == "level3" and not strays and nxt and _role(nxt):
                strays.append(t)
                continue
            if "target" in roles and "level3" not in roles and len(set(roles) & {"actual", "weight", "score"}) >= 2:
                named = roles[:roles.index("target")] + ["level3"] + roles[roles.index("target"):]
                return start, after, named, strays  # 三级指标 printed elsewhere: the name comes before the target
            if "level3" in roles and "target" in roles:
                return start, after, roles, strays
            roles, start, strays = [], None, []
    return None


def _cell_form(b: FormBuilder, body: list[str], start: int, end: int, roles: list[str], strays: list[str]) -> Form:
    _scan_header(b, [_tokens(ln, False) for ln in body[:start]], False)
    after3 = roles[roles.index("level3") + 1:]
    vals = [r for r in after3 if r in ("target", "actual", "weight", "score")] or ["target"]
    cells = list(strays)
    for ln in body[end:]:
        t = squash(ln) or ""
        if _TABLE_END.match(t):
            break
        page_no = _PAGE_NUMBER.match(ln) and not _PURE_NUMBER.match(t)  # a bare number may be a cell here
        if t and not page_no and not _role(t) and t not in JUNK and not L.is_form_title(t):
            cells.append(t)
    # page-foot leftovers of the header (labels and their values) after the rows end the table
    cut = next((k for k, t in enumerate(cells) if _header_field(t) or _budget_row(t) or t in _OTHER_LABELS), None)
    if cut is not None:
        last = max((k for k in range(cut) if value_like(cells[k])), default=-1)
        if cells[last + 1:]:
            b.doubt(f"Text after the last row ({'/'.join(cells[last + 1:cut + 1])} …) is header text printed "
                    "after the table; ignored.")
        cells = cells[:last + 1]
    b.doubt("The indicator table is printed one cell per line; rows read in printed order, category labels "
            "only where printed on their row.")
    rows: list[RowRec] = []
    if vals[-2:] == ["weight", "score"]:
        cells = _scored_cells(b, cells, vals)
    pending: list[str] = []
    i = 0
    while i < len(cells):
        t = cells[i]
        if label_level(t) is not None:
            pending.append(t)
            i += 1
            continue
        got = cells[i + 1:i + 1 + len(vals)]
        i += 1 + len(vals)
        levels = [label_level(x) for x in pending]
        if len(pending) > 2 or levels not in ([1], [2], [1, 2]):
            if pending:
                b.doubt(f"Labels {'/'.join(pending)} are not printed on a row of their own; not assigned.")
            pending = []
        row = RowRec([Label(x) for x in pending], t, **dict(zip(vals, got)))
        rows.append(row)
        pending = []
    if pending:
        b.doubt(f"Labels {'/'.join(pending)} follow the last row; not assigned.")
    for l1, l2, r in assign_levels(rows, b.doubt):
        b.row(l1, l2, r.level3, r.target, r.actual, r.weight, r.score, r.note)
    return b.build()


def _scored_cells(b: FormBuilder, cells: list[str], vals: list[str]) -> list[str]:
    """Scored rows end with two number cells (分值, 得分): cut rows there, so a cell printed elsewhere
    (a level3 beside a merged label, a blank note) costs its own row only, not every row after it."""
    def bare(x: str) -> bool:
        return bool(_PURE_NUMBER.match(x)) or x in _DASHES

    out: list[str] = []
    group: list[str] = []
    for k, t in enumerate(cells):
        group.append(t)
        n_own = len([x for x in group if label_level(x) is None])
        nxt = cells[k + 1] if k + 1 < len(cells) else ""
        if len(group) >= 2 and all(bare(x) for x in group[-2:]) and \
                (n_own > len(vals) or (n_own == len(vals) and not bare(nxt))):
            labels = [x for x in group if label_level(x) is not None]
            own = [x for x in group if label_level(x) is None]
            need = 1 + len(vals)
            if len(own) < need:
                b.doubt(f"Row cells {'/'.join(own)} have no 三级指标 printed with them; row skipped.")
            else:
                if len(own) > need:
                    b.doubt(f"Cells {'/'.join(own[:len(own) - need])} before row {own[-need]} ignored.")
                out.extend(labels + own[len(own) - need:])
            group = []
    if group:
        b.doubt(f"Cells {'/'.join(group)} after the last scored row ignored.")
    return out
