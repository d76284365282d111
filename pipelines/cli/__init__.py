"""The `jixiao` command line.

Each sibling module `*_cmd.py` owns one command group and exposes
`register(app: typer.Typer) -> None`; they are discovered here so commands stay
in separate files. Modules import heavy libraries (dagster, GX) inside their
command functions so that `jixiao --help` stays fast.
"""
from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="jixiao",
    help="Jixiao (绩效): extract budget-performance forms and query the DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("jixiao")
        except PackageNotFoundError:
            v = "unknown (not installed)"
        typer.echo(f"jixiao {v}")
        raise typer.Exit()


@app.callback()
def _main(
    _show_version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
) -> None:
    """Jixiao (绩效): extract budget-performance forms and query the DuckDB warehouse."""


for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.endswith("_cmd")):
    importlib.import_module(f"{__name__}.{_mod}").register(app)
