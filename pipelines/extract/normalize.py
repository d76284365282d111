"""Text clean-up shared by every extractor: the form-record rules for names, numbers and dates.

Names are "the printed text with line breaks and layout spaces removed"; numbers
come with thousands separators and dashes for blanks; dates come in several
printed shapes. Nothing here knows about layouts.
"""
from __future__ import annotations

import re
from datetime import date

_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_WS = re.compile(r"\s+")
_GROUP_WEIGHT = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BLANKS = {"", "-", "—", "–", "－", "——", "/", "／", "无", "null", "None"}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?")


def strip_html(s: str) -> str:
    """Drop HTML tags that document converters leave behind (<p>, </p>, <br/>)."""
    return _HTML_TAG.sub("", s)


def squash(s: str | None) -> str | None:
    """Remove every whitespace character and HTML tag; None when nothing is left."""
    if s is None:
        return None
    out = _WS.sub("", strip_html(str(s)).replace("\u3000", " "))
    return out or None


def is_blank(s: str | None) -> bool:
    return s is None or (squash(s) or "") in _BLANKS


def parse_number(s: str | float | int | None) -> float | None:
    """A printed amount or score as a float: '16,907,221' → 16907221.0; blanks and dashes → None."""
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return float(s)
    t = squash(s)
    if t is None or t in _BLANKS:
        return None
    t = t.replace("，", ",").replace("％", "%").rstrip("%").replace("元", "")
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1]
    if not _NUMBER.match(t):
        return None
    return float(t.replace(",", ""))


def strip_group_weight(label: str | None) -> str | None:
    """'产出指标(50分)' → '产出指标': group weights are not part of the label."""
    if label is None:
        return None
    return squash(_GROUP_WEIGHT.sub("", label))


def normalize_date(s: str | None) -> str | None:
    """2020-01-01, 2020/1/1, 2020年1月1日, 2020.01.01 → '2020-01-01'; a month alone → its first day."""
    t = squash(s)
    if not t:
        return None
    m = _DATE.search(t)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None
