"""Ingest domain: per-document extraction (dynamic partitions), the raw-folder sensor and the refresh that follows it."""
import dagster as dg

from .assets import document_records, raw_documents
from .sensors import extract_documents_job, raw_files_sensor, refresh_after_extraction

defs = dg.Definitions(
    assets=[document_records],
    jobs=[extract_documents_job],
    sensors=[raw_files_sensor, refresh_after_extraction],
)

__all__ = ["defs", "raw_documents", "document_records"]
