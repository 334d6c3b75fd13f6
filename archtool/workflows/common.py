"""Helpers shared by the workflows: element dumps, deterministic YAML, budgets, model folders."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Callable, Iterable

from archtool.output import atomic_write, json_dumps
from archtool.textnorm import fold, strip_diacritics
from archtool.vocab import BUDGET_SOURCES, COLLECTIONS, RELATIONS
from archtool.workflows import FlowError, yamlout
from archtool.workflows.schemas import editor_schema

#: the schema copies a model folder holds (a hidden folder: never read as part of the model)
LOCAL_SCHEMAS = {"manifest": ".archtool/manifest.schema.json", "elements": ".archtool/elements.schema.json"}


def schema_line(ref: str) -> str:
    """The comment that tells editors (YAML extension, yaml-language-server) which schema a file follows."""
    return f"# yaml-language-server: $schema={ref}\n"


def dump_element(el: Any) -> dict[str, Any]:
    """The element as plain data in schema field order, without defaults (what a user would write)."""
    return el.model_dump(mode="json", exclude_defaults=True)


#: the fields of an element's dump that hold element ids (a waiver's ``elements`` too)
REFERENCE_FIELDS = frozenset({r.field for r in RELATIONS.values()} | {"elements"})


def rewrite_references(data: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """An element's dump with the ids it holds (its own and its references) renamed by ``mapping``."""
    if not mapping:
        return data
    out = dict(data)
    for f, v in data.items():
        if f not in REFERENCE_FIELDS:
            continue
        if isinstance(v, str) and v != "province":
            out[f] = mapping.get(v, v)
        elif isinstance(v, list):
            out[f] = [({**x, "id": mapping.get(x["id"], x["id"])} if isinstance(x, dict) else mapping.get(x, x)) for x in v]
    if "id" in out and out["id"] in mapping:
        out["id"] = mapping[out["id"]]
    return out


def yaml_text(data: Any, header: str = "") -> str:
    """``data`` as YAML (the text ``yaml.safe_dump`` writes, see :mod:`archtool.workflows.yamlout`)."""
    return header + yamlout.dump(data)


def write_local_schemas(out: Path) -> list[Path]:
    """Put copies of the manifest and element-file schemas into a model folder, so editors complete
    and check fields offline (no URL to trust)."""
    written = []
    for which, ref in LOCAL_SCHEMAS.items():
        path = out / ref
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json_dumps(editor_schema(which)))
        written.append(path)
    return written


def write_model_files(out: Path, manifest: dict[str, Any], collections: dict[str, list[dict[str, Any]]],
                      header: str = "") -> list[Path]:
    """Write ``archtool.yaml``, one file per non-empty collection (fixed collection order) and the
    local schema copies; each file starts with the schema line of its kind, then ``header``."""
    out.mkdir(parents=True, exist_ok=True)
    write_local_schemas(out)
    written = [out / "archtool.yaml"]
    atomic_write(written[0], yaml_text(manifest, schema_line(LOCAL_SCHEMAS["manifest"]) + header))
    for kind in COLLECTIONS:
        items = collections.get(kind) or []
        if items:
            written.append(out / write_collection(out, kind, items, schema_line(LOCAL_SCHEMAS["elements"]) + header))
    return written


def write_collection(out: Path, kind: str, items: list[dict[str, Any]] | Callable[[], Iterable[dict[str, Any]]],
                     header: str = "", positions: dict[str, tuple[str, list[Any]]] | None = None) -> str:
    """Write ``<kind>.yaml`` into ``out``; returns its name. ``items``: the elements' dumps, or a
    function that makes them one by one (:func:`~archtool.workflows.yamlout.dump_collection`).
    With ``positions``, the name gets (SHA-256 of the file's bytes, the
    :data:`~archtool.workflows.yamlout.Position` of each element) when the writer knows them."""
    name = f"{kind}.yaml"
    where: dict[str, list[Any]] = {}
    wanted = where if positions is not None else None
    first = 1 + header.count("\n")
    text = header + (yamlout.dump({kind: items}, wanted, first) if isinstance(items, list) else
                     yamlout.dump_collection(kind, items, wanted, first))
    atomic_write(out / name, text)
    if positions is not None and kind in where:
        positions[name] = (hashlib.sha256(text.encode("utf-8")).hexdigest(), where[kind])
    return name


def budget_totals(projects: Iterable[Any]) -> dict[str, int]:
    totals = {s: 0 for s in BUDGET_SOURCES}
    for p in projects:
        for line in getattr(p, "budget", []) or []:
            totals[line.source] += line.amount
    return totals


def ensure_empty_dir(path: Path) -> None:
    """Refuse to write into a non-empty folder (a user's model must never be overwritten)."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FlowError(f"'{path}' đã tồn tại và không rỗng; chọn thư mục mới hoặc xóa nó trước. / "
                        f"'{path}' exists and is not empty; choose a new folder or remove it first.", 2)


def name_words(name: str) -> str:
    """A name as rapidfuzz's token_sort_ratio compares it (folded, its words sorted), made once:
    ``token_sort_ratio(a, b) == ratio(name_words(a), name_words(b))``."""
    return " ".join(sorted(fold(name).split()))


def slug(text: str, max_len: int = 60) -> str:
    """``Sở Khoa học và Công nghệ`` -> ``so-khoa-hoc-va-cong-nghe`` (a valid element id)."""
    s = re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-")
    s = s[:max_len].rstrip("-")
    return s or "x"
