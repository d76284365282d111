"""Region lookup (pipelines/transform/admin.py): the unit's and its department's names read together.

District names that repeat across provinces are placed by the department (or the unit's own larger
area), never by the adcode table's first entry; a bare repeated name is not guessed.
"""
from __future__ import annotations

import pytest

from pipelines.transform.admin import admin_frame, admin_of

import polars as pl


@pytest.mark.parametrize("unit,department,expected", [
    # 普陀区: 上海市 and 浙江省舟山市
    ("普陀区卫生健康委员会", "上海市卫生健康委员会", ("上海市", "上海市", "普陀区", "district")),
    ("普陀区卫生健康委员会", "舟山市卫生健康委员会", ("浙江省", "舟山市", "普陀区", "district")),
    # 鼓楼区: 南京市, 福州市, 徐州市, 开封市
    ("鼓楼区教育局", "南京市教育局", ("江苏省", "南京市", "鼓楼区", "district")),
    ("鼓楼区教育局", "福州市教育局", ("福建省", "福州市", "鼓楼区", "district")),
    ("鼓楼区教育局", "开封市教育局", ("河南省", "开封市", "鼓楼区", "district")),
    # 朝阳区: 北京市 and 吉林省长春市
    ("朝阳区财政局", "北京市财政局", ("北京市", "北京市", "朝阳区", "district")),
    ("朝阳区财政局", "长春市财政局", ("吉林省", "长春市", "朝阳区", "district")),
    # 和平区: 天津市 and 辽宁省沈阳市
    ("和平区教育局", "天津市教育委员会", ("天津市", "天津市", "和平区", "district")),
    ("和平区教育局", "沈阳市教育局", ("辽宁省", "沈阳市", "和平区", "district")),
    # 西湖区: 浙江省杭州市 and 江西省南昌市
    ("西湖区文化和旅游局", "杭州市文化广电旅游局", ("浙江省", "杭州市", "西湖区", "district")),
    ("西湖区文化和旅游局", "南昌市文化广电新闻出版旅游局", ("江西省", "南昌市", "西湖区", "district")),
    # the province alone is enough to choose
    ("西湖区财政局", "江西省财政厅", ("江西省", "南昌市", "西湖区", "district")),
    ("普陀区财政局", "浙江省财政厅", ("浙江省", "舟山市", "普陀区", "district")),
])
def test_repeated_district_names_are_placed_by_the_department(unit, department, expected):
    assert admin_of(unit, department) == expected


def test_the_unit_name_alone_still_places_itself():
    assert admin_of("江苏省苏州市吴江区教育局", None) == ("江苏省", "苏州市", "吴江区", "district")
    assert admin_of("南京市鼓楼区教育局", "江苏省教育厅") == ("江苏省", "南京市", "鼓楼区", "district")
    assert admin_of("合肥市财政局", None) == ("安徽省", "合肥市", None, "municipal")
    assert admin_of("上海市卫生健康统计中心", "上海市卫生健康委员会") == ("上海市", None, None, "province")
    assert admin_of("卫生事务管理中心", "上海市嘉定区卫生健康委员会") == ("上海市", "上海市", "嘉定区", "district")
    assert admin_of("某中心", None) == (None, None, None, None)


def test_a_bare_repeated_district_is_not_guessed():
    assert admin_of("普陀区卫生健康委员会", None) == (None, None, "普陀区", "district")
    assert admin_of("鼓楼区教育局", "鼓楼区人民政府") == (None, None, "鼓楼区", "district")
    # a district whose name is unique still gives its province and city
    assert admin_of("闵行区卫生健康委员会", None) == ("上海市", "上海市", "闵行区", "district")


def test_a_unit_that_names_another_province_keeps_its_own_place():
    assert admin_of("杭州市西湖区文化和旅游局", "上海市文化和旅游局") == ("浙江省", "杭州市", "西湖区", "district")


def test_admin_frame_adds_the_four_columns():
    units = pl.DataFrame({"unit_name": ["普陀区卫生健康委员会", None], "department_name": ["上海市卫生健康委员会", "南京市教育局"]})
    out = admin_frame(units)
    assert out.select("province", "city", "district", "admin_level").rows() == [
        ("上海市", "上海市", "普陀区", "district"), ("江苏省", "南京市", None, "municipal")]
