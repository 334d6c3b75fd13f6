"""The JSON Schemas editors use (``archtool schema``, ``schemas/*.schema.json``, the copy ``init``
and ``import`` put into a model), with the ids of the built-in catalogs and of the rule registry as
value lists: capability ids, Decision 950 task groups, framework versions, rule ids."""

from __future__ import annotations

from typing import Any

from archtool.catalogs import load
from archtool.model.schemafile import WHICH, Enums, json_schema
from archtool.rules.registry import by_category

#: the committed file of each schema, relative to the repository root
FILES = {which: f"schemas/{which}.schema.json" for which in WHICH}


def enums() -> Enums:
    """The built-in catalogs' capability and task-group ids and every rule id, with their labels."""
    cats = load()
    capabilities = {e.id: (e.name, e.name_en or e.name) for e in cats.of_kind("capability")}
    groups = {e.id: (e.name, e.name_en or e.name) for e in cats.entries.values() if e.id in cats.task_group_ids()}
    rules = {r.id: (r.title.vi, r.title.en) for r in by_category()}
    frameworks = {e.id: (e.name, e.name_en or e.name) for e in cats.of_kind("framework-version")}
    return Enums(capabilities=capabilities, task_groups=groups, rules=rules, frameworks=frameworks)


def editor_schema(which: str = "model") -> dict[str, Any]:
    """The JSON Schema of ``which`` (``model``, ``manifest`` or ``elements``) with the value lists."""
    return json_schema(which, enums())
