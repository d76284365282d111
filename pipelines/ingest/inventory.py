"""The inventory of the raw folder: every input file with its size, mtime and sha256.

A file's identity for the warehouse is its content (sha256): a changed file is a
new version, an unchanged one is not read again. Paths are stored relative to the
raw folder with '/' separators so that keys do not depend on where the folder lives.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.extract.guard import display_name, is_regular_file, outside_root

SUFFIXES = (".pdf", ".txt", ".md")

INVENTORY_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String,      # relative to the raw folder, '/' separated
    "size": pl.Int64,
    "mtime": pl.Int64,      # whole seconds (sub-second noise from copies/checkouts ignored)
    "sha256": pl.String,
    "kind": pl.String,      # 'pdf' | 'text' (by suffix; the guard decides for real)
}


@dataclass(frozen=True)
class RawFile:
    path: str
    size: int
    mtime: int
    sha256: str
    kind: str

    def absolute(self, raw_dir: Path) -> Path:
        return Path(raw_dir) / self.path


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def list_raw(raw_dir: Path) -> list[Path]:
    """Every readable-looking input under raw_dir (hidden files and folders skipped), sorted."""
    raw_dir = Path(raw_dir)
    out: list[Path] = []
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            out.append(Path(root) / name)
    return sorted(out, key=lambda p: p.relative_to(raw_dir).as_posix())


def scan(raw_dir: Path) -> list[RawFile]:
    """Inventory raw_dir: every input file with size, mtime and the sha256 of its content."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist; pass --raw with the folder of PDFs / text exports")
    files = [entry(raw_dir, p) for p in list_raw(raw_dir)]
    return [f for f in files if f is not None]


def entry(raw_dir: Path, p: Path) -> RawFile | None:
    """One inventory row for the file p under raw_dir; None when it vanished or cannot be read now."""
    try:
        st = p.stat()
    except FileNotFoundError:  # deleted while scanning
        return None
    except OSError:  # a symlink loop or an entry that cannot be stat'ed: listed unread, the guard says why
        st = p.lstat()
    rel = p.relative_to(raw_dir).as_posix()
    shown = display_name(rel)  # a name that is not UTF-8 cannot be stored: listed decoded, unread
    if shown is not None or outside_root(p, raw_dir) or not is_regular_file(p):
        rel = shown or rel
        # never opened (a FIFO blocks forever, a link may lead anywhere): listed so that the guard
        # refuses it with a message in load_log; keyed by its name since its bytes are not read
        sha = hashlib.sha256(f"unread:{rel}".encode()).hexdigest()
    else:
        try:
            sha = sha256_file(p)
        except FileNotFoundError:  # vanished: the next scan will see it again if it comes back
            return None
        except OSError:  # unreadable (permissions, I/O error): listed unread, so load_log says why
            sha = hashlib.sha256(f"unread:{rel}".encode()).hexdigest()
    kind = "pdf" if p.suffix.lower() == ".pdf" else "text"
    return RawFile(rel, st.st_size, int(st.st_mtime), sha, kind)


def to_frame(files: list[RawFile]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "path": [f.path for f in files],
            "size": [f.size for f in files],
            "mtime": [f.mtime for f in files],
            "sha256": [f.sha256 for f in files],
            "kind": [f.kind for f in files],
        },
        schema=INVENTORY_SCHEMA,
    )


def from_frame(df: pl.DataFrame) -> list[RawFile]:
    return [RawFile(**row) for row in df.iter_rows(named=True)]
