"""Writers of text exports in the broken shapes real exports come in, made from form records (gold JSON).

Each writer prints one form the way some exporter does, so a test can read it back and score it
against the record it came from. The shapes (issue 14): a self-evaluation export as pdftotext
prints a provincial form — the title split over two lines, header pairs on one line, `项目资金（万
元）`, funds column titles broken inside words (`年初预算\\n数`, `全年执行\\n\\n数`) with each row's
amounts on one line, the 年度总体目标 label one character per line before two long goal paragraphs
(expected, actual) — and the indicator table with its cells one per line, several per line, or
its names wrapped; -layout text with labels broken inside their cells.
"""
from __future__ import annotations

GOAL = ("围绕年度工作任务，按照项目实施方案组织开展各项工作，保障系统稳定运行，提升服务质量和效率，"
        "加强资金管理，确保资金使用规范、安全、有效，全面完成年度绩效目标。")


def _amount(v, unit: str) -> str:
    if v is None:
        return "-"
    x = v / 10000 if unit == "万元" else v
    return f"{x:,.2f}"


def _num(v) -> str:
    return "-" if v is None else f"{v:g}"


def _wrap(s: str, n: int) -> list[str]:
    return [s[i:i + n] for i in range(0, len(s), n)] or [""]


def provincial_self_evaluation(form: dict, cells: str = "row", wrap: int = 0, unit: str | None = None,
                               funds: str = "row", blanks: int = 1) -> str:
    """A self-evaluation form as pdftotext (default mode) prints a provincial export.

    cells: 'row' — one table row per line; 'cell' — one cell per line; 'wrapped' — names wrapped
    after `wrap` characters, the row's values on the name's last line.
    unit: the money unit printed (the record's own by default); amounts are printed in it.
    funds: 'row' — each funds row's numbers on one line after its label; 'column' — one number per
    line; 'after' — all row labels first, then every row's numbers one per line (pdftotext's block
    order); 'bare' — like 'after', the 其中 rows' blank cells not printed at all.
    blanks: blank lines after each funds line (0, 1 or 2).
    """
    b = form["budget"]
    unit = unit or form["money_unit_printed"] or "元"
    gap = [""] * blanks
    out = [f"{form['year']}年度项目支出绩效自", "评表", f"（{form['year']}年度）", "",
           f"项目名称 {form['project_name']}", "",
           f"主管部门 {form['department']} 实施单位 {form['implementing_unit']}", "",
           f"项目资金（{unit[:-1]}" if len(unit) > 1 else "项目资金（", f"{unit[-1]}）",
           "年初预算", "数", "全年预算", "数", "全年执行", "", "数", "分值", "执行率", "得分", ""]
    rows = [("年度资金总额", "annual_total"), ("其中：当年财政拨款", "fiscal"), ("上年结转资金", "carryover"),
            ("其他资金", "other")]
    numbers = []
    for label, key in rows:
        if key == "annual_total":
            nums = [_amount(b["initial_budget"], unit), _amount(b["full_year_budget"], unit),
                    _amount(b["executed"], unit), _num(b["budget_weight"]), _num(b["execution_rate_pct"]) + "%",
                    _num(b["budget_score"])]
        elif funds == "bare":
            nums = [_amount(b[key], unit)] * 3
        else:
            nums = ["-", _amount(b[key], unit), "-", "-", "-", "-"]
        if funds == "row":
            out += [label, " ".join(nums)] + gap
        elif funds == "column":
            out += [label] + [x for n in nums for x in [n, *gap]]
        else:
            out += [label] + gap
            numbers += [x for n in nums for x in [n, *gap]]
    out += numbers
    out += list("年度总体目标") + ["预期目标", "实际完成情况", ""]
    out += _wrap(GOAL, 30) + [""] + _wrap(GOAL.replace("全面完成", "已全面完成"), 30) + [""]
    titles = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    out += (titles if cells == "cell" else [" ".join(titles)]) + [""]
    last1 = last2 = None
    for r in form["indicators"]:
        labels = []
        if r["level1"] != last1:
            labels.append(r["level1"])
        if r["level2"] != last2 or r["level1"] != last1:
            labels.append(r["level2"])
        last1, last2 = r["level1"], r["level2"]
        vals = [r["target_raw"] or "", r["actual_raw"] or "", _num(r["weight"]), _num(r["score"])]
        if r["note"]:
            vals.append(r["note"])
        if cells == "cell":
            out += labels + [r["level3"]] + vals
        elif cells == "wrapped" and wrap and len(r["level3"]) > wrap:
            parts = _wrap(r["level3"], wrap)
            out += [" ".join(labels + [parts[0]])] + parts[1:-1] + [" ".join([parts[-1]] + vals)]
        else:
            out.append(" ".join(labels + [r["level3"]] + vals))
    out += ["", f"总分 {_num(form['total_score'])} 评分等级 {form['grade'] or ''}".strip(), ""]
    return "\n".join(out)
