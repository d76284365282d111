"""The printed vocabulary of performance forms, in one place: titles, header labels, column
roles, fund rows, and the indicator categories (一级 / 二级 指标) with their standard names.

Decides what a printed label means. Every extractor (PDF, OCR, text) maps printed labels
to record fields through these functions and the transform layer standardises categories
from the same table, so a new issuer's wording is added once, here. Matching is done on
squashed text (no whitespace), so wrapped and vertical labels ('一级\\n指标') match.

成本指标 is printed in two legitimate structures: 2023-era forms put it as a 二级 under
产出指标, 2024/2026 forms as a 一级 of its own (over 经济/社会/生态环境成本指标). The
category table says both (`LEVEL2_CATEGORIES['成本']` has parent 产出指标 and
`LEVEL1_CATEGORIES['成本']` exists); readers decide from the printed context.
"""
from __future__ import annotations

import re

from .normalize import squash

_COLON = re.compile(r"[:：]+$")


def _key(s: str | None) -> str:
    return _COLON.sub("", squash(s) or "")


def _first_match(table: list[tuple[re.Pattern[str], str]], label: str | None) -> str | None:
    """The name of the first pattern in `table` that matches the squashed label."""
    k = _key(label)
    for pat, name in table:
        if pat.match(k):
            return name
    return None


# --- titles ---------------------------------------------------------------------------------------

_TARGET_TITLE = re.compile(r"绩效目标(?:申报|申请|批复|审核)?表|绩效目标表")
_SELF_EVAL_TITLE = re.compile(r"绩效自评(?:价)?表|绩效自评结果表|绩效评价表")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")


def form_type_of(text: str | None) -> str | None:
    """'target' for 绩效目标表 / 绩效目标申报表, 'self_evaluation' for 绩效自评表; None otherwise."""
    t = squash(text) or ""
    if "汇总表" in t and "项目" not in t.replace("汇总表", ""):
        return None
    if _SELF_EVAL_TITLE.search(t):
        return "self_evaluation"
    if _TARGET_TITLE.search(t):
        return "target"
    return None


def is_form_title(text: str | None) -> bool:
    """A form's own title line (not a document heading such as '…项目绩效目标汇总表')."""
    t = squash(text) or ""
    return bool(form_type_of(t)) and "汇总" not in t and len(t) <= 40


def year_of(text: str | None) -> int | None:
    """The fiscal year of '（2020年度）', '(2026 年度)', '2024年'."""
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


# --- header fields ------------------------------------------------------------------------------

_HEADER = [
    (re.compile(r"^项目名称$"), "project_name"),
    (re.compile(r"^(?:主管部门|主管部门名称|主管单位|主管部门及代码|主管部门[(（]单位[)）]|预算部门|预算部门名称)$"), "department"),
    (re.compile(r"^(?:实施单位|实施单位名称|项目实施单位|申报单位|申报单位名称|预算单位|单位名称|项目单位|项目承担单位|承担单位)$"),
     "implementing_unit"),
    (re.compile(r"^项目类别$"), "project_category"),
    (re.compile(r"^项目性质$"), "project_nature"),
    (re.compile(r"^(?:绩效类型|项目绩效类型)$"), "performance_type"),
    (re.compile(r"^(?:计划开始日期|项目开始日期|开始日期|实施开始日期)$"), "start_date"),
    (re.compile(r"^(?:计划完成日期|项目完成日期|完成日期|计划结束日期|实施完成日期|结束日期)$"), "end_date"),
    (re.compile(r"^(?:单位编码|单位代码|预算单位编码|单位编号)$"), "unit_code"),
]


def header_field(label: str | None) -> str | None:
    return _first_match(_HEADER, label)


# --- indicator table column roles ---------------------------------------------------------------

_ROLES = [
    (re.compile(r"^一级(?:指标|目标)"), "level1"),
    (re.compile(r"^二级(?:指标|目标)"), "level2"),
    (re.compile(r"^三级(?:指标|目标)"), "level3"),
    (re.compile(r"^(?:指标目标值|目标值|年度指标值|年度\(/?项目\)指标值|年度（/?项目）指标值|项目指标值|指标值|预期指标值|年度目标值)"), "target"),
    (re.compile(r"^(?:实际完成值|实际完成情况值|实际值|全年实际完成值|完成值)"), "actual"),
    (re.compile(r"^(?:分值|权重|指标分值|分数)$"), "weight"),
    (re.compile(r"^得分$"), "score"),
    (re.compile(r"^(?:偏差原因分析|偏差原因|未完成原因|原因分析|备注)"), "note"),
]


def column_role(header_cell: str | None) -> str | None:
    return _first_match(_ROLES, header_cell)


# --- funds ----------------------------------------------------------------------------------------

_MONEY_UNIT = re.compile(r"[（(]\s*(万元|元)\s*(?:[)）]|$)")  # '（万元' at the end: a scan lost the ')' 


def money_unit_of(text: str | None) -> str | None:
    """'项目资金（万元）' → '万元'; '项目总预算（元）' → '元'."""
    m = _MONEY_UNIT.search(squash(text) or "")
    return m.group(1) if m else None


_BUDGET_ROWS = [
    (re.compile(r"^(?:项目资金总额|项目总预算|项目总金额|资金总额)(?:[（(]万?元[)）])?$"), "total"),
    (re.compile(r"^(?:年度资金申请总额|年度资金总额|项目当年预算|当年预算|年度预算|年度资金)(?:[（(]万?元[)）])?$"), "annual_total"),
    (re.compile(r"^(?:其中)?[:：]?(?:当年财政拨款|财政拨款|财政资金|财政性资金)(?:[（(]万?元[)）])?$"), "fiscal"),
    (re.compile(r"^(?:其中)?[:：]?(?:上年结转资金|上年结转|结转资金)(?:[（(]万?元[)）])?$"), "carryover"),
    (re.compile(r"^(?:其中)?[:：]?(?:其他资金|其它资金)(?:[（(]万?元[)）])?$"), "other"),
]


def budget_row(label: str | None) -> str | None:
    return _first_match(_BUDGET_ROWS, label)


def is_annual_fiscal(label: str | None) -> bool:
    """当年财政拨款 (annual side) rather than 财政资金 (project side): the contract prefers the former."""
    return "当年" in _key(label) or "拨款" in _key(label)


_BUDGET_COLUMNS = [
    (re.compile(r"^年初预算数?"), "initial_budget"),
    (re.compile(r"^全年预算数?"), "full_year_budget"),
    (re.compile(r"^(?:全年执行数|执行数|全年实际执行数)"), "executed"),
    (re.compile(r"^(?:分值|分数|权重)$"), "budget_weight"),
    (re.compile(r"^执行率"), "execution_rate_pct"),
    (re.compile(r"^得分$"), "budget_score"),
]


def budget_column(header: str | None) -> str | None:
    return _first_match(_BUDGET_COLUMNS, header)


_BUDGET_TITLES = ("年初预算数", "全年预算数", "全年执行数")


def is_budget_title_piece(text: str | None) -> bool:
    """The first line of a funds column title a narrow cell breaks ('全年' of '全年 / 执行 / 数')."""
    k = _key(text)
    return len(k) >= 2 and any(t.startswith(k) and t != k for t in _BUDGET_TITLES)


def is_total_score_label(s: str | None) -> bool:
    return _key(s) in ("总分", "合计", "总分值", "合计得分", "总得分")


def is_grade_label(s: str | None) -> bool:
    return _key(s) in ("评分等级", "评价等级", "自评等级", "等级")


# --- indicator categories ------------------------------------------------------------------------
# One table for the extractors (is this printed label a category, at which level?) and the
# transform layer (standard label, parent, English). Keys are stems: the label without a
# trailing 指标 / 目标. English None: recognised as a category, not standardised.

# 一级 stems → (standard 一级, English).
LEVEL1_CATEGORIES: dict[str, tuple[str, str | None]] = {
    "产出": ("产出指标", "output"),
    "效益": ("效益指标", "outcome"),
    "效果": ("效益指标", "outcome"),
    "影响力": ("效益指标", "outcome"),
    "满意度": ("满意度指标", "satisfaction"),
    "成本": ("成本指标", "cost"),
    "投入与管理": ("投入与管理", "input & management"),
    "投入和管理": ("投入与管理", "input & management"),
    "管理": ("投入与管理", "input & management"),
    "过程": ("过程指标", None),
    "决策": ("决策指标", None),
    "投入": ("投入指标", None),
}
# 一级 stems also printed without a suffix.
_LEVEL1_BARE = {"投入与管理", "投入和管理"}

# 二级 stems → (standard 二级, standard 一级 it stands under, English).
LEVEL2_CATEGORIES: dict[str, tuple[str, str, str | None]] = {
    "数量": ("数量指标", "产出指标", "quantity"),
    "质量": ("质量指标", "产出指标", "quality"),
    "时效": ("时效指标", "产出指标", "timeliness"),
    "成本": ("成本指标", "产出指标", "cost"),  # 2023 era; also a 一级 (LEVEL1_CATEGORIES)
    "经济成本": ("经济成本指标", "成本指标", "economic cost"),
    "社会成本": ("社会成本指标", "成本指标", "social cost"),
    "生态环境成本": ("生态环境成本指标", "成本指标", "environmental cost"),
    "经济效益": ("经济效益指标", "效益指标", "economic benefit"),
    "社会效益": ("社会效益指标", "效益指标", "social benefit"),
    "生态效益": ("生态效益指标", "效益指标", "ecological benefit"),
    "可持续影响": ("可持续影响指标", "效益指标", "sustainable impact"),
    "满意度": ("服务对象满意度指标", "满意度指标", "service-recipient satisfaction"),
    "服务对象满意度": ("服务对象满意度指标", "满意度指标", "service-recipient satisfaction"),
    "社会公众满意度": ("社会公众满意度指标", "满意度指标", "public satisfaction"),
    "投入管理": ("投入管理指标", "投入与管理", "input management"),
    "实施管理": ("实施管理指标", "投入与管理", "implementation management"),
    "财务管理": ("财务管理指标", "投入与管理", "financial management"),
    "资金管理": ("资金管理指标", "投入与管理", "fund management"),
    "项目管理": ("项目管理指标", "投入与管理", "project management"),
    "长效管理": ("长效管理", "投入与管理", None),
    "信息共享": ("信息共享", "投入与管理", None),
    "人力资源": ("人力资源", "投入与管理", None),
    "硬件条件": ("硬件条件", "投入与管理", None),
    "业务管理": ("业务管理", "投入与管理", None),
    "能力建设": ("能力建设", "投入与管理", None),
    "社会影响": ("社会影响", "效益指标", None),
}

# Printed forms: 一级 as '产出指标' / '产出目标' (and bare 投入与管理); 二级 as '数量指标' / '数量'
# (2020-era forms print short 二级 labels).
LEVEL1 = {s + suf for s in LEVEL1_CATEGORIES for suf in ("指标", "目标")} | _LEVEL1_BARE
# 指标-era categories (2021 on) that are never printed without their 指标: a bare '经济成本' is a
# wrapped piece of the label, not the label.
_LEVEL2_SUFFIXED_ONLY = {"经济成本", "社会成本", "生态环境成本", "社会公众满意度", "资金管理"}
LEVEL2 = {s + "指标" for s in LEVEL2_CATEGORIES} | set(LEVEL2_CATEGORIES) - _LEVEL2_SUFFIXED_ONLY
# Where a printed 二级 (指标 era) belongs when it can stand in one place only: 成本指标 is absent
# because it is also printed as a 一级.
PARENT = {
    std: parent
    for stem, (std, parent, _) in LEVEL2_CATEGORIES.items()
    if stem not in LEVEL1_CATEGORIES and std.endswith("指标") and parent.endswith("指标") and std == stem + "指标"
}
# Open vocabulary: '…效益指标', '…成本指标', '…满意度指标' are level-2 by shape.
_LEVEL2_SHAPE = re.compile(r"^.{1,8}(?:效益|成本|满意度|影响)指标$")
_LEVEL1_ONLY = LEVEL1 - LEVEL2


def level_of(label: str | None) -> int | None:
    """1 or 2 when the label is an indicator category by vocabulary; None for anything else.

    成本指标 and 满意度指标 are level 1 on newer forms and level 2 on some older ones: they return 1
    when they stand in the level-1 vocabulary; the caller's context decides.
    """
    k = _key(label)
    if not k:
        return None
    if k in LEVEL1:
        return 1
    if k in LEVEL2 or _LEVEL2_SHAPE.match(k):
        return 2
    return None


def is_level1_only(label: str | None) -> bool:
    return _key(label) in _LEVEL1_ONLY


# Families for checking that a printed 二级 can stand under a printed 一级 (substring match, so
# unknown wording around a known word still counts).
_FAMILY = [("满意", "satisfaction"), ("成本", "cost"), ("数量", "output"), ("质量", "output"), ("时效", "output"),
           ("产出", "output"), ("效益", "effect"), ("效果", "effect"), ("可持续", "effect"), ("影响", "effect")]
_FITS = {"output": {"output", "cost"}, "cost": {"cost"}, "effect": {"effect", "satisfaction"},
         "satisfaction": {"satisfaction"}}


def _family(label: str | None) -> str | None:
    for key, fam in _FAMILY:
        if label and key in label:
            return fam
    return None


def may_stand_under(level1: str | None, level2: str | None) -> bool:
    """Can this 二级 category stand under this 一级 category (产出 → 数量/质量/时效/成本, 效益/效果 →
    …效益/可持续影响/满意度, 满意度 → 满意度)? Unknown wording is always compatible."""
    f1, f2 = _family(level1), _family(level2)
    if f1 is None or f2 is None or f1 not in _FITS:
        return True
    return f2 in _FITS[f1]


# --- the printed order of categories ----------------------------------------------------------------
# The national templates print categories in one order: 一级 成本 (2024 on) / 投入与管理 (2020), 产出,
# 效益 (效果), 满意度, 影响力; 二级 in the order of LEVEL2_CATEGORIES within their 一级, except that
# 投入与管理's are 投入管理, 财务管理, 实施管理 and 成本指标 under 产出 comes after 时效. Readers that
# know a label but not where it is printed order it by this rank.
_LEVEL1_RANK = {"成本": 0, "投入与管理": 0, "投入和管理": 0, "管理": 0, "投入": 0, "决策": 0, "过程": 1,
                "产出": 2, "效益": 3, "效果": 3, "满意度": 4, "影响力": 5}
_LEVEL2_ORDER = ["经济成本", "社会成本", "生态环境成本", "投入管理", "财务管理", "资金管理", "实施管理", "项目管理",
                 "数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响", "社会影响",
                 "满意度", "服务对象满意度", "社会公众满意度", "长效管理", "人力资源", "硬件条件", "信息共享",
                 "业务管理", "能力建设"]


def _stem(label: str) -> str:
    k = _key(label)
    for suf in ("指标", "目标"):
        if k.endswith(suf) and len(k) > len(suf):
            return k[: -len(suf)]
    return k


def category_rank(label: str | None, level: int) -> float | None:
    """Where a category label stands in the templates' printed order among labels of its level; None when
    the label is not in the vocabulary (its place is not known)."""
    stem = _stem(label or "")
    if level == 1:
        return _LEVEL1_RANK.get(stem)
    if stem in _LEVEL2_ORDER:
        return float(_LEVEL2_ORDER.index(stem))
    return None


def level1_standard(label: str | None) -> str | None:
    """The standard 一级 a printed level-1 label stands for ('产出目标' → '产出指标'); None when unknown."""
    got = LEVEL1_CATEGORIES.get(_stem(label or ""))
    return got[0] if got else None


# Where each 二级 stands in the templates, by 一级 stem: the 2020-era Shanghai template puts 满意度 and the
# 效益 categories under 效果目标 and 长效管理 / 信息共享 / 人力资源 / 硬件条件 under 影响力目标; newer ones
# put 满意度 under its own 一级.
_OUTPUT, _EFFECT = {"产出"}, {"效益", "效果"}
_MANAGEMENT = {"投入与管理", "投入和管理", "管理", "投入", "过程", "决策"}
_STANDS_UNDER: dict[str, set[str]] = {
    "数量": _OUTPUT, "质量": _OUTPUT, "时效": _OUTPUT, "成本": _OUTPUT | {"成本"},
    "经济成本": {"成本"}, "社会成本": {"成本"}, "生态环境成本": {"成本"},
    "经济效益": _EFFECT, "社会效益": _EFFECT, "生态效益": _EFFECT, "可持续影响": _EFFECT | {"影响力"},
    "社会影响": _EFFECT | {"影响力"},
    "满意度": {"满意度", "效果"}, "服务对象满意度": {"满意度", "效果", "效益"}, "社会公众满意度": {"满意度", "效果", "效益"},
    "投入管理": _MANAGEMENT, "实施管理": _MANAGEMENT, "财务管理": _MANAGEMENT, "资金管理": _MANAGEMENT,
    "项目管理": _MANAGEMENT,
    "长效管理": {"影响力"} | _MANAGEMENT, "信息共享": {"影响力"} | _MANAGEMENT, "人力资源": {"影响力"} | _MANAGEMENT,
    "硬件条件": {"影响力"} | _MANAGEMENT,
}


def stands_under(level1: str | None, level2: str | None) -> bool | None:
    """Whether the templates put this 二级 under this 一级 (None: the vocabulary does not know one of them)."""
    under = _STANDS_UNDER.get(_stem(level2 or ""))
    stem1 = _stem(level1 or "")
    if under is None or stem1 not in LEVEL1_CATEGORIES and stem1 not in _LEVEL1_BARE:
        return None
    return stem1 in under


def level2_parent(label: str | None) -> str | None:
    """The standard 一级 a printed level-2 label stands under ('数量指标' → '产出指标', 2023-era '成本指标' →
    '产出指标'); None when the label is not in the vocabulary."""
    got = LEVEL2_CATEGORIES.get(_stem(label or ""))
    return got[1] if got else None


def names_satisfaction(text: str | None) -> bool:
    """Whether a category label or an indicator name speaks of satisfaction (满意度 / 满意率): such rows
    stand under the satisfaction categories."""
    return "满意" in (text or "")


_MEASURE_END = re.compile(r"(?:率|性|度|数|量|情况|比例|占比)$")


def names_a_measure(text: str | None) -> bool:
    """Whether a text cell is worded as an indicator name: a noun phrase of at least four characters
    that ends in the measure it names (…率 / …性 / …度 / …数 / …量 / …情况 / …比例 / …占比). Targets are
    values or states ('及时', '完备', '缓解', '符合规定标准'), not worded so."""
    t = squash(text or "") or ""
    return len(t) >= 4 and not re.search(r"\d", t) and bool(_MEASURE_END.search(t))


# A target worded as the standard or comparison it meets: '符合规定标准', '控制在预算范围内', '较去年提升',
# '按合同进度完成', '不超项目预算', '达到三级等保要求'.
_STATE_OPENS = re.compile(r"^(?:符合|控制在|达到|不超|不低于|不少于|不高于|不大于|不小于"
                          r"|较(?:去年|上年|上一|前一|往年|同期|\d)|按(?:合同|计划|进度|期|时|要求))")
STATE_CHARS = 3  # a state word as a target: '及时', '完备', '缓解'; a 4-character cell may be a name ('编制书籍')


def states_a_target(text: str | None) -> bool:
    """Whether a text cell is worded as a target rather than an indicator name: not worded as a measure
    (`names_a_measure`), and a state word of a few characters ('及时', '完备', '缓解') or a phrase that
    opens with the standard or comparison it meets (符合… / 控制在… / 达到… / 不超… / 较去年… / 按合同…)."""
    t = squash(text or "") or ""
    if not t or names_a_measure(t):
        return False
    return len(t) <= STATE_CHARS or bool(_STATE_OPENS.match(t))


_QUALIFIER_END = re.compile(r"[（(][^（()）]*[）)]$")  # '…（年度）'
_CLOSING_END = re.compile(r"(?:率|情况|比例|占比)$")


def two_names(first: str | None, second: str | None) -> bool:
    """Whether two lines printed one under the other are two indicator names, not one name wrapped: the
    first ends in a rate or a situation (…率 / …情况 / …比例 / …占比, a bracketed qualifier aside), which
    closes an indicator name (…度, …性, …数 run on: '管理制度' / '建设情况', '数' / '据上报率'), and
    the second is worded as a name of its own (`names_a_measure`)."""
    a = _QUALIFIER_END.sub("", squash(first or "") or "")
    b = _QUALIFIER_END.sub("", squash(second or "") or "")
    return names_a_measure(a) and bool(_CLOSING_END.search(a)) and names_a_measure(b)
