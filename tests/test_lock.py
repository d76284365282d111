"""uv.lock belongs to this pyproject.toml: `make setup` installs from it with `uv sync --frozen`, which does not
look at pyproject.toml, so a dependency added there without re-locking (`make lock`) fails here instead of being
silently left out of every fresh set-up."""
from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _key(name: str, extras, specifier: str, marker: str | None) -> tuple:
    return (canonicalize_name(name), frozenset(extras), SpecifierSet(specifier or ""), str(Marker(marker)) if marker else "")


def test_the_lock_records_exactly_the_requirements_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = set()
    for extra, reqs in [(None, project["dependencies"]), *project.get("optional-dependencies", {}).items()]:
        for text in reqs:
            r = Requirement(text)
            marker = str(r.marker) if r.marker else None
            if extra:
                marker = f"({marker}) and extra == '{extra}'" if marker else f"extra == '{extra}'"
            wanted.add(_key(r.name, r.extras, str(r.specifier), marker))
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    me = next(p for p in lock["package"] if p["name"] == project["name"])
    locked = {_key(d["name"], d.get("extras", ()), d.get("specifier", ""), d.get("marker"))
              for d in me["metadata"]["requires-dist"]}
    assert lock["requires-python"].replace(" ", "") == project["requires-python"].replace(" ", ""), \
        "requires-python changed: run `make lock`"
    assert wanted == locked, ("uv.lock is stale, run `make lock` (uv lock) and commit uv.lock — "
                              f"only in pyproject: {sorted(map(str, wanted - locked))}; "
                              f"only in the lock: {sorted(map(str, locked - wanted))}")
