"""Bounds on the caches' size: large result entries stored compressed, entries read within a size
bound, and cache folders pruned to a byte budget, least recently used first.

* :func:`pack` / :func:`unpack` — a result entry above :data:`COMPRESS_ABOVE` bytes is stored as
  zlib behind a header that says its inflated size (a national model's 22 MB of findings become
  under 3 MB). Inflating is bounded twice: never beyond :data:`MAX_ENTRY` bytes and never beyond
  :data:`MAX_RATIO` times the stored bytes, and an entry that inflates to anything but its declared
  size is damaged; so a planted entry cannot make archtool inflate gigabytes.
* :func:`read_entry` — an entry's bytes: a regular file of at most :data:`MAX_ENTRY` bytes (a FIFO,
  a device or a link to ``/dev/zero`` planted under an entry's name is a miss, not a hang).
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

from archtool.model.files import Limits, read_bounded

#: result entries larger than this are compressed (smaller ones stay on the fastest path)
COMPRESS_ABOVE = 1024 * 1024
#: zlib level 3: within 25 % of level 6's size at about level 1's speed (22 MB in ~0.2 s at 50k)
LEVEL = 3
#: no entry is stored, read or inflated beyond this size (a 50k model's findings take 22 MB)
MAX_ENTRY = 256 * 1024 * 1024
#: nor inflated beyond this many times its stored size (findings compress 8–10 times; zlib can 1000)
MAX_RATIO = 100
#: a compressed entry starts with these bytes: 0x00 is no marshal type code, so plain marshal data
#: (a result entry is a tuple: ``(`` or 0xa8) never does; then the inflated size, 8 bytes
_MAGIC = b"\x00ATZ"
_HEADER = len(_MAGIC) + 8

#: the parse cache keeps at most this many bytes (or 8 times what the current run used, if more)
PARSE_CACHE_BYTES = 256 * 1024 * 1024
#: the result cache keeps at most this many bytes (the newest entries; at least the newest one)
RESULT_CACHE_BYTES = 64 * 1024 * 1024

KEY = re.compile(r"^[0-9a-f]{64}$")


def pack(blob: bytes) -> bytes | None:
    """The bytes to store for the marshal data ``blob``: itself up to :data:`COMPRESS_ABOVE`, else
    compressed; None when it could not be read back within the bounds (not worth writing)."""
    if len(blob) <= COMPRESS_ABOVE:
        return blob
    if len(blob) > MAX_ENTRY:
        return None
    packed = _MAGIC + len(blob).to_bytes(8, "little") + zlib.compress(blob, LEVEL)
    return packed if len(blob) <= MAX_RATIO * len(packed) else None


def unpack(data: bytes) -> bytes:
    """The marshal data of a stored entry; raises ``ValueError`` when it is damaged or would
    inflate beyond the bounds (checked before inflating, and while inflating)."""
    if not data.startswith(_MAGIC):
        return data
    size = int.from_bytes(data[len(_MAGIC):_HEADER], "little")
    if len(data) <= _HEADER or not COMPRESS_ABOVE < size <= min(MAX_ENTRY, MAX_RATIO * len(data)):
        raise ValueError("damaged cache entry: its declared size is out of bounds")
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(memoryview(data)[_HEADER:], size)  # never more than `size` bytes
    except zlib.error as exc:
        raise ValueError(f"damaged cache entry: {exc}") from exc
    if len(out) != size or inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise ValueError("damaged cache entry: it does not inflate to its declared size")
    return out


def read_entry(path: Path) -> bytes | None:
    """The bytes of the entry at ``path``, or None (missing, not a regular file, too large)."""
    raw, _problems = read_bounded(path, path.name, Limits(max_file_size=MAX_ENTRY))
    return raw


def touch(path: Path) -> None:
    """Mark an entry as used now (its modification time orders the pruning)."""
    try:
        os.utime(path)
    except OSError:
        pass


def entries(root: Path, fanout: bool) -> list[tuple[int, int, Path]]:
    """``(modification time ns, size, path)`` of the regular files under ``root`` named like a key:
    directly in ``root``, or with ``fanout`` in the folder named by the key's first two digits
    (a folder that is a symbolic link is not entered)."""
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
    ``budget`` bytes (and at most ``max_entries`` entries); the newest entry and the entries named
    in ``keep`` (used by this run) are never deleted. Returns the number of bytes deleted; errors
    only stop the pruning of that entry."""
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
