"""Parse cache and parallel reading of element files.

Reading a file (decode, YAML, schema validation) is a pure function of its bytes, its display
path and the size limit. The result is kept in the user's cache directory
(``platformdirs.user_cache_dir("archtool")`` or ``$ARCHTOOL_CACHE_DIR``) under a key that hashes
all of these together with a fingerprint of archtool's own code, so that:

* an entry is never trusted across archtool versions (or edits of its code);
* deleting the directory is always safe (the next run re-reads the files);
* a corrupted, truncated or foreign entry is ignored (treated as a miss);
* entries are written atomically (temporary file, then rename);
* entries cannot execute code: elements are stored with :mod:`marshal` (plain data only) and the
  few objects that need :mod:`pickle` (findings, waivers) are read by an unpickler that only
  accepts archtool's own data classes.

Large models are read by worker processes (``jobs``), which send back the same encoded form.
"""

from __future__ import annotations

import gc
import hashlib
import io
import marshal
import os
import pickle
import typing
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

FORMAT = 5  # bump when the encoding below changes
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, worker start-up costs more than it saves
PARALLEL_MIN_FILES = 4


# ---------------------------------------------------------------------------------------------
# the garbage collector


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    A model's data holds no reference cycles worth collecting while it is built, yet each of the
    hundreds of thousands of containers would trigger generation scans (2–3× slower parsing).
    Afterwards the survivors are moved to the permanent generation (``gc.freeze``) so later
    collections do not scan them again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


# ---------------------------------------------------------------------------------------------
# encoding a FileOut as plain data


def _nested_models() -> dict[str, dict[str, type]]:
    """For each collection: the fields whose values are (lists of) nested pydantic models."""
    from pydantic import BaseModel

    from archtool.model.schema import KIND_CLASSES

    def model_in(annotation: Any) -> type | None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        for arg in typing.get_args(annotation):
            found = model_in(arg)
            if found is not None:
                return found
        return None

    result: dict[str, dict[str, type]] = {}
    for key, cls in KIND_CLASSES.items():
        result[key] = {}
        for name, info in cls.model_fields.items():
            found = model_in(info.annotation)
            if found is not None:
                result[key][name] = found
    return result


class _Codec:
    """Encodes validated elements as marshal-able tuples and revives them without re-validating.

    Reviving sets exactly the state pydantic's own validation produced (``__dict__`` with every
    field, ``model_fields_set``, private attributes), so a revived element equals the original."""

    def __init__(self) -> None:
        from pydantic_core import PydanticUndefined

        from archtool.model.schema import KIND_CLASSES

        self.classes = KIND_CLASSES
        self.source_class = _source_class()
        self.nested = _nested_models()
        self.template: dict[str, dict[str, Any]] = {}
        self.factories: dict[str, list[tuple[str, Any]]] = {}
        for key, cls in KIND_CLASSES.items():
            self.template[key], self.factories[key] = self._defaults(cls, PydanticUndefined)

    @staticmethod
    def _defaults(cls: Any, undefined: Any) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
        template: dict[str, Any] = {}
        factories: list[tuple[str, Any]] = []
        for name, info in cls.model_fields.items():
            if info.default_factory is not None:
                factories.append((name, info.default_factory))
                template[name] = None
            else:
                template[name] = None if info.default is undefined else info.default
        return template, factories

    # -- encode ----------------------------------------------------------------------------------
    def encode_element(self, key: str, el: Any) -> tuple:
        if key == "waivers":  # holds a date: pickled, read back by the restricted unpickler
            return (key, _dumps(el))
        src = el._src
        keys = tuple(src.kpos)
        if set(keys) != el.model_fields_set:  # pragma: no cover - a valid element's keys are its fields
            raise ValueError("keys and fields differ")
        values = tuple(map(el.__dict__.__getitem__, keys))
        nested = self.nested[key]
        if nested:
            values = tuple(self._encode_nested(v) if k in nested else v for k, v in zip(keys, values))
        ifields = tuple((f, len(p)) for f, p in src.ipos.items())
        return (key, keys, values, src.line, src.col, ifields, _pack(src.kpos.values(), src.ipos.values()))

    @staticmethod
    def _encode_nested(value: Any) -> Any:
        """Nested models (dataset uses, budget lines, periods) are small: their whole state is kept."""
        if value is None:
            return None
        if isinstance(value, list):
            return [(v.__dict__, tuple(v.model_fields_set)) for v in value]
        return (value.__dict__, tuple(value.model_fields_set))

    # -- decode ----------------------------------------------------------------------------------
    def decode_element(self, rec: tuple, file: str) -> tuple[str, Any]:
        key = rec[0]
        if len(rec) == 2:
            return key, _loads(rec[1])
        PackedSource = self.source_class
        _k, keys, values, line, col, ifields, packed = rec
        cls = self.classes[key]
        el = _revive(cls, self.template[key], self.factories[key], keys, values)
        d = el.__dict__
        for name, sub in self.nested[key].items():
            value = d[name]
            if name in keys and value is not None:
                if isinstance(value, list):
                    d[name] = [_revive_whole(sub, *state) for state in value]
                else:
                    d[name] = _revive_whole(sub, *value)
        _setattr(el, "__pydantic_private__", {"_src": PackedSource(file, line, col, keys, ifields, packed),
                                              "_origin": ""})
        return key, el


def _revive(cls: Any, template: dict, factories: list, keys: Any, values: Any) -> Any:
    """A model instance with exactly the state validation gave it (all fields, fields set)."""
    d = template.copy()
    for name, factory in factories:
        d[name] = factory()
    d.update(zip(keys, values))
    return _revive_whole(cls, d, keys)


def _revive_whole(cls: Any, d: dict, fields_set: Any) -> Any:
    """A model instance with the given ``__dict__`` and fields set (no validation)."""
    el = _new(cls)
    _setattr(el, "__dict__", d)
    _setattr(el, "__pydantic_fields_set__", set(fields_set))
    _setattr(el, "__pydantic_extra__", None)
    _setattr(el, "__pydantic_private__", None)
    return el


_new = object.__new__


def _pack(kpos: Any, ipos: Any) -> bytes:
    from array import array

    nums = array("I")
    for pos in kpos:
        nums.extend(pos)
    for items in ipos:
        for pos in items:
            nums.extend(pos)
    return nums.tobytes()


def _source_class() -> type:
    from archtool.model.loader import Source

    class PackedSource(Source):
        """A :class:`Source` whose field positions stay packed until first used: most elements of a
        warm run are never named by a finding."""

        def __init__(self, file: str, line: int, col: int, keys: tuple, ifields: tuple, packed: bytes) -> None:
            self.file, self.line, self.col = file, line, col
            self._packed = (keys, ifields, packed)

        def __getattr__(self, name: str) -> Any:  # only for attributes not yet set: kpos, ipos
            packed = self.__dict__.pop("_packed", None)
            if packed is None or name not in ("kpos", "ipos"):
                raise AttributeError(name)
            from array import array

            keys, ifields, raw = packed
            nums = array("I")
            nums.frombytes(raw)
            it = iter(nums)
            pairs = list(zip(it, it))
            n = len(keys)
            self.kpos = dict(zip(keys, pairs[:n]))
            self.ipos = {}
            for field_name, count in ifields:
                self.ipos[field_name] = pairs[n:n + count]
                n += count
            return getattr(self, name)

        def __eq__(self, other: Any) -> bool:
            return isinstance(other, Source) and (self.file, self.line, self.col, self.kpos, self.ipos) == (
                other.file, other.line, other.col, other.kpos, other.ipos)

        __hash__ = None  # type: ignore[assignment]

        def __reduce__(self) -> Any:  # pickles as a plain Source
            return (Source, (self.file, self.line, self.col, self.kpos, self.ipos))

    return PackedSource


_setattr = object.__setattr__
_CODEC: _Codec | None = None


def _codec() -> _Codec:
    global _CODEC
    if _CODEC is None:
        _CODEC = _Codec()
    return _CODEC


def encode(out: Any, display: str) -> bytes:
    """``FileOut`` of the file ``display`` -> bytes (marshal of plain data; findings pickled)."""
    codec = _codec()
    elements = [codec.encode_element(k, el) for k, el in out.elements]
    if any(el._src.file != display for _k, el in out.elements):  # pragma: no cover - defensive
        raise ValueError("element from another file")
    return marshal.dumps((FORMAT, _dumps(out.findings), sorted(out.broken_ids), elements))


def decode(blob: bytes, display: str) -> Any:
    """bytes -> ``FileOut`` of the file ``display``; raises ``ValueError`` on anything unexpected."""
    from archtool.model.loader import FileOut

    try:
        fmt, findings, broken, elements = marshal.loads(blob)
        if fmt != FORMAT:
            raise ValueError("cache format")
        codec = _codec()
        return FileOut([codec.decode_element(rec, display) for rec in elements], _loads(findings), set(broken))
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage to an entry makes it a miss
        raise ValueError(f"damaged cache entry: {type(exc).__name__}") from exc


# ---------------------------------------------------------------------------------------------
# restricted pickle


_ALLOWED = {
    ("archtool.findings", "Finding"), ("archtool.findings", "Location"), ("archtool.i18n", "L"),
    ("archtool.model.loader", "Source"), ("archtool.model.schema", "Waiver"), ("datetime", "date"),
    ("builtins", "set"), ("builtins", "frozenset"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def _dumps(obj: Any) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


# ---------------------------------------------------------------------------------------------
# the cache directory


def _code_fingerprint() -> str:
    """Hash of archtool's version and of its Python sources: an entry written by another version
    (or an edited checkout) never matches."""
    from archtool import __version__

    h = hashlib.sha256(f"archtool {__version__} format {FORMAT}".encode())
    pkg = Path(__file__).resolve().parent
    for sub, pattern in (("", "*.py"), ("model", "*.py"), ("rules", "*.py"), ("i18n", "*.py"),
                         ("catalogs", "*.py"), ("catalogs/data", "*.y*ml")):
        folder = pkg / sub
        for p in sorted(folder.glob(pattern)):
            h.update(f"{sub}/{p.name}".encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def default_dir() -> Path:
    env = os.environ.get("ARCHTOOL_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("archtool"))


class ParseCache:
    """Entries ``<dir>/parse-v<FORMAT>/<2 hex>/<key>``; safe to delete at any time."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.dir = Path(directory) if directory is not None else default_dir()
        self.root = self.dir / f"parse-v{FORMAT}"
        self.salt = _code_fingerprint().encode()
        self.hits = 0
        self.misses = 0

    def key(self, raw: bytes, display: str, max_file_size: int) -> str:
        h = hashlib.sha256(self.salt)
        h.update(f"\0{display}\0{max_file_size}\0".encode())
        h.update(raw)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str, display: str) -> Any:
        try:
            blob = self._path(key).read_bytes()
        except OSError:
            return None
        try:
            return decode(blob, display)
        except ValueError:
            return None

    def put(self, key: str, blob: bytes) -> None:
        """Store an entry; a cache that cannot be written is silently skipped."""
        from archtool.fsio import atomic_write

        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, blob)
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------
# the result cache: the findings of a check whose inputs are all unchanged


RESULT_ENTRIES_KEPT = 16  # the newest entries are kept; older ones are deleted when one is added


class ResultCache:
    """The findings of a whole check, keyed by everything they depend on: archtool's code and
    bundled catalogs (the fingerprint), the path and bytes of every file read (model, baselines,
    user catalogs — see archtool/inputs.py), the user catalog paths, the reference date and the
    rules selected. Re-checking a model whose files are all unchanged (a second CI step, a pre-commit
    hook, ``build`` after ``check``) then skips the rules; any edit misses and runs them in full.

    Entries ``<dir>/check-v<FORMAT>/<key>`` hold plain data (:mod:`marshal`), messages in both
    languages; only the newest :data:`RESULT_ENTRIES_KEPT` are kept."""

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
        try:
            blob = (self.root / key).read_bytes()
        except OSError:
            return None
        try:
            with no_gc():  # tens of thousands of small containers, no cycles
                fmt, count, findings, waived = marshal.loads(blob)
                if fmt != FORMAT or not isinstance(count, int):
                    return None
                return count, [_revive_finding(r) for r in findings], [_revive_finding(r) for r in waived]
        except Exception:  # noqa: BLE001 - any damage to an entry makes it a miss
            return None

    def put(self, key: str, count: int, findings: list[Any], waived: list[Any]) -> None:
        """Store an entry (silently skipped when the findings hold a value marshal cannot store, or
        the cache cannot be written) and delete the oldest beyond :data:`RESULT_ENTRIES_KEPT`."""
        from archtool.fsio import atomic_write

        try:
            blob = marshal.dumps((FORMAT, count, [_finding_record(f) for f in findings],
                                  [_finding_record(f) for f in waived]))
        except ValueError:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write(self.root / key, blob)
            entries = sorted(self.root.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in entries[RESULT_ENTRIES_KEPT:]:
                old.unlink()
        except OSError:
            pass


def _finding_record(f: Any) -> tuple:
    loc = f.location
    sug = f.suggestion
    return (f.rule, f.category, f.severity, f.message.vi, f.message.en, list(f.elements),
            (loc.file, loc.line, loc.column) if loc is not None else None, f.citation,
            (sug.vi, sug.en) if sug is not None else None,
            list(f.capabilities) if f.capabilities is not None else None, f.details, f.fingerprint)


def _revive_finding(rec: tuple) -> Any:
    from archtool.findings import Finding, Location
    from archtool.i18n import L

    rule, category, severity, vi, en, elements, loc, citation, sug, caps, details, fingerprint = rec
    f = Finding(rule=rule, category=category, severity=severity, message=L(vi, en), elements=elements,
                location=Location(*loc) if loc is not None else None, citation=citation,
                suggestion=L(*sug) if sug is not None else None, capabilities=caps, details=details)
    f.__dict__["fingerprint"] = fingerprint  # as computed when stored (a cached property)
    return f


# ---------------------------------------------------------------------------------------------
# reading the element files of a model


def _work(raw: bytes, display: str) -> bytes | None:
    """Worker-process job: parse and validate, return the encoded result (None: not encodable,
    the calling process parses the file itself)."""
    from archtool.model.loader import element_file

    with no_gc():
        try:
            return encode(element_file(raw, display), display)
        except ValueError:  # pragma: no cover - a value marshal cannot hold
            return None


def read_files(paths: list[Path], displays: list[str], limits: Any, cache: ParseCache | None,
               jobs: int = 1) -> list[Any]:
    """``FileOut`` for each path, in order: from the cache when the bytes are unchanged, else by
    parsing (in ``jobs`` worker processes when the misses are large enough to pay for them)."""
    from archtool.model.loader import FileOut, _read_raw

    results: list[Any] = [None] * len(paths)
    todo: list[tuple[int, bytes, str | None]] = []
    for i, (path, display) in enumerate(zip(paths, displays)):
        raw, problems = _read_raw(path, display, limits)
        if raw is None:
            results[i] = FileOut([], problems, set())
            continue
        key = cache.key(raw, display, limits.max_file_size) if cache is not None else None
        hit = cache.get(key, display) if key is not None else None
        if hit is not None:
            cache.hits += 1
            results[i] = hit
            continue
        if cache is not None:
            cache.misses += 1
        todo.append((i, raw, key))
    size = sum(len(raw) for _i, raw, _k in todo)
    if jobs > 1 and len(todo) >= PARALLEL_MIN_FILES and size >= PARALLEL_MIN_BYTES:
        _parallel(todo, displays, jobs, results, cache)
        return results
    for i, raw, key in todo:
        _parse_here(i, raw, key, displays, results, cache)
    return results


def _parse_here(i: int, raw: bytes, key: str | None, displays: list[str], results: list[Any],
                cache: ParseCache | None) -> None:
    from archtool.model.loader import element_file

    out = element_file(raw, displays[i])
    results[i] = out
    if key is not None:
        try:
            blob = encode(out, displays[i])
        except ValueError:  # pragma: no cover - a value marshal cannot hold: not cached
            return
        cache.put(key, blob)


def _parallel(todo: list[tuple[int, bytes, str | None]], displays: list[str], jobs: int,
              results: list[Any], cache: ParseCache | None) -> None:
    """``jobs - 1`` worker processes take the files from the largest down while this process takes
    them from the smallest up (cancelling those not yet started), so no core idles and only the
    workers' share pays for encoding and decoding."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method)
    order = sorted(todo, key=lambda item: -len(item[1]))
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=ctx) as pool:
        futures = [pool.submit(_work, raw, displays[i]) for i, raw, _key in order]
        for n in range(len(order) - 1, -1, -1):
            if not futures[n].cancel():
                break
            i, raw, key = order[n]
            _parse_here(i, raw, key, displays, results, cache)
        for (i, _raw, key), fut in zip(order, futures):
            if fut.cancelled():
                continue
            blob = fut.result()
            if blob is None:  # pragma: no cover
                _parse_here(i, _raw, key, displays, results, cache)
                continue
            results[i] = decode(blob, displays[i])
            if key is not None:
                cache.put(key, blob)


def default_jobs() -> int:
    """Worker processes for ``--jobs 0``: the cores not busy right now, at least 1, at most 8.

    "Busy" is the number of runnable tasks the kernel reports at this instant (``/proc/loadavg``,
    4th field, minus this process), not the one-minute load average, which still counts the
    previous run of archtool itself when checks follow each other. On a machine whose other cores
    are taken, workers would only add transfer cost. Elsewhere: the load average."""
    cpus = min(os.cpu_count() or 1, 8)
    busy = _runnable_now()
    if busy is None:
        try:
            busy = os.getloadavg()[0]
        except (OSError, AttributeError):  # pragma: no cover - no load average on this platform
            busy = 0.0
    return max(1, min(cpus, int(cpus - busy + 0.5)))


def _runnable_now() -> float | None:
    """Runnable tasks other than this process (Linux), or None where unknown."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            running = fh.read().split()[3].split("/")[0]
        return max(0.0, float(int(running) - 1))
    except (OSError, ValueError, IndexError):
        return None
