"""What the reader keeps about the form it is reading.

Decides nothing; holds the open form's builder, its indicator columns, the parts of its
table read so far (one per page) and its funds table, for the page-walking reader.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..assemble import FormBuilder
from .columns import Column
from .label_fit import LabelCell
from .rows import Row


ROW_ROLES = {"level3", "target", "actual", "weight", "score", "note"}


VALUE_ROLES = ("target", "actual", "weight", "score", "note")


LABEL_ROLES = ("level1", "level2")


@dataclass
class Part:
    """The indicator rows of one form on one page."""

    page: int
    rows: list[Row]
    cells: dict[str, list[LabelCell]]
    continuation: bool


@dataclass
class FormState:
    builder: FormBuilder
    first_page: int
    last_page: int
    columns: list[Column] | None = None
    parts: list[Part] = field(default_factory=list)
    closed: bool = False  # 总分 / 评分等级 seen: the table is over
    fund_columns: list[Column] | None = None  # self-evaluation funds table (may run over a page break)
    fund_ops: list[tuple] = field(default_factory=list)  # applied at the end, once the money unit is known
    header_cut: dict = field(default_factory=dict)  # the lowest header value read so far (see header_zone)
