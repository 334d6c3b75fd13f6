"""Findings and rules: what every check produces and every renderer consumes (spec §5).

A :class:`Rule` is one check's declaration: id, category, default severity, bilingual title,
message and rationale, citation, suggestion, an example that triggers it, and — for checks that
run on a loaded architecture — its check function, attached with ``@RULE.checks``. Problems found
while reading (YAML syntax, schema, catalogs) are rules too, declared next to the code that finds
them (:mod:`archtool.model.problems`, :mod:`archtool.catalogs.problems`). The one list of every rule
is :mod:`archtool.rules.registry`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from typing import Any, Callable, Iterable, NamedTuple

from archtool.i18n import L
from archtool.vocab import CATEGORIES, SEVERITIES, SEVERITY_RANK

#: which findings a rule's check may see: every model, or only a review's proposal
SCOPES = ("model", "proposal")


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
    #: rules that already make this finding's point: when a finding of one of them names this
    #: finding's first element, this one is dropped (one finding per problem)
    defer_to: tuple[str, ...] = ()

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


def _text(value: tuple[str, str] | L | None) -> L | None:
    if value is None or isinstance(value, L):
        return value
    return L(*value)


class Rule:
    """One rule: its metadata and (for rules run on a loaded architecture) its check.

    ``scope="proposal"`` rules run only when a review overlays a proposal (their check sees
    ``ctx.proposal``). ``defer_to`` names rules whose finding on the same element already makes
    this rule's point (the finding is then dropped). ``heavy`` marks a check that visits every
    element yet reports little: on a national-scale model the speed layer may run it in a second
    process (:mod:`archtool.speed.checks`)."""

    __slots__ = ("id", "category", "severity", "title", "message", "rationale", "citation", "suggestion",
                 "example", "scope", "defer_to", "heavy", "check")

    def __init__(self, id: str, *, category: str, severity: str, title: tuple[str, str] | L,
                 message: tuple[str, str] | L, rationale: tuple[str, str] | L, citation: str,
                 suggestion: tuple[str, str] | L | None = None, example: str = "", scope: str = "model",
                 defer_to: tuple[str, ...] = (), heavy: bool = False) -> None:
        if category not in CATEGORIES or severity not in SEVERITIES or scope not in SCOPES:
            raise ValueError(f"rule {id}: bad category, severity or scope")
        self.id, self.category, self.severity, self.citation, self.example = id, category, severity, citation, example
        self.title, self.message, self.rationale = _text(title), _text(message), _text(rationale)
        self.suggestion = _text(suggestion)
        self.scope, self.defer_to, self.heavy = scope, tuple(defer_to), heavy
        self.check: Callable[[Any], Iterable[Finding]] | None = None

    def checks(self, fn: Callable[[Any], Iterable[Finding]]) -> Callable[[Any], Iterable[Finding]]:
        """Decorator: ``fn(ctx)`` is this rule's check (it yields the rule's findings)."""
        if self.check is not None:
            raise ValueError(f"rule {self.id} has two checks")
        self.check = fn
        return fn

    def finding(self, *, elements: Iterable[str] = (), location: Location | None = None,
                capabilities: Iterable[str] | None = None, severity: str | None = None,
                citation: str | None = None, details: dict[str, Any] | None = None,
                message: L | None = None, suggestion: L | None = None, defer_to: tuple[str, ...] | None = None,
                **args: Any) -> Finding:
        """A finding of this rule; ``args`` fill the message and suggestion templates (``message``
        and ``suggestion`` replace the templates for findings worded apart)."""
        sug = suggestion if suggestion is not None else (self.suggestion.format(**args) if self.suggestion else None)
        return Finding(
            rule=self.id,
            category=self.category,
            severity=severity or self.severity,
            message=message if message is not None else self.message.format(**args),
            elements=list(elements),
            location=location,
            citation=citation if citation is not None else self.citation,
            suggestion=sug,
            capabilities=list(capabilities) if capabilities is not None else None,
            details=details,
            defer_to=self.defer_to if defer_to is None else defer_to,
        )

    def __repr__(self) -> str:
        return f"Rule({self.id!r})"


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
