"""Pure extraction: a document (PDF or text export) → form records. No Dagster here."""
from .record import EXTRACTOR_VERSION, DocumentRecord, ExtractionError, Form  # noqa: F401
