"""Bounds on the caches' size: large result entries stored compressed, and the parse cache pruned
to a byte budget, least recently used first.

* :func:`pack` / :func:`unpack` — a result entry above :data:`COMPRESS_ABOVE` bytes is stored as
  zlib (a national model's 22 MB of findings become under 3 MB); decompression is bounded, so a
  planted entry cannot make archtool inflate gigabytes.
* :func:`prune` — deletes the least recently used entries of a cache folder beyond a byte budget.
  It looks only at regular files named like an archtool key (64 hex digits, in the folder their
  first two digits name when the cache has such folders) and never deletes an entry the running
  process read or wrote; anything else in the folder is left alone.

A cache entry's modification time is its last use: a hit refreshes it (:func:`touch`).
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path
from typing import Iterable

#: result entries larger than this are compressed (smaller ones stay on the fastest path)
COMPRESS_ABOVE = 1024 * 1024
#: zlib level 3: as small as level 6 within 25 %, compressed at level 1's speed, inflated faster
LEVEL = 3
#: an entry never inflates beyond this (marshal data of a model's findings is far below it)
MAX_INFLATED = 1024 * 1024 * 1024
_MAGIC = b"ATZ\x01"  # marshal data never starts with these bytes (its first byte is a type code)

#: the parse cache keeps at most this many bytes (or 8 times what the current run used, if more)
PARSE_CACHE_BYTES = 256 * 1024 * 1024
#: the result cache keeps at most this many bytes (the newest entries; at least the newest one)
RESULT_CACHE_BYTES = 64 * 1024 * 1024

KEY = re.compile(r"^[0-9a-f]{64}$")


def pack(blob: bytes) -> bytes:
    if len(blob) <= COMPRESS_ABOVE:
        return blob
    return _MAGIC + zlib.compress(blob, LEVEL)


def unpack(data: bytes) -> bytes:
    """The marshal data of an entry; raises ``ValueError`` when it is damaged or inflates too far."""
    if not data.startswith(_MAGIC):
        return data
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(memoryview(data)[len(_MAGIC):], MAX_INFLATED)
    except zlib.error as exc:
        raise ValueError(f"damaged cache entry: {exc}") from exc
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("cache entry inflates beyond the bound or is truncated")
    return out


def touch(path: Path) -> None:
    """Mark an entry as used now (its modification time orders the pruning)."""
    try:
        os.utime(path)
    except OSError:
        pass


def entries(root: Path, fanout: bool) -> list[tuple[int, int, Path]]:
    """``(modification time ns, size, path)`` of the regular files under ``root`` named like a key:
    directly in ``root``, or with ``fanout`` in the folder named by the key's first two digits."""
    found: list[tuple[int, int, Path]] = []
    folders: Iterable[tuple[Path, str | None]] = [(root, None)]
    if fanout:
        try:
            with os.scandir(root) as listing:
                folders = [(Path(e.path), e.name) for e in listing
                           if len(e.name) == 2 and e.is_dir(follow_symlinks=False)]
        except OSError:
            return found
    for folder, prefix in folders:
        try:
            with os.scandir(folder) as listing:
                for e in listing:
                    if KEY.match(e.name) and (prefix is None or e.name[:2] == prefix) and e.is_file(follow_symlinks=False):
                        st = e.stat(follow_symlinks=False)
                        found.append((st.st_mtime_ns, st.st_size, Path(e.path)))
        except OSError:
            continue
    return found


def prune(root: Path, budget: int, *, fanout: bool, keep: Iterable[str] = (), max_entries: int | None = None
          ) -> int:
    """Delete the least recently used entries under ``root`` until the rest hold at most
    ``budget`` bytes (and at most ``max_entries`` entries); entries named in ``keep`` (used by this
    run) are never deleted. Returns the number of bytes deleted; errors only stop the pruning."""
    kept = set(keep)
    listed = sorted(entries(root, fanout), key=lambda e: (-e[0], e[2].name))  # newest first
    total = count = freed = 0
    full = False  # once an entry does not fit, every older one goes (least recently used first)
    for _mtime, size, path in listed:
        if path.name in kept or count == 0 or (not full and total + size <= budget
                                               and (max_entries is None or count < max_entries)):
            total += size
            count += 1
            continue
        full = True
        try:
            path.unlink()
            freed += size
        except OSError:
            continue
    return freed
