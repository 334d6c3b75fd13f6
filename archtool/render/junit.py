"""``--format junit``: JUnit XML for CI dashboards (GitLab, Jenkins, Azure DevOps).

One ``testsuite`` per category, one ``testcase`` per rule. A rule with a finding at or above
``--fail-on`` (default ``error``) fails, as the exit code does: its ``failure`` lists every finding
of the rule with file:line:column. A rule whose findings are all below the threshold passes and
lists them in ``system-out`` (with ``--fail-on never`` nothing fails); a rule turned off in the
manifest is skipped. No timestamps, so the same model gives the same file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

from archtool.findings import Finding
from archtool.vocab import SEVERITY as SEVERITIES
from archtool.render.common import position
from archtool.textnorm import xml_safe
from archtool.vocab import CATEGORIES, SEVERITY_RANK
from archtool.rules.registry import by_category


def _line(result: Any, f: Finding, lang: str) -> str:
    pos = position(result, f)
    where = f"{pos[0]}:{pos[1]}:{pos[2]}" if pos else "-"
    text = f"{where}: {SEVERITIES[f.severity].get(lang)}: {f.message.get(lang)}"
    if f.suggestion and f.suggestion.get(lang).strip():
        text += f"\n    → {f.suggestion.get(lang)}"
    return xml_safe(text)


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    settings = dict(result.arch.manifest.rules) if result.arch.manifest else {}
    threshold = SEVERITY_RANK[fail_on]
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_rule[f.rule].append(f)
    rules = {r.id: r for r in by_category()}
    categories: dict[str, list[str]] = defaultdict(list)
    for rid, r in rules.items():
        categories[r.category].append(rid)
    for rid in by_rule:  # findings of rules the registry does not know (should not happen)
        if rid not in rules:
            categories[by_rule[rid][0].category].append(rid)
    root = ET.Element("testsuites", name=f"archtool {result.model_id}")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for cat in CATEGORIES:
        ids = sorted(categories.get(cat, []))
        if not ids:
            continue
        suite = ET.SubElement(root, "testsuite", name=f"archtool.{cat}")
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for rid in ids:
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", classname=f"archtool.{cat}", name=rid)
            found = by_rule.get(rid, [])
            title = rules[rid].title.get(lang) if rid in rules else rid
            if settings.get(rid) == "off":
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message="off")
            elif any(SEVERITY_RANK[f.severity] >= threshold for f in found):
                counts["failures"] += 1
                worst = max(found, key=lambda f: SEVERITY_RANK[f.severity]).severity
                fail = ET.SubElement(case, "failure", type=worst,
                                     message=xml_safe(f"{title}: {len(found)}"))
                fail.text = "\n".join(_line(result, f, lang) for f in found)
            elif found:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(_line(result, f, lang) for f in found)
        for k, v in counts.items():
            totals[k] += v
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        suite.set("time", "0")
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
