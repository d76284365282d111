"""`jixiao extract PATH`: print a document's form records as the JSON of form-record.md."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        path: Path = typer.Argument(..., help="A PDF, or a text export (.txt/.md) of one."),
        compact: bool = typer.Option(False, "--compact", help="One line of JSON instead of indented."),
        json_: bool = typer.Option(True, "--json/--no-json", help="JSON output (the only format; kept for the contract)."),
    ) -> None:
        """Extract every form of one document and print its records as JSON (UTF-8)."""
        from pipelines.extract.document import extract_document
        from pipelines.extract.record import ExtractionError

        try:
            record = extract_document(path)
        except ExtractionError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)
        typer.echo(record.to_json(indent=None if compact else 1))
