"""The inventory of the raw folder: every input file with its size, mtime and sha256, and every folder
that could not be listed.

A file's identity for the warehouse is its content (sha256): a changed file is a
new version, an unchanged one is not read again. Paths are stored relative to the
raw folder with '/' separators so that keys do not depend on where the folder lives.

A folder that cannot be listed (permissions, a dropped mount, an I/O error) is not
"empty": it is reported in `Inventory.unreadable` so that the load keeps what it
published from it instead of counting its files as deleted. A file over the size
limit is not hashed (a 50 GB sparse file would take minutes): it is keyed by its
name, size and mtime and the guard refuses it.
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
    "hashed": pl.Boolean,   # False: the bytes were not read (sha256 is a stand-in key; the guard refuses it)
}


@dataclass(frozen=True)
class UnreadableFolder:
    path: str       # relative to the raw folder, '/' separated ('.' for the raw folder itself)
    error: str      # the operating system's reason


@dataclass(frozen=True)
class RawFile:
    path: str
    size: int
    mtime: int
    sha256: str
    kind: str
    hashed: bool = True

    def absolute(self, raw_dir: Path) -> Path:
        return Path(raw_dir) / self.path


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


@dataclass
class Inventory:
    files: list[RawFile]
    unreadable: list[UnreadableFolder]


def list_raw(raw_dir: Path, unreadable: list[UnreadableFolder] | None = None) -> list[Path]:
    """Every readable-looking input under raw_dir (hidden files and folders skipped), sorted.
    Folders that cannot be listed are appended to `unreadable` when given (else skipped)."""
    raw_dir = Path(raw_dir)
    out: list[Path] = []

    def failed(exc: OSError) -> None:
        if unreadable is not None:
            where = Path(exc.filename or raw_dir)
            rel = where.relative_to(raw_dir).as_posix() if where != raw_dir else "."
            unreadable.append(UnreadableFolder(rel, exc.strerror or str(exc)))

    for root, dirs, files in os.walk(raw_dir, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            out.append(Path(root) / name)
    return sorted(out, key=lambda p: p.relative_to(raw_dir).as_posix())


def take(raw_dir: Path, max_bytes: int | None = None) -> Inventory:
    """Inventory raw_dir: every input file with size, mtime and the sha256 of its content (files over
    max_bytes are not hashed), and the folders that could not be listed."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist; pass --raw with the folder of PDFs / text exports")
    unreadable: list[UnreadableFolder] = []
    files = [entry(raw_dir, p, max_bytes) for p in list_raw(raw_dir, unreadable)]
    return Inventory([f for f in files if f is not None], sorted(set(unreadable), key=lambda u: u.path))


def scan(raw_dir: Path, max_bytes: int | None = None) -> list[RawFile]:
    """The files of `take` (for callers that do not care about unreadable folders)."""
    return take(raw_dir, max_bytes).files


def unread_key(rel: str, *extra: object) -> str:
    """The stand-in sha256 of a file whose bytes are not read (keyed by its name and what is known of it)."""
    return hashlib.sha256("\t".join(["unread", rel, *map(str, extra)]).encode()).hexdigest()


def entry(raw_dir: Path, p: Path, max_bytes: int | None = None) -> RawFile | None:
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
        sha, hashed = unread_key(rel), False
    elif max_bytes is not None and st.st_size > max_bytes:
        # over the size limit: never hashed (the guard refuses it by its size); a new size or mtime is a new key
        sha, hashed = unread_key(rel, st.st_size, int(st.st_mtime)), False
    else:
        try:
            sha, hashed = sha256_file(p), True
        except FileNotFoundError:  # vanished: the next scan will see it again if it comes back
            return None
        except OSError:  # unreadable (permissions, I/O error): listed unread, so load_log says why
            sha, hashed = unread_key(rel), False
    kind = "pdf" if p.suffix.lower() == ".pdf" else "text"
    return RawFile(rel, st.st_size, int(st.st_mtime), sha, kind, hashed)


def to_frame(files: list[RawFile]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "path": [f.path for f in files],
            "size": [f.size for f in files],
            "mtime": [f.mtime for f in files],
            "sha256": [f.sha256 for f in files],
            "kind": [f.kind for f in files],
            "hashed": [f.hashed for f in files],
        },
        schema=INVENTORY_SCHEMA,
    )


def from_frame(df: pl.DataFrame) -> list[RawFile]:
    return [RawFile(**row) for row in df.iter_rows(named=True)]
