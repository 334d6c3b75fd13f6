"""Encoding a file's parse result (:class:`~archtool.model.files.FileOut`) and a run's findings as
plain data, and reviving them without re-validating.

Elements are stored with :mod:`marshal` (plain data only); the few objects that need :mod:`pickle`
(findings of a file, waivers) are read by an unpickler that only accepts archtool's own data
classes, so a cache entry can never execute code.
"""

from __future__ import annotations

import io
import marshal
import pickle
import typing
from array import array
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from archtool.findings import Finding, Location
from archtool.i18n import L
from archtool.model.architecture import Source
from archtool.model.files import FileOut
from archtool.model.schema import KIND_CLASSES

FORMAT = 6  # bump when the encoding below changes



def _nested_models() -> dict[str, dict[str, type]]:
    """For each collection: the fields whose values are (lists of) nested pydantic models."""
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
    nums = array("I")
    for pos in kpos:
        nums.extend(pos)
    for items in ipos:
        for pos in items:
            nums.extend(pos)
    return nums.tobytes()


def _source_class() -> type:
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
    ("archtool.model.architecture", "Source"), ("archtool.model.schema", "Waiver"), ("datetime", "date"),
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



def finding_record(f: Any) -> tuple:
    loc = f.location
    sug = f.suggestion
    return (f.rule, f.category, f.severity, f.message.vi, f.message.en, list(f.elements),
            (loc.file, loc.line, loc.column) if loc is not None else None, f.citation,
            (sug.vi, sug.en) if sug is not None else None,
            list(f.capabilities) if f.capabilities is not None else None, f.details, f.fingerprint)


def revive_finding(rec: tuple) -> Any:
    rule, category, severity, vi, en, elements, loc, citation, sug, caps, details, fingerprint = rec
    f = Finding(rule=rule, category=category, severity=severity, message=L(vi, en), elements=elements,
                location=Location(*loc) if loc is not None else None, citation=citation,
                suggestion=L(*sug) if sug is not None else None, capabilities=caps, details=details)
    f.__dict__["fingerprint"] = fingerprint  # as computed when stored (a cached property)
    return f

