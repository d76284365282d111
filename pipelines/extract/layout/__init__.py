"""The layout engine: page models (words with boxes, rules, page size) from any source → form records.

geometry (words → cell blocks) → titles (where forms start) → header_zone (header fields,
funds) → indicator_table (header row, end, totals) → columns → rows → label_fit (merged
label cells) → continuation (rows across page breaks); reader walks the pages.
"""
from .geometry import Box, PageData, page_data
from .reader import DocumentReader, read_pages

__all__ = ["Box", "PageData", "page_data", "DocumentReader", "read_pages"]
