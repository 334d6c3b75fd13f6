"""Helpers shared by the workflows: element dumps, deterministic YAML, money, tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from archtool import jsontext
from archtool.model.schema import BUDGET_SOURCES, COLLECTIONS

SOURCE_NAMES = {
    "central": ("Ngân sách trung ương", "Central budget"),
    "local": ("Ngân sách địa phương", "Local budget"),
    "private": ("Doanh nghiệp, xã hội hóa", "Private, socialization"),
    "oda": ("Vốn ODA", "ODA"),
    "other": ("Nguồn khác", "Other"),
}
BILLION = 1_000_000_000


class FlowError(Exception):
    """A workflow cannot run (bad input the user must fix); carries the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def dump_element(el: Any) -> dict[str, Any]:
    """The element as plain data in schema field order, without defaults (what a user would write)."""
    return el.model_dump(mode="json", exclude_defaults=True)


def yaml_text(data: Any, header: str = "") -> str:
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return header + body


LOCAL_SCHEMA = ".archtool/model.schema.json"  # hidden folder: never read as part of the model
SCHEMA_LINE = f"# yaml-language-server: $schema={LOCAL_SCHEMA}\n"


def write_local_schema(out: Path) -> Path:
    """Put a copy of the JSON Schema into a model folder so editors complete fields offline."""
    
    from archtool.fsio import atomic_write
    from archtool.model.schema import json_schema

    path = out / LOCAL_SCHEMA
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, jsontext.dumps(json_schema()))
    return path


def write_model_files(out: Path, manifest: dict[str, Any], collections: dict[str, list[dict[str, Any]]],
                      header: str = "") -> list[Path]:
    """Write ``archtool.yaml``, one file per non-empty collection (fixed collection order) and the
    local schema copy that ``header``'s schema line may point at."""
    from archtool.fsio import atomic_write

    out.mkdir(parents=True, exist_ok=True)
    write_local_schema(out)
    written = [out / "archtool.yaml"]
    atomic_write(written[0], yaml_text(manifest, header))
    for kind in COLLECTIONS:
        items = collections.get(kind) or []
        if items:
            path = out / f"{kind}.yaml"
            atomic_write(path, yaml_text({kind: items}, header))
            written.append(path)
    return written


def money(amount: int, lang: str) -> str:
    """``12_500_000_000`` -> ``12,5 tỷ đồng`` (vi) / ``VND 12.5 billion`` (en)."""
    value = amount / BILLION
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    if lang == "en":
        return f"VND {text} billion"
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} tỷ đồng"


def budget_totals(projects: Iterable[Any]) -> dict[str, int]:
    totals = {s: 0 for s in BUDGET_SOURCES}
    for p in projects:
        for line in getattr(p, "budget", []) or []:
            totals[line.source] += line.amount
    return totals


def md_table(headers: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any) -> str:
        return str(v if v is not None else "").replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def ensure_empty_dir(path: Path) -> None:
    """Refuse to write into a non-empty folder (a user's model must never be overwritten)."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FlowError(f"'{path}' đã tồn tại và không rỗng; chọn thư mục mới hoặc xóa nó trước. / "
                        f"'{path}' exists and is not empty; choose a new folder or remove it first.", 2)


def slug(text: str, max_len: int = 60) -> str:
    """``Sở Khoa học và Công nghệ`` -> ``so-khoa-hoc-va-cong-nghe`` (a valid element id)."""
    import re

    from archtool.textnorm import strip_diacritics

    s = re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-")
    s = s[:max_len].rstrip("-")
    return s or "x"


def uses_of(el: Any) -> set[str]:
    """Ids an element depends on or connects to (uses, integrates_with, hosted_on)."""
    out = set(getattr(el, "uses", []) or []) | set(getattr(el, "integrates_with", []) or [])
    if getattr(el, "hosted_on", None):
        out.add(el.hosted_on)
    return out
