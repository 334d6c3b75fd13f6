"""``--format sarif``: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, IDEs).

``tool.driver.rules`` carries every rule's metadata from the registry (title, rationale, help with the
suggestion and the citation, default level); each result has a physical location with a region and
the finding's stable fingerprint. Waived findings are included with an ``inSource`` suppression.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from string import Formatter
from typing import Any, Callable
from urllib.parse import quote

from archtool import __version__
from archtool.output import json_dumps
from archtool.findings import Finding
from archtool.model.files import project_root
from archtool.vocab import t
from archtool.render.common import SARIF_LEVEL, artifact_paths, position
from archtool.findings import Rule
from archtool.rules.registry import by_category

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://archtool.dev"
SRCROOT = "%SRCROOT%"  # the base of every artifact URI (see _artifact)


def _camel(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-"))


def rule_suggestion(r: Rule, lang: str) -> str:
    """A rule's suggestion as general help: each value a finding fills in (``{id}``, ``{target}``…)
    shown as "…"; no suggestion when the text is only such a value (``{fix}``: every finding writes
    its own, in its result's message)."""
    if not r.suggestion:
        return ""
    template = r.suggestion.get(lang)
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    text = template.format(**{name: "…" for name in names})
    return "" if not text.replace("…", "").strip() else text


def _rule(r: Rule, lang: str) -> dict[str, Any]:
    suggestion = rule_suggestion(r, lang)
    lines = [r.rationale.get(lang)]
    if suggestion:
        lines.append(f"{t('suggestion', lang)}: {suggestion}")
    lines.append(f"{t('citation', lang)}: {r.citation}")
    md = [r.rationale.get(lang)]
    if suggestion:
        md.append(f"**{t('suggestion', lang)}:** {suggestion}")
    md.append(f"**{t('citation', lang)}:** {r.citation}")
    if r.example:
        md.append("```yaml\n" + r.example.rstrip("\n") + "\n```")
    return {
        "id": r.id,
        "name": _camel(r.id),
        "shortDescription": {"text": r.title.get(lang)},
        "fullDescription": {"text": r.rationale.get(lang)},
        "help": {"text": "\n\n".join(lines), "markdown": "\n\n".join(md)},
        "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]},
        "properties": {"category": r.category, "tags": [r.category], "citation": r.citation},
    }


def _artifact(result: Any, file: str) -> dict[str, str]:
    """A file as a SARIF artifact location: a percent-encoded URI relative to ``%SRCROOT%`` (the
    repository holding the model, or the model's parent folder without one), so it does not depend
    on the working folder and no ``#``, ``?``, space or line break in a file name breaks it."""
    root = getattr(result.arch.top, "root", None)
    if root is None or file.startswith("<"):
        return {"uri": quote(file, safe="/")}
    base = project_root(root)
    full = os.path.normpath(os.path.join(os.path.realpath(root), file))
    return {"uri": quote(Path(os.path.relpath(full, base)).as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _artifacts(result: Any) -> Callable[[str], dict[str, str]]:
    """:func:`_artifact` for one report, worked out once per file."""
    once = functools.cache(functools.partial(_artifact, result))
    return lambda file: dict(once(file))  # a copy per result: the report's dicts are not shared


def _result(result: Any, f: Finding, index: dict[str, int], lang: str, waived: bool,
            path: Callable[[str], str], artifact: Callable[[str], dict[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in index:
        out["ruleIndex"] = index[f.rule]
    out["level"] = SARIF_LEVEL[f.severity]
    text = f.message.get(lang)
    if f.suggestion and f.suggestion.get(lang).strip():
        text += f"\n{t('suggestion', lang)}: {f.suggestion.get(lang)}"
    out["message"] = {"text": text}
    pos = position(result, f, path)
    if pos is not None:
        file, line, col = pos
        out["locations"] = [{"physicalLocation": {
            "artifactLocation": artifact(f.location.file if f.location else file),
            "region": {"startLine": max(1, line), "startColumn": max(1, col)}}}]
    out["partialFingerprints"] = {"archtoolFindingHash/v1": f.fingerprint}
    props: dict[str, Any] = {"category": f.category, "elements": list(f.elements), "citation": f.citation}
    if f.capabilities is not None:
        props["capabilities"] = list(f.capabilities)
    if f.details:
        props["details"] = f.details
    out["properties"] = props
    if waived:
        out["suppressions"] = [{"kind": "inSource", "status": "accepted"}]
    return out


def as_dict(result: Any, lang: str) -> dict[str, Any]:
    rules = by_category()
    index = {r.id: i for i, r in enumerate(rules)}
    path, artifact = artifact_paths(result), _artifacts(result)
    results = [_result(result, f, index, lang, False, path, artifact) for f in result.findings]
    results += [_result(result, f, index, lang, True, path, artifact) for f in result.waived]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "archtool", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "language": lang,
                                "rules": [_rule(r, lang) for r in rules]}},
            "automationDetails": {"id": f"archtool/{result.model_id}/"},
            "originalUriBaseIds": {SRCROOT: {"description": {"text": (  # no absolute path: same bytes anywhere
                "The repository holding the model (the folder with .git), or the model's parent folder")}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    return json_dumps(as_dict(result, lang))
