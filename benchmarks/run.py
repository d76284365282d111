"""Run every `benchmarks/bench_*.py` module's `run()` in name order; each prints its own figures.

`python -m benchmarks.run [NAME ...]` runs only the named modules (e.g. `extract`).
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    wanted = {f"bench_{a.removeprefix('bench_')}" for a in argv}
    failed = 0
    for name in names:
        if wanted and name not in wanted:
            continue
        print(f"\n=== {name} ===", flush=True)
        t0 = time.perf_counter()
        try:
            importlib.import_module(f"benchmarks.{name}").run()
        except Exception as exc:  # one broken bench must not hide the others' figures
            failed += 1
            print(f"{name} failed: {exc!r}")
        print(f"({name}: {time.perf_counter() - t0:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
