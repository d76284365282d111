"""How one line of a text export splits into cells and tokens, and what a token is.

Decides the token level only: tab / pipe cells, 'label：value' cells, layout spaces inside
a cell ('≥ 90%', '等保 3级'), fake-bold doubled glyphs, page numbers, the lines that end a
table, and which tokens are labels of the form's vocabulary.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import vocabulary as L
from ..normalize import parse_number, squash
from ..values import parse_value

# The label vocabulary is asked about the same few hundred tokens again and again: remember answers.
column_role = lru_cache(maxsize=8192)(L.column_role)
header_field = lru_cache(maxsize=8192)(L.header_field)
budget_row = lru_cache(maxsize=8192)(L.budget_row)
budget_column = lru_cache(maxsize=8192)(L.budget_column)
money_unit = lru_cache(maxsize=8192)(L.money_unit_of)

_MD_EMPHASIS = re.compile(r"\*\*|__|^\s*#{1,6}\s+")
_LABEL_VALUE = re.compile(r"^([^：:]{2,12})[：:]\s*(\S.*)$")
_SEPARATOR = re.compile(r"^[\s\-|:=+]*$")
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3})\s*$")
TABLE_END = re.compile(r"^(?:填报人|填表人|单位负责人|财务负责人|项目负责人|联系人|联系电话|审核人|填报日期|填表日期|注[:：]|说明[:：])")
# Header labels of fields the record does not keep: they end the value before them.
OTHER_LABELS = {
    "项目负责人", "负责人", "联系人", "联系电话", "电话", "项目属性", "项目类型", "预算级次", "资金性质", "项目期限",
    "所属领域", "是否含有政府购买服务", "政府购买服务", "主管部门编码", "单位负责人", "项目联系人", "项目编码", "项目代码",
}
STOP_WORDS = ("项目资金", "项目概况", "立项依据", "年度总体目标", "总体目标", "项目绩效目标", "绩效目标", "预期目标")
# the column titles of a self-evaluation's goal block (年度总体目标: 预期目标 | 实际完成情况): no cell's value
GOAL_TITLES = ("预期目标", "实际完成情况", "预期目标完成情况")
VALUE_START = re.compile(r"^[=<>≥≤＝＞＜≧≦]|^\d")
CJK = re.compile(r"[\u3400-\u9fff]")
PURE_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
DASHES = {"-", "—", "–", "－", "——", "/"}


def split_cells(line: str) -> list[str]:
    line = _MD_EMPHASIS.sub("", line)
    if "\t" in line:
        return line.split("\t")
    s = line.strip()
    if s.startswith("|") or s.count("|") >= 2:
        return s.strip("|").split("|")
    return [line]


def is_separator(line: str) -> bool:
    return "-" in line and bool(_SEPARATOR.match(line))



def undouble(s: str) -> str:
    """'财财政政项项目目' → '财政项目': fake-bold glyphs printed twice by some exporters."""
    if len(s) >= 4 and len(s) % 2 == 0 and s[0::2] == s[1::2]:
        return s[0::2]
    return s


_FUNDS_PIECE = re.compile(r"^(?:其中[:：]?|[（(]?万?元[)）])$")


def funds_label_piece(t: str) -> bool:
    """A piece of a funds label broken over lines ('其中：' of '其中：当年财政拨款', '元）' of '项目资金（万' / '元）')."""
    return bool(_FUNDS_PIECE.match(squash(t) or ""))


_NOTE_TITLE_END = re.compile(r"(?:及|和|与)?(?:改进|整改)?措施$")


# the note column's full titles ('偏差原因分析及改进措施', '未完成原因分析及整改措施', …)
_NOTE_TITLES = {h + c + m + "措施" for h in ("偏差原因分析", "未完成原因分析", "原因分析", "偏差原因")
                for c in ("及", "和", "与", "") for m in ("改进", "整改", "")}


def note_title_whole(title: str) -> bool:
    """Whether a note column title is complete (its wrapped lines joined)."""
    return title in _NOTE_TITLES or bool(_NOTE_TITLE_END.search(title))


def note_title_tail(title: str, t: str) -> bool:
    """Whether `t` is the wrapped rest of the note column's title `title` ('偏差原因分析及' / '改进措施',
    '偏差原因分析及改' / '进措施'): the title reads as the note's and the two end as its full title does;
    or a middle line of a title wrapped over three ('偏差原因分' / '析及改进措' / '施'): the two begin a full title."""
    whole = title + t
    if column_role(title) != "note" or column_role(t) or not 1 <= len(t) <= 6:
        return False
    if any(full.startswith(whole) for full in _NOTE_TITLES):
        return True
    return (len(t) >= 2 and bool(_NOTE_TITLE_END.search(whole))
            and len(_NOTE_TITLE_END.search(whole).group(0)) >= len(t))


def table_header_roles(toks: list[str]) -> list[str]:
    """The column roles of an indicator-table header line, or [] when the line is not one."""
    roles = [column_role(t) for t in toks]
    if "level3" in roles and ("target" in roles or "level2" in roles):
        return [r for r in roles if r]
    return []


# --- one form -----------------------------------------------------------------------------------------


def line_tokens(line: str, tsv: bool) -> list[str]:
    if tsv:
        out: list[str] = []
        for c in split_cells(line):
            if not squash(c):
                continue
            m = _LABEL_VALUE.match(c.strip())
            if m and (header_field(m.group(1)) or budget_row(m.group(1))):
                out += [m.group(1) + "：", m.group(2)]  # '项目名称：某项目' in one cell
            else:
                out.append(undouble(c.strip()))
        return out
    toks = re.sub(r"([：:])", r"\1 ", _MD_EMPHASIS.sub("", line)).split()
    out: list[str] = []
    for t in toks:
        if re.fullmatch(r"[：:]+", t):
            if out and not out[-1].endswith(("：", ":")):
                out[-1] += t
            continue
        out.append(undouble(t))
    return out



def is_number_token(t: str) -> bool:
    return parse_number(t) is not None or (squash(t) or "") in DASHES


def is_label(t: str) -> bool:
    k = squash(t) or ""
    return bool(
        header_field(k) or budget_row(k) or budget_column(k) or k.endswith(("：", ":"))
        or money_unit(k) or k.startswith("项目资金") or column_role(k) in ("level1", "level2", "level3")
        or k in OTHER_LABELS
    )


def stop_line(toks: list[str]) -> bool:
    if not toks:
        return False
    k = squash(toks[0]) or ""
    return is_label(toks[0]) or k.startswith(STOP_WORDS) or L.is_form_title(k)



def _two_measures(a: str, b: str) -> bool:
    """Two whole values of one measure side by side ('≥12次 12次': a target and its actual), not one
    cell that layout spaces broke ('等保 3级', '2023年 12月')."""
    va, vb = parse_value(a), parse_value(b)
    return va.value is not None and vb.value is not None and va.unit is not None and va.unit == vb.unit


_LATIN_WORD = re.compile(r"^[A-Za-z]{1,6}$")


def merge_tokens(toks: list[str]) -> list[str]:
    """Undo layout spaces inside a cell: CJK next to Latin/digits ('等保 3级…'), '大于 2 次'."""
    out: list[str] = []
    for t in toks:
        if out and (re.fullmatch(r"[=<>≥≤＝＞＜≧≦]+", out[-1]) or t in ("%", "％")):
            out[-1] += t  # '≥ 90%', '90 %'
            continue
        if out:
            a = out[-1]
            if (CJK.match(a[-1]) and re.match(r"[A-Za-z0-9]", t[0]) and CJK.search(t) and not _two_measures(a, t)) or (
                re.match(r"[A-Za-z0-9]", a[-1]) and CJK.match(t[0]) and CJK.search(a) and not PURE_NUMBER.match(a)
            ):
                out[-1] = a + t
                continue
        out.append(t)
    merged: list[str] = []
    i = 0
    while i < len(out):
        if (0 < i < len(out) - 1 and (PURE_NUMBER.match(out[i]) or _LATIN_WORD.match(out[i])) and CJK.match(out[i - 1][-1])
                and CJK.match(out[i + 1][0]) and merged):  # '数据中心 XC 改造': a Latin word set apart in a name
            merged[-1] = merged[-1] + out[i] + out[i + 1]
            i += 2
            continue
        merged.append(out[i])
        i += 1
    return merged


