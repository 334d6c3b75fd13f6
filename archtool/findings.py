"""The finding: what every check produces and every renderer consumes (spec §5)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from typing import Any, Iterable, NamedTuple

from archtool.i18n import L

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}
CATEGORIES = ("syntax", "schema", "reference", "duplication", "gap", "principle", "consistency")


class Location(NamedTuple):
    """Where a finding is: file (as shown to the user), line and column (1-based). Ordered and
    hashable; a named tuple because a national model's check creates tens of thousands of them."""

    file: str
    line: int = 1
    column: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column}


_NOWHERE = Location("")


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    message: L
    elements: list[str] = field(default_factory=list)
    location: Location | None = None
    citation: str = ""
    suggestion: L | None = None
    capabilities: list[str] | None = None
    details: dict[str, Any] | None = None  # rule-specific evidence (scores, scopes, projects...)

    def _place_key(self) -> tuple:
        loc = self.location or _NOWHERE
        return (loc.file, loc.line, loc.column, self.rule, tuple(self.elements))

    @cached_property
    def fingerprint(self) -> str:
        """A stable id for this finding across runs (rule + elements + capabilities, not position)."""
        basis = "|".join([self.rule, ",".join(sorted(self.elements)), ",".join(self.capabilities or [])])
        if not self.elements and not self.capabilities:
            basis += "|" + self.message.en
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    def as_dict(self, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message.get(lang),
            "elements": list(self.elements),
            "location": self.location.as_dict() if self.location else None,
            "citation": self.citation,
            "suggestion": self.suggestion.get(lang) if self.suggestion else "",
        }
        if self.capabilities is not None:
            out["capabilities"] = list(self.capabilities)
        if self.details:
            out["details"] = self.details
        out["fingerprint"] = self.fingerprint
        return out


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    return counts


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order: file, line, column, rule, elements, then (for findings equal in all of
    those, which is rare) the English message — formatted only where it decides."""
    out: list[Finding] = []
    for _place, run in groupby(sorted(findings, key=Finding._place_key), key=Finding._place_key):
        tied = list(run)
        if len(tied) > 1:
            tied.sort(key=lambda f: f.message.en)
        out.extend(tied)
    return out


def exceeds(findings: Iterable[Finding], fail_on: str) -> bool:
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
