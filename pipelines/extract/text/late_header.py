"""Header cells printed after the indicator table in flowing pdftotext text.

Decides which header values a form's table zone holds. pdftotext's default mode may print the
header's right-hand column (实施单位's value, the 项目类别 label and its value, 计划完成日期) after the
whole table, among the table's leftover label blocks. The zone can only complete the header, never
change it: a label printed there is a label printed (it wants a value), and a value printed there
goes to a header field only when its kind is one no table cell has — a class value (…性项目 / …类),
a date, or an organisation's name (`header_values.ORG`) — and exactly one empty field printed in the
form takes that kind. Two different candidates for one field are a doubt, nothing placed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..normalize import squash
from .header_values import CLASS_FIELDS, is_org_name, value_kind
from .rows import label_level
from .tokens import column_role, header_field, line_tokens


@dataclass
class LateHeader:
    labels: list[str] = field(default_factory=list)  # header fields whose labels the zone prints
    classes: list[str] = field(default_factory=list)  # class values, in printed order
    dates: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)  # organisation names


def scan_late(lines: list[str]) -> LateHeader:
    """Header labels and header-only values printed in the table zone `lines`, in printed order."""
    out = LateHeader()
    for ln in lines:
        for t in line_tokens(ln, False):
            k = squash(t) or ""
            if not k or column_role(k) or label_level(k) is not None:
                continue
            hf = header_field(k.rstrip("：:"))
            if hf:
                out.labels.append(hf)
                continue
            kind = value_kind(k)
            if kind == "class":
                out.classes.append(k)
            elif kind == "date":
                out.dates.append(t)
            elif kind == "name" and is_org_name(k):
                out.orgs.append(k)
    return out


def class_field_for(value: str, empty: list[str]) -> str | None:
    """The one empty class field (项目类别 / 项目性质 / 绩效类型) a class value can go to, or None."""
    fields = [f for f in empty if f in CLASS_FIELDS]
    return fields[0] if len(fields) == 1 else None
