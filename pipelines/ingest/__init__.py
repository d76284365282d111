"""Ingest: what is in the raw folder (inventory) and what was already extracted from it (record cache)."""
