"""Ingest domain: the raw-folder inventory, per-document extraction (dynamic partitions) and the raw-file sensor."""
import dagster as dg

from .assets import document_records, raw_documents, raw_inventory
from .sensors import extract_documents_job, raw_files_sensor

defs = dg.Definitions(
    assets=[raw_inventory, document_records],
    jobs=[extract_documents_job],
    sensors=[raw_files_sensor],
)

__all__ = ["defs", "raw_documents", "raw_inventory", "document_records"]
