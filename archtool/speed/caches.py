"""The two caches, both in the user's cache folder (``platformdirs.user_cache_dir("archtool")`` or
``$ARCHTOOL_CACHE_DIR``) and both safe to delete at any time:

* :class:`ParseCache` — a file's parse result, keyed by its bytes, its display path and the size
  limit (reading a file is a pure function of these);
* :class:`ResultCache` — the findings of a whole check, keyed by everything they depend on.

Keys include a fingerprint of archtool's own code, of every installed distribution's version and
of the Python running it, so an entry is never trusted across versions (or edits of a checkout, or
an upgraded dependency); a result-cache entry carries its key and is a miss under any other key; a
corrupted, truncated or foreign entry is a miss; entries are written atomically; pruning deletes
only files archtool named. In CI (``CI`` set) the result cache is off unless
``ARCHTOOL_RESULT_CACHE=1``: CI caches are shared across branches and pull requests.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

import archtool
from archtool.output import atomic_write
from archtool.speed import bounds, no_gc
from archtool.speed.codec import FORMAT, decode, finding_record, revive_finding


def _code_fingerprint() -> str:
    """Hash of archtool's version and Python sources, of the Python running it and of the versions
    of the distributions installed beside it: an entry written by another version (or an edited
    checkout, another Python, an upgraded pydantic or PyYAML) never matches."""
    h = hashlib.sha256(f"archtool {archtool.__version__} format {FORMAT}".encode())
    h.update(_installation_digest())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _installation_digest() -> bytes:
    """What does not change while a process runs (computed once: both caches need it)."""
    h = hashlib.sha256(f"python {sys.version} {sys.platform} {sys.implementation.cache_tag}".encode())
    for name, version in installed_distributions():
        h.update(f"\0{name}={version}".encode("utf-8", "surrogatepass"))
    pkg = Path(__file__).resolve().parents[1]
    files = [*pkg.rglob("*.py"), *(pkg / "catalogs" / "data").glob("*.y*ml")]
    for p in sorted(files, key=lambda p: p.relative_to(pkg).as_posix()):
        h.update(b"\0" + p.relative_to(pkg).as_posix().encode() + b"\0")
        h.update(p.read_bytes())
    return h.digest()


_DIST = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+?)(?:-py[^-]*)?\.(?:dist|egg)-info$", re.I)


def installed_distributions() -> list[tuple[str, str]]:
    """(name, version) of every distribution Python would import first, from the names of the
    ``*.dist-info`` / ``*.egg-info`` folders on ``sys.path`` (one listing per entry: reading
    ``importlib.metadata`` costs a tenth of a second at start-up). Every installed distribution
    counts, archtool's dependencies (and theirs) among them."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for n in sorted(names):
            m = _DIST.match(n)
            if m:
                found.setdefault(m["name"].lower().replace("_", "-"), m["version"])
    return sorted(found.items())


def result_cache_wanted(env: "os._Environ[str] | dict[str, str]" = os.environ) -> bool:
    """The result cache is on unless in CI: ``CI`` set (``true``, ``1``…) turns it off, because a CI
    cache folder is shared across branches and pull requests and an entry planted by one would answer
    for another. ``ARCHTOOL_RESULT_CACHE=1`` turns it on anyway (``0`` turns it off anywhere)."""
    asked = env.get("ARCHTOOL_RESULT_CACHE", "").strip().lower()
    if asked in ("1", "true", "yes", "on"):
        return True
    if asked in ("0", "false", "no", "off"):
        return False
    return env.get("CI", "").strip().lower() in ("", "0", "false", "no")


def default_dir() -> Path:
    env = os.environ.get("ARCHTOOL_CACHE_DIR")
    if env:
        return Path(env)
    return Path(user_cache_dir("archtool"))


class ParseCache:
    """Entries ``<dir>/parse-v<FORMAT>/<2 hex>/<key>``; safe to delete at any time."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.dir = Path(directory) if directory is not None else default_dir()
        self.root = self.dir / f"parse-v{FORMAT}"
        self.salt = _code_fingerprint().encode()
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()  # entries this run read or wrote (never pruned by it)
        self.used_bytes = 0
        self.written = False

    def key(self, raw: bytes, display: str, max_file_size: int) -> str:
        h = hashlib.sha256(self.salt)
        h.update(f"\0{display}\0{max_file_size}\0".encode())
        h.update(raw)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str, display: str) -> Any:
        path = self._path(key)
        blob = bounds.read_entry(path)
        if blob is None:
            return None
        try:
            out = decode(blob, display)
        except ValueError:
            return None
        self._use(key, len(blob))
        bounds.touch(path)
        return out

    def _use(self, key: str, size: int) -> None:
        if key not in self.used:
            self.used.add(key)
            self.used_bytes += size

    def put(self, key: str, blob: bytes) -> None:
        """Store an entry; a cache that cannot be written is silently skipped."""
        path = self._path(key)
        if len(blob) > bounds.MAX_ENTRY:  # could not be read back
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, blob)
        except OSError:
            return
        self._use(key, len(blob))
        self.written = True

    def prune(self) -> None:
        """After a load that wrote entries: delete the least recently used entries beyond
        :data:`~archtool.speed.bounds.PARSE_CACHE_BYTES` (or 8 times what this load used, if more),
        never one this load used."""
        if self.written:
            bounds.prune(self.root, max(bounds.PARSE_CACHE_BYTES, 8 * self.used_bytes), fanout=True, keep=self.used)
            self.written = False


# ---------------------------------------------------------------------------------------------
# the result cache: the findings of a check whose inputs are all unchanged


RESULT_ENTRIES_KEPT = 16  # the newest entries are kept; older ones are deleted when one is added


class ResultCache:
    """The findings of a whole check, keyed by everything they depend on: archtool's code and
    bundled catalogs (the fingerprint), the path and bytes of every file read (model, baselines,
    user catalogs — the readers' notes), the user catalog paths, the reference date and the
    rules selected. Re-checking a model whose files are all unchanged (a second CI step, a pre-commit
    hook, ``build`` after ``check``) then skips the rules; any edit misses and runs them in full.

    Entries ``<dir>/check-v<FORMAT>/<key>`` hold plain data (:mod:`marshal`), messages in both
    languages, and their own key: an entry found under another name (copied, planted, misplaced)
    is a miss. Only the newest :data:`RESULT_ENTRIES_KEPT` entries are kept; pruning looks only at
    regular files named like a key (64 hex digits) and leaves anything else in the folder alone."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.dir = Path(directory) if directory is not None else default_dir()
        self.root = self.dir / f"check-v{FORMAT}"
        self.salt = _code_fingerprint().encode()

    def key(self, reads: list[tuple[str, str]], **context: Any) -> str:
        h = hashlib.sha256(self.salt)
        for path, digest in reads:
            h.update(f"\0{path}\0{digest}".encode("utf-8", "surrogatepass"))
        h.update(("\1" + repr(sorted(context.items()))).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str) -> tuple[int, list[Any], list[Any]] | None:
        """``(element count, findings, waived)`` or None (a miss; so is a damaged or foreign entry)."""
        blob = bounds.read_entry(self.root / key)
        if blob is None:
            return None
        try:
            with no_gc():  # tens of thousands of small containers, no cycles
                fmt, stored_key, count, findings, waived = marshal.loads(bounds.unpack(blob))
                if fmt != FORMAT or stored_key != key or not isinstance(count, int):
                    return None
                hit = count, [revive_finding(r) for r in findings], [revive_finding(r) for r in waived]
        except Exception:  # noqa: BLE001 - any damage to an entry makes it a miss
            return None
        bounds.touch(self.root / key)
        return hit

    def put(self, key: str, count: int, findings: list[Any], waived: list[Any]) -> None:
        """Store an entry (silently skipped when the findings hold a value marshal cannot store, or
        the cache cannot be written) and delete the least recently used beyond :data:`RESULT_ENTRIES_KEPT`
        entries or :data:`~archtool.speed.bounds.RESULT_CACHE_BYTES` bytes (entries above a megabyte
        are stored compressed)."""
        try:
            blob = marshal.dumps((FORMAT, key, count, [finding_record(f) for f in findings],
                                  [finding_record(f) for f in waived]))
        except ValueError:
            return
        stored = bounds.pack(blob)
        if stored is None:  # beyond what an entry may inflate to: not worth writing
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write(self.root / key, stored)
            bounds.prune(self.root, bounds.RESULT_CACHE_BYTES, fanout=False, keep=[key], max_entries=RESULT_ENTRIES_KEPT)
        except OSError:
            pass


