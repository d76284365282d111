"""Text exports of performance forms (.txt/.md) → form records.

Decides nothing itself: cuts the document into forms (`segments`) and reads each form
(`form`) in the shape it is printed in. The shapes, a module each:

- `flowing` — pdftotext text, one table row per line with space-separated cells, vertical labels
  broken over lines, wrapped cells (line shapes in `flow_lines`);
- `columns` — pdftotext -layout text: the column positions the spaces give (`layout_place` words to
  columns, `layout_rows` lines to rows, `layout_labels` merged labels to rows, `layout_header` labels
  broken inside their header cells); a scored table printed in row bands with its value columns packed
  a space apart is read as the stream of its lines' words instead (`layout_bands`, then `row_bands`);
- `tsv` — tab- or pipe-separated rows of document converters, with their artefacts;
- `cells` — pdftotext default mode of ruled tables, whose cells come as blocks in pdftotext's own
  order: the table's titles found (`cells`), the pieces after them classified (`cell_pieces`),
  a table printed column by column (word processors) read as its blocks (`column_blocks`), the last
  line of a wrapped name printed after its row's other cells joined back (`name_tails`), labels
  printed apart from every row spread by the wording of the names (`name_categories`),
  vertical category labels reassembled (`label_runs`), rows rebuilt from the streams (`cell_rows`)
  and labels given their spans (`label_rows`, by where each is printed: `label_spans`); the header zone before such a table read in block
  order (`flow_header`, values by kind in `header_values`, funds numbers in `funds_cells`).
  Word-processor exports print a table column by column: a block of names, then a block of targets
  (`column_blocks`), a wrapped name's last line after its row's other cells (`name_tails`), category
  labels apart from every row, spread by the wording of the names (`name_categories`), name values
  wrapped around their centred label (`wrapped_values`) and funds row labels broken around their
  numbers (`funds_labels`). Where pdftotext's order does not pair a name with its target: targets by
  kind (`target_kinds`), names with no target printed (`target_gaps`), labels printed out of the
  templates' order (`label_order`) — each choice a doubt. A scored table that a word processor printed
  in row bands (the provinces' one-table 自评表: cells centred in their rows, a row's one-line cells on
  its 分值/得分 line, wrapped cells straddling it) is read row by row around those lines (`row_bands`),
  its labels centred on their rows (`band_labels`), the outer 绩效指标 column spelled one character a
  line left out (`spelled_labels`). A scored table printed column block by column block in narrow
  columns, names wrapped every few glyphs among other columns' lines and the (actual, 分值, 得分) tuples
  in runs of their own, is read from those tuples (`scored_columns`).

Before that, labels that flowing text breaks over lines are joined (`broken`); the header zone of
every shape is read by `header` (in flowing text by `flow_header`, which places values printed in
pdftotext's block order by their kind, `header_values`, and the self-evaluation funds numbers by the
table's shape, `funds_cells`), the 总分 / 评分等级 lines by `totals`. Every shape reduces the indicator table to `rows.RowRec`s whose levels `rows.assign_levels`
decides; vertical label pieces become labels in `label_pieces`. Values are never invented: a
cell that is not printed stays null, and every choice the text forced is a doubt.
"""
from __future__ import annotations

from ..record import Form
from .broken import rejoin_broken_labels
from .layout_place import is_layout_text
from .form import parse_form
from .segments import find_forms


def extract_text(text: str, source: str) -> list[Form]:
    """Every form of one text export, in printed order (seq is set by the caller)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n").split("\n")
    if not is_layout_text(lines) and not any("\t" in ln for ln in lines):
        lines = rejoin_broken_labels(lines)
    forms = []
    for ftype, year, body, doubts in find_forms(lines):
        form = parse_form(ftype, year, body, source)
        form.doubts[:0] = doubts
        forms.append(form)
    return forms
