"""The value grammar (pipelines/extract/values.py): examples from real forms and properties."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.values import clean_raw, parse_value

GOLD = Path(__file__).parent / "fixtures" / "gold"


@pytest.mark.parametrize(
    "raw, op, value, unit, text",
    [
        ("=100%", "=", 100, "%", None),
        (">=95%", ">=", 95, "%", None),
        ("≥90.00(%)", ">=", 90, "%", None),
        ("≤13.10(万元)", "<=", 13.1, "万元", None),
        ("=2.00(台)", "=", 2, "台", None),
        ("<=6小时", "<=", 6, "小时", None),
        ("7*24小时", None, None, None, "7*24小时"),
        ("=7*24小时", "=", None, None, "7*24小时"),
        ("1-2次", ">=", 1, "次", None),
        ("3～5(天)", ">=", 3, "天", None),
        ("2至3人", ">=", 2, "人", None),
        ("10-15%", ">=", 10, "%", None),
        ("各1次", None, 1, "次", None),
        ("共3次", None, 3, "次", None),
        ("≥1-2次", ">=", None, None, "1-2次"),
        ("5-3次", None, None, None, "5-3次"),
        ("2020-2022年", None, None, None, "2020-2022年"),
        ("2024-12-31", None, None, None, "2024-12-31"),
        ("各类", None, None, None, "各类"),
        (">=52次.周", ">=", 52, "次.周", None),
        ("不少于3次", ">=", 3, "次", None),
        ("不超过5天", "<=", 5, "天", None),
        ("大于 2 次", ">", 2, "次", None),
        ("少于5件", "<", 5, "件", None),
        ("至少3年", ">=", 3, "年", None),
        ("95%以上", ">=", 95, "%", None),
        ("建设周期不超过4个月", "<=", 4, "个月", None),
        ("控制在预算范围内", None, None, None, "控制在预算范围内"),
        ("健全", None, None, None, "健全"),
        ("达到三级等保要求", None, None, None, "达到三级等保要求"),
        ("$\\geq 90\\%$", ">=", 90, "%", None),
        ("<p>≤5%</p>", "<=", 5, "%", None),
        ("=9.00(小时/天（一周5天）)", "=", 9, "小时/天（一周5天）", None),
        ("10T", None, 10, "T", None),
        ("1,007,375.00(元)", None, 1007375, "元", None),
        ("30分钟内响应，2小时内上门", None, None, None, "30分钟内响应，2小时内上门"),
        (None, None, None, None, None),
        ("  ", None, None, None, None),
    ],
)
def test_examples(raw, op, value, unit, text):
    v = parse_value(raw)
    assert (v.op, v.value, v.unit, v.text) == (op, value, unit, text)


def test_every_gold_target_parses_as_the_hand_checked_record():
    rows = [r for f in GOLD.glob("*.json") for form in json.loads(f.read_text("utf-8"))["forms"] for r in form["indicators"]]
    assert len(rows) > 500
    for r in rows:
        v = parse_value(r["target_raw"])
        assert (v.op, v.value, v.unit, v.text) == tuple(r["target"][k] for k in ("op", "value", "unit", "text")), r


def test_latex_and_html_artefacts_are_cleaned_but_operators_kept():
    assert clean_raw("$\\geq 90\\%$") == "≥90%"
    assert clean_raw("$\\leq 5\\%$") == "≤5%"
    assert clean_raw("<p>及时</p>") == "及时"
    assert clean_raw("大于 2 次") == "大于2次"


OPS = {">=": ["≥", ">=", "不少于", "不低于"], "<=": ["≤", "<=", "不超过", "不高于"], ">": [">", "大于"], "<": ["<", "小于"], "=": ["=", "＝"]}
UNITS = ["%", "次", "万元", "元", "个", "天", "小时", "人次", "台", "份"]


@settings(max_examples=300, deadline=None)
@given(
    op=st.sampled_from(sorted(OPS)),
    spelling=st.integers(min_value=0, max_value=3),
    number=st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(UNITS),
    bracket=st.booleans(),
    spaces=st.booleans(),
)
def test_operator_number_unit_round_trip(op, spelling, number, unit, bracket, spaces):
    sym = OPS[op][spelling % len(OPS[op])]
    num = f"{number:.2f}"
    u = f"({unit})" if bracket else unit
    raw = f"{sym} {num} {u}" if spaces else f"{sym}{num}{u}"
    v = parse_value(raw)
    assert v.op == op
    assert v.value == pytest.approx(float(num))
    assert v.unit == unit
    assert v.text is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_never_raises_and_never_invents(raw):
    v = parse_value(raw)
    cleaned = clean_raw(raw)
    if cleaned is None:
        assert v == type(v)()
    else:
        assert v.value is not None or v.text is not None  # something printed is kept, as number or text
        if v.value is not None:
            # a parsed number is one that is printed
            digits = "".join(ch for ch in cleaned if ch.isdigit())
            assert digits, raw


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="健全及时有效规范合理准确完备提高显著达标符合要求稳定运行", min_size=1, max_size=12))
def test_qualitative_text_stays_text(raw):
    v = parse_value(raw)
    assert (v.op, v.value, v.unit, v.text) == (None, None, None, raw)


def test_a_printed_number_that_does_not_parse_is_a_doubt_not_a_silent_blank():
    """Issue 10 item 5: a budget printed '1e30' (or '12.3.4') is left empty with a doubt; a dash stays blank."""
    from pipelines.extract.assemble import FormBuilder

    b = FormBuilder("target", 2021)
    b.money("total", "1e30")
    b.number("execution_rate_pct", "12.3.4")
    b.money("fiscal", "—")
    b.money("annual_total", "1,000")
    assert b.form.budget.total is None and b.form.budget.fiscal is None and b.form.budget.annual_total == 1000
    assert any("total" in d and "'1e30' is not a number" in d for d in b.form.doubts), b.form.doubts
    assert any("execution_rate_pct" in d for d in b.form.doubts)
    assert len(b.form.doubts) == 2
