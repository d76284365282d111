"""The value grammar of the header fields: which printed value can be the value of which field.

Decides the kind of a printed header value — a date, a number (amounts, codes), a class value
(项目类别 / 项目性质 / 绩效类型: '经常性项目', '其他一次性项目', '特定目标类', '事业/专业类'), or a name
(a project, a department, a unit) — and which fields take which kind. Flowing text may print a
label's value after other labels or before its own label; the kind says where it can go.
"""
from __future__ import annotations

import re

from ..normalize import parse_number, squash
from .flow_lines import in_label
from .rows import JUNK
from .tokens import GOAL_TITLES, column_role

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
_ORG = re.compile(r"^[\u3400-\u9fffA-Za-z0-9()（）“”\"·、]{3,40}(?:中心|医院|委员会|局|厅|办公室|办事处|院|所|站|学校|大学|公司|"
                  r"政府|署|委|馆|队)(?:[(（][^()（）]{1,8}[)）])?$")


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
