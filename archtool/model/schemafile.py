"""The JSON Schemas editors read while a planner types a model: one for the manifest
(``archtool.yaml``, which may also hold elements), one for element files, and one for either.

Generated from the pydantic classes of :mod:`archtool.model.schema`; every field gets a Vietnamese
and English ``markdownDescription`` with an example (:mod:`archtool.model.fielddocs`), every value
list its labels (``markdownEnumDescriptions``). The ids that live in the catalogs and the rule
registry (capabilities, Decision 950 task groups, framework versions, rule ids) come in as :class:`Enums` from the
layer that knows them (:mod:`archtool.workflows.schemas`), because this layer knows neither.
Capability and task-group ids are offered, not imposed: a province's own catalog may add more, and
``check`` accepts them too. Rule ids are closed: ``check`` refuses an unknown one as well.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from archtool.i18n import L
from archtool.model.fielddocs import COLLECTIONS, FIELDS
from archtool.model.schema import ElementFile, Manifest
from archtool.model.yamlread import parse
from archtool.vocab import (ACCESS, BUDGET_SOURCE, ELEMENT_STATUS, MODEL_KIND, PROJECT_STATUS, SEVERITY,
                            INVESTMENT_FORM, UNIT_LEVEL)

BASE = "https://archtool.dev/schemas/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
WHICH = ("model", "manifest", "elements")
#: value labels shown beside each value of a list (the lists come from archtool/vocab.py)
VALUE_LABELS: tuple[dict[str, L], ...] = (ELEMENT_STATUS, PROJECT_STATUS, UNIT_LEVEL, ACCESS, BUDGET_SOURCE,
                                          INVESTMENT_FORM, MODEL_KIND,
                                          {**SEVERITY, "off": L("tắt", "off"), "never": L("không bao giờ", "never")},
                                          {"vi": L("tiếng Việt", "Vietnamese"), "en": L("tiếng Anh", "English")})


@dataclass(frozen=True)
class Enums:
    """Ids offered or required in editors, each with its label (``vi``, ``en``)."""

    capabilities: dict[str, tuple[str, str]] = field(default_factory=dict)
    task_groups: dict[str, tuple[str, str]] = field(default_factory=dict)
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)
    frameworks: dict[str, tuple[str, str]] = field(default_factory=dict)


def _markdown(vi: str, en: str, example: str) -> str:
    return f"{vi}\n\n*{en}*\n\n```yaml\n{example}\n```"


def _example_value(name: str, example: str) -> Any:
    data, problems = parse(example)
    if problems or not isinstance(data, dict) or name not in data:  # pragma: no cover - tests/test_schema_editor.py
        raise ValueError(f"fielddocs: the example of '{name}' does not hold the field: {example!r}")
    return _plain(data[name])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _describe(prop: dict[str, Any], doc: tuple[str, str, str], name: str) -> None:
    vi, en, example = doc
    prop.pop("title", None)
    prop["description"] = f"{vi} / {en}"
    prop["markdownDescription"] = _markdown(vi, en, example)
    prop["examples"] = [_example_value(name, example)]


def _label_values(node: Any) -> None:
    """``markdownEnumDescriptions`` beside every ``enum`` whose values are a vocabulary list, and
    ``type`` beside every list of strings or integers, and a bare ``$ref`` (older pydantic versions
    leave the type out and wrap a ``$ref`` in ``allOf``: the same schema from every pydantic the
    bounds allow)."""
    if isinstance(node, dict):
        wrapped = node.get("allOf")
        if isinstance(wrapped, list) and len(wrapped) == 1 and set(wrapped[0]) == {"$ref"} and "$ref" not in node:
            node["$ref"] = node.pop("allOf")[0]["$ref"]  # older pydantic wraps a $ref that has siblings
        fixed = node.get("enum", [node["const"]] if "const" in node else None)
        if isinstance(fixed, list) and fixed and all(isinstance(v, str) for v in fixed):
            node.setdefault("type", "string")
        elif isinstance(fixed, list) and fixed and all(type(v) is int for v in fixed):
            node.setdefault("type", "integer")
        values = node.get("enum")
        if isinstance(values, list) and all(isinstance(v, str) for v in values):
            for table in VALUE_LABELS:
                if all(v in table for v in values):
                    node["markdownEnumDescriptions"] = [f"{table[v].vi} / {table[v].en}" for v in values]
                    break
        for value in node.values():
            _label_values(value)
    elif isinstance(node, list):
        for value in node:
            _label_values(value)


def _offer(ids: dict[str, tuple[str, str]], fallback: dict[str, Any]) -> dict[str, Any]:
    """Offer ``ids`` (with their labels) without refusing another id of the right form."""
    return {"anyOf": [{"enum": list(ids), "markdownEnumDescriptions": [f"{vi} / {en}" for vi, en in ids.values()]},
                      fallback]}


def _require(ids: dict[str, tuple[str, str]]) -> dict[str, Any]:
    return {"type": "string", "enum": list(ids), "markdownEnumDescriptions": [f"{vi} / {en}" for vi, en in ids.values()]}


def _definitions(enums: Enums) -> dict[str, Any]:
    elem = ElementFile.model_json_schema(ref_template="#/$defs/{model}")
    man = Manifest.model_json_schema(ref_template="#/$defs/{model}")
    defs: dict[str, Any] = {**elem.pop("$defs", {}), **man.pop("$defs", {})}
    defs["ElementFile"], defs["Manifest"] = elem, man
    shared: dict[str, Any] = {}  # value lists used by several classes, written once
    for name, d in defs.items():
        for fname, prop in d.get("properties", {}).items():
            doc = COLLECTIONS.get(fname) if name == "ElementFile" else FIELDS.get(f"{name}.{fname}", FIELDS.get(fname))
            if doc is None:
                raise ValueError(f"archtool/model/fielddocs.py has no text for {name}.{fname}")
            _describe(prop, doc, fname)
            if fname == "capabilities" and prop.get("type") == "array" and enums.capabilities:
                shared.setdefault("CapabilityId", _offer(enums.capabilities, prop["items"]))
                prop["items"] = {"$ref": "#/$defs/CapabilityId"}
            elif fname == "priorities" and prop.get("type") == "array" and enums.capabilities:
                shared.setdefault("CapabilityId", _offer(enums.capabilities, prop["items"]))
                prop["items"] = {"$ref": "#/$defs/CapabilityId"}
            elif name == "ModelInfo" and fname == "framework" and enums.frameworks:
                form = next(a for a in prop.get("anyOf", [{"type": "string"}]) if a.get("type") != "null")
                shared.setdefault("FrameworkId", _offer(enums.frameworks, form))
                prop["anyOf"] = [{"$ref": "#/$defs/FrameworkId"}, {"type": "null"}]
            elif fname == "task_groups" and prop.get("type") == "array" and enums.task_groups:
                shared.setdefault("TaskGroupId", _offer(enums.task_groups, prop["items"]))
                prop["items"] = {"$ref": "#/$defs/TaskGroupId"}
            elif name == "Waiver" and fname == "rule" and enums.rules:
                shared.setdefault("RuleId", _require(enums.rules))
                for key in ("type", "pattern", "maxLength"):
                    prop.pop(key, None)
                prop["$ref"] = "#/$defs/RuleId"
            elif name == "Manifest" and fname == "rules" and enums.rules:
                setting = prop.get("additionalProperties", {})
                prop["properties"] = {rid: {**copy.deepcopy(setting), "description": f"{vi} / {en}",
                                            "markdownDescription": f"{vi}\n\n*{en}*"}
                                      for rid, (vi, en) in enums.rules.items()}
                prop["additionalProperties"] = False
    defs.update(shared)
    _label_values(defs)
    return defs


def _reachable(root: Any, defs: dict[str, Any]) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref[len("#/$defs/"):]
                if name not in seen:
                    seen[name] = defs[name]
                    walk(defs[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(root)
    return dict(sorted(seen.items()))


def json_schema(which: str = "model", enums: Enums | None = None) -> dict[str, Any]:
    """The JSON Schema of ``which``: ``manifest`` (archtool.yaml, possibly a one-file model),
    ``elements`` (every other file of a model) or ``model`` (either, told apart by ``archtool:``)."""
    if which not in WHICH:
        raise ValueError(f"which: {which!r} is not one of {WHICH}")
    defs = _definitions(enums or Enums())
    elements, manifest = defs.pop("ElementFile"), defs.pop("Manifest")
    one_file = {
        "type": "object",
        "required": ["archtool", "model"],
        "properties": {**manifest["properties"], **elements["properties"]},
        "additionalProperties": False,
    }
    head: dict[str, Any] = {"$schema": DRAFT, "$id": f"{BASE}{which}.schema.json"}
    if which == "manifest":
        body = {"title": "archtool.yaml (archtool model format 1)",
                "description": "Tệp khai báo mô hình archtool.yaml (có thể chứa cả phần tử). / "
                               "The model manifest archtool.yaml (it may also hold elements).",
                **one_file}
    elif which == "elements":
        body = {"title": "archtool element file (archtool model format 1)",
                "description": "Một tệp phần tử của mô hình (units:, applications:, …). / "
                               "An element file of a model (units:, applications:, …).",
                **{k: v for k, v in elements.items() if k not in ("title", "description")}}
    else:
        defs["Manifest"] = one_file
        defs["ElementFile"] = {k: v for k, v in elements.items() if k not in ("title", "description")}
        body = {"title": "archtool model file (format version 1)",
                "description": "Tệp archtool.yaml (có 'archtool:') hoặc một tệp phần tử. / "
                               "archtool.yaml (with 'archtool:') or an element file.",
                "if": {"type": "object", "required": ["archtool"]},
                "then": {"$ref": "#/$defs/Manifest"},
                "else": {"$ref": "#/$defs/ElementFile"}}
    return {**head, **body, "$defs": _reachable(body, defs)}
