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
)



@app.callback()
def _main() -> None:
    """Jixiao (绩效): extract budget-performance forms and query the DuckDB warehouse."""


for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.endswith("_cmd")):
    importlib.import_module(f"{__name__}.{_mod}").register(app)
