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
        ocr: str = typer.Option("auto", "--ocr", help="OCR of PDF pages: never, auto (pages without a text layer) "
                                                      "or always."),
    ) -> None:
        """Extract every form of one document and print its records as JSON (UTF-8)."""
        from pipelines.extract.document import extract_document
        from pipelines.extract.ocr import OCR_MODES
        from pipelines.extract.record import ExtractionError

        if ocr not in OCR_MODES:
            typer.echo(f"error: --ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}", err=True)
            raise typer.Exit(2)
        if not path.exists():
            typer.echo(f"error: {path}: the file does not exist", err=True)
            raise typer.Exit(2)
        try:
            record = extract_document(path, ocr=ocr)
        except ExtractionError as exc:
            message = str(exc)
            if exc.kind == "not_a_form" and path.suffix.lower() == ".pdf" and not _starts_like_pdf(path):
                message = (f"{path}: not a PDF (no %PDF- header; it holds text) and its text has no "
                           "budget-performance form")
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(2)
        typer.echo(record.to_json(indent=None if compact else 1))


def _starts_like_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)
