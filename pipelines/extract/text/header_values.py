"""The value grammar of the header fields: which printed value can be the value of which field.

Decides the kind of a printed header value — a date, a number (amounts, codes), a class value
(项目类别 / 项目性质 / 绩效类型: '经常性项目', '其他一次性项目', '特定目标类', '事业/专业类'), or a name
(a project, a department, a unit) — and which fields take which kind. Flowing text may print a
label's value after other labels or before its own label; the kind says where it can go. Also which
printed pieces of a line are one value: pdftotext puts a space where a name changes script
('智慧数据平台 3.0“一网通办”二期', '校园 3.0(2025 运维)'); pieces joined at such a seam are one name.
"""
from __future__ import annotations

import re

from ..normalize import parse_number, squash
from .flow_lines import in_label
from .rows import JUNK
from .fund_amounts import money_like
from .tokens import DASHES, GOAL_TITLES, column_role, is_label

DATE = re.compile(r"^(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?$")
# a class value: a short phrase ending in …性项目 or …类 ('其他经常性项目', '特定目标类', '事业/专业类')
_CLASS = re.compile(r"^[\u3400-\u9fff/／、]{1,12}(?:性项目|类)$")
CLASS_FIELDS = ("project_category", "project_nature", "performance_type")
NAME_FIELDS = ("project_name", "department", "implementing_unit")
DATE_FIELDS = ("start_date", "end_date")


# a sentence (goal or summary text printed among the header cells): no header field's value
_SENTENCE = re.compile(r"[。；;！!]$")
_TITLE_PIECE = re.compile(r"^[一二三]级(?:指|目)?$")
# an organisation's name: a name ending in the word for a kind of body (a department, a unit)
_ORG = re.compile(r"^[\u3400-\u9fffA-Za-z0-9()（）“”\"·、]{3,40}(?:中心|医院|委员会|局|厅|办公室|办事处|院|所|站|学校|大学|小学|中学|"
                  r"幼儿园|公司|政府|署|委|馆|队|处|部|社|团|工会|协会|学会|商会|联合会|基金会)(?:[(（][^()（）]{1,8}[)）])?$")


# a script seam: an ideograph (or CJK punctuation) on one side of the space, a Latin letter, digit or ASCII
# bracket on the other
_CJK_END = re.compile(r"[\u3400-\u9fff“”‘’（）《》、]$")
_CJK_START = re.compile(r"^[\u3400-\u9fff“”‘’（）《》、]")
_LATIN_END = re.compile(r"[A-Za-z0-9()]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9()]")


def _whole(t: str) -> bool:
    """A piece that is a value on its own: a date, an amount, a dash, a sentence (never a piece of a name)."""
    k = squash(t) or ""
    return bool(DATE.match(k)) or money_like(k) or k in DASHES or bool(_SENTENCE.search(k))


def join_name_pieces(toks: list[str]) -> list[str]:
    """The line's tokens with the pieces of one name joined: two neighbouring tokens that are no labels
    and meet at a script seam, neither a value on its own (a date, an amount)."""
    out: list[str] = []
    for t in toks:
        if out and not is_label(out[-1]) and not is_label(t) and not _whole(out[-1]) and not _whole(t) and (
                (_CJK_END.search(out[-1]) and _LATIN_START.match(t))
                or (_LATIN_END.search(out[-1]) and _CJK_START.match(t))):
            out[-1] += t
            continue
        out.append(t)
    return out


def value_kind(t: str) -> str:
    """'date', 'number', 'class', 'name', 'prose' (a sentence), or 'table' (a piece of the indicator table's titles or category
    labels printed among the header cells: no header value) for one printed value."""
    k = squash(t) or ""
    if (in_label(k) or column_role(k) or _TITLE_PIECE.match(k) or k in GOAL_TITLES
            or any(j.startswith(k) for j in JUNK if len(k) >= 2)):
        return "table"
    if _SENTENCE.search(k):
        return "prose"
    if DATE.match(k):
        return "date"
    if parse_number(k) is not None:
        return "number"
    if _CLASS.match(k):
        return "class"
    return "name"


def is_org_name(t: str) -> bool:
    """Whether a printed value reads as an organisation's name ('上海市某区卫生健康信息中心', '某某委员会(汇总)')."""
    k = squash(t) or ""
    return value_kind(k) == "name" and bool(_ORG.match(k))


def class_fits(field: str, value: str) -> bool:
    """Whether a class value can be this class field's: 绩效类型 names a kind of work ('事业/专业类', '特定目标类'),
    never a 项目 ('其他一次性项目' is a 项目类别 / 项目性质); 项目类别 may be either."""
    k = squash(value) or ""
    return not (field == "performance_type" and k.endswith("项目"))


def accepts(field: str, kind: str) -> bool:
    """Whether a header field can hold a value of this kind (a project's name may look like a class)."""
    if field in DATE_FIELDS:
        return kind == "date"
    if field in CLASS_FIELDS:
        return kind == "class"
    if field == "project_name":
        return kind in ("name", "class")
    if field in NAME_FIELDS:
        return kind == "name"
    return kind in ("name", "number")  # codes and other fields
