"""The value grammar of targets and actuals: printed text → op / value / unit / text.

Printed values mix an operator (symbol or words: ≥, >=, 不少于, 不超过 …), a number
and a unit, often in brackets ('≥90.00(%)', '≤13.10(万元)'), or are qualitative
('健全', '控制在预算范围内'). Expressions that are not one number ('7*24小时',
'30分钟内响应，2小时内上门') stay text: a value is never invented.

Two shapes of count read as one number:
- a range '1-2次' / '3～5天' / '2至3人' is met from its lower bound: op '>=' and the lower
  number (the whole range stays in target_raw); a range after an operator stays text;
- a distributive or total count '各1次' / '共3次' / '合计2台' is the number per item (or in all)
  with its unit; the word before it carries no operator.
"""
from __future__ import annotations

import re

from .normalize import squash
from .record import Value

# LaTeX and HTML artefacts left by document converters.
_LATEX = [
    (re.compile(r"\\geqslant|\\geq|\\ge(?![a-z])"), "≥"),
    (re.compile(r"\\leqslant|\\leq|\\le(?![a-z])"), "≤"),
    (re.compile(r"\\neq|\\ne(?![a-z])"), "≠"),
    (re.compile(r"\\times"), "×"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\text\{([^}]*)\}|\\mathrm\{([^}]*)\}"), r"\1\2"),
    (re.compile(r"\\[,;:! ]"), ""),
    (re.compile(r"\$"), ""),
]

_SYMBOL_OPS = [
    (">=", ">="), ("≥", ">="), ("≧", ">="), ("＞＝", ">="), ("=>", ">="),
    ("<=", "<="), ("≤", "<="), ("≦", "<="), ("＜＝", "<="), ("=<", "<="),
    (">", ">"), ("＞", ">"), ("<", "<"), ("＜", "<"),
    ("==", "="), ("=", "="), ("＝", "="),
]
# Word operators, longest first so that 不少于 wins over 少于.
_WORD_OPS = [
    ("大于等于", ">="), ("大于或等于", ">="), ("不少于", ">="), ("不低于", ">="), ("不小于", ">="),
    ("至少", ">="), ("最少", ">="),
    ("小于等于", "<="), ("小于或等于", "<="), ("不超过", "<="), ("不多于", "<="), ("不高于", "<="),
    ("不大于", "<="), ("至多", "<="), ("最多", "<="), ("控制在", "<="),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"),
    ("等于", "="), ("达到", ">="),
]
_WORD_OP_RE = re.compile("|".join(re.escape(w) for w, _ in sorted(_WORD_OPS, key=lambda x: -len(x[0]))))
_WORD_OP_MAP = dict(_WORD_OPS)

# Suffix operators: '95%以上', '5天以内'.
_SUFFIX_OP = re.compile(r"(?:及)?(以上|以下|以内)$")
_SUFFIX_MAP = {"以上": ">=", "以下": "<=", "以内": "<="}
_NUM = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# A range of two numbers with one unit after the second: '1-2次', '3～5(天)', '2至3人'.
_RANGE = re.compile(r"^(" + _NUM.pattern + r")\s*[-~～—–至到]\s*(" + _NUM.pattern + r")(.*)$")
# Words before a count that say 'each' or 'in all', not an operator.
_COUNT_PREFIX = re.compile(r"^(?:各|共计|共|合计|累计|总计)(?=\d)")
_BRACKETED = re.compile(r"^[(（](.*)[)）]$")
# A unit: short, no digits except inside a bracketed qualifier, no sentence punctuation.
_UNIT_OK = re.compile(r"^[^\d，,。；;：:*×+\-~～至到]{1,12}$")


def clean_raw(s: str | None) -> str | None:
    """The printed value minus conversion artefacts and layout whitespace; operators and units kept."""
    if s is None:
        return None
    t = str(s)
    if "\\" in t or "$" in t:
        for pat, rep in _LATEX:
            t = pat.sub(rep, t)
    return squash(t)


def _unit(rest: str) -> tuple[bool, str | None]:
    """(is this a unit?, the unit) for what follows a number."""
    if not rest:
        return True, None
    m = _BRACKETED.match(rest)
    if m and m.group(1):
        inner = m.group(1)
        # A bracketed unit may carry a qualifier with digits: '(小时/天（一周5天）)'.
        if not re.match(r"^[\d.]", inner) and not re.search(r"[，,。；;]", inner):
            return True, inner
        return False, None
    if rest in ("%", "％"):
        return True, "%"
    if _UNIT_OK.match(rest):
        return True, rest
    return False, None


def parse_value(raw: str | None) -> Value:
    """Parse one printed target or actual value (see the module docstring)."""
    s = clean_raw(raw)
    if s is None:
        return Value()
    op = None
    body = s
    for sym, mapped in _SYMBOL_OPS:
        if body.startswith(sym):
            op, body = mapped, body[len(sym):]
            break
    if op is None:
        m = _WORD_OP_RE.search(body)
        if m and not _NUM.search(body[: m.start()]):
            after = body[m.end():]
            nm = _NUM.match(after)
            if nm and _unit(after[nm.end():])[0]:
                op, body = _WORD_OP_MAP[m.group(0)], after
    if op is None:
        body = _COUNT_PREFIX.sub("", body)
        rng = _RANGE.match(body)
        if rng:
            lo, hi = (float(g.replace(",", "")) for g in rng.group(1, 2))
            ok, unit = _unit(rng.group(3))
            years = all(1900 <= v <= 2100 and v == int(v) for v in (lo, hi)) and unit in (None, "年", "年度")
            if ok and lo < hi and not years:  # '2020-2022年' is a period, not a count
                return Value(op=">=", value=lo, unit=_norm_unit(unit))
    nm = _NUM.match(body)
    if nm:
        rest = body[nm.end():]
        sm = _SUFFIX_OP.search(rest)
        if sm and (op is None or op == _SUFFIX_MAP[sm.group(1)]):
            op, rest = _SUFFIX_MAP[sm.group(1)], rest[: sm.start()]
        ok, unit = _unit(rest)
        if ok:
            return Value(op=op, value=float(nm.group(0).replace(",", "")), unit=_norm_unit(unit))
    # Not a single number: qualitative text (an operator symbol stays as the op).
    return Value(op=op if op and body else None, text=body or s)


def _norm_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    return "%" if unit in ("%", "％", "百分比") else unit
