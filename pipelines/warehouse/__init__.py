"""The DuckDB warehouse: its contract (read from sql/ddl), the atomic build of a new file, one writer at a time."""
