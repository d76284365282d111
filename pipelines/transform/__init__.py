"""polars transforms: form records → staging frames → the star schema (keys, vocabulary, regions)."""
