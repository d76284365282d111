"""How warehouse rows become files analysts open in Excel or WPS: CSV (UTF-8 with a BOM, so 中文 opens correctly
by double-click), xlsx (one sheet per table or view, header row frozen), Parquet — decided here.

Text a spreadsheet would run as a formula (first character = + - @, or a tab / carriage return) is
neutralised and stays readable: in CSV it gets a leading apostrophe ('=100%), in xlsx it is written as a
text cell with Excel's quote prefix, so the cell shows =100% exactly and is never evaluated. Numbers are not
touched: DECIMAL money is written exactly (21392300.00 in CSV, a number formatted #,##0.00 in xlsx).
Rows come from DuckDB as Arrow batches; DuckDB itself writes no file (the connection may have no file access).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_START = r"^[=+\-@\t\r]"
BOM = "\ufeff".encode("utf-8")
XLSX_MAX_ROWS = 1_048_575   # Excel's sheet limit, minus the header row
BATCH = 10_000


def neutralise(value: str) -> str:
    """'=A1' → "'=A1": the text a spreadsheet would evaluate, kept readable and made inert."""
    return "'" + value if value and value[0] in "=+-@\t\r" else value


def _neutralise_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    cols = []
    for col in batch.columns:
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            hit = pc.match_substring_regex(col, FORMULA_START)
            col = pc.if_else(hit, pc.binary_join_element_wise(pa.scalar("'"), col, ""), col)
        cols.append(col)
    return pa.RecordBatch.from_arrays(cols, schema=batch.schema)


def _reader(con, name: str) -> pa.RecordBatchReader:
    return con.sql(f'SELECT * FROM "{name}"').to_arrow_reader(BATCH)


def write_csv(con, name: str, path: Path) -> int:
    """UTF-8 CSV with a BOM and a header row; formula-like text neutralised. Returns the row count."""
    import pyarrow.csv as pacsv

    rows = 0
    reader = _reader(con, name)
    with open(path, "wb") as f:
        f.write(BOM)
        with pacsv.CSVWriter(f, reader.schema, write_options=pacsv.WriteOptions(include_header=True)) as w:
            for batch in reader:
                w.write_batch(_neutralise_batch(batch))
                rows += batch.num_rows
    return rows


def write_parquet(con, name: str, path: Path) -> int:
    import pyarrow.parquet as pq

    rows = 0
    reader = _reader(con, name)
    with pq.ParquetWriter(path, reader.schema, compression="zstd") as w:
        for batch in reader:
            w.write_batch(batch)
            rows += batch.num_rows
    return rows


def _xlsx_value(v):
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.astimezone(dt.timezone.utc).replace(tzinfo=None)   # Excel has no time zones: UTC
    return v


def write_xlsx(con, names: list[str], path: Path) -> dict[str, int]:
    """One workbook, one sheet per table or view (header row frozen, bold, autofilter). Returns rows per sheet."""
    import xlsxwriter

    counts: dict[str, int] = {}
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    try:
        head = wb.add_format({"bold": True, "bg_color": "#F4F6FA", "bottom": 1})
        quoted = wb.add_format({"quote_prefix": True})
        money = wb.add_format({"num_format": "#,##0.00"})
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for name in names:
            ws = wb.add_worksheet(name[:31])
            reader = _reader(con, name)
            fields = reader.schema
            for c, field in enumerate(fields):
                ws.write_string(0, c, field.name, head)
                width = 14 if pa.types.is_decimal(field.type) or pa.types.is_temporal(field.type) else 12
                ws.set_column(c, c, max(width, min(40, len(field.name) + 2)))
            ws.freeze_panes(1, 0)
            r = 0
            for batch in reader:
                for row in batch.to_pylist():
                    r += 1
                    if r > XLSX_MAX_ROWS:
                        raise ValueError(f"{name}: more than {XLSX_MAX_ROWS:,} rows do not fit one Excel sheet; "
                                         f"use --format csv or parquet")
                    for c, field in enumerate(fields):
                        v = _xlsx_value(row[field.name])
                        if v is None:
                            continue
                        if isinstance(v, str):
                            if v[:1] in ("=", "+", "-", "@", "\t", "\r"):
                                ws.write_string(r, c, v, quoted)
                            else:
                                ws.write_string(r, c, v)
                        elif isinstance(v, bool):
                            ws.write_boolean(r, c, v)
                        elif isinstance(v, dt.datetime):
                            ws.write_datetime(r, c, v, stamp)
                        elif isinstance(v, dt.date):
                            ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date)
                        elif isinstance(v, (int, float)):
                            ws.write_number(r, c, v, money if pa.types.is_decimal(field.type)
                                            and field.type.scale == 2 else None)
                        else:
                            ws.write_string(r, c, str(v))
            if fields:
                ws.autofilter(0, 0, max(r, 1), len(fields) - 1)
            counts[name] = r
    finally:
        wb.close()
    return counts

