"""The rule registry: every check archtool makes, with its id, rationale and citation.

This registry is the single source of truth for rule metadata: the CLI, the SARIF output and the
rule reference in the documentation are all generated from it.

A rule is declared once with :func:`rule` (metadata + optional check function). Checks that run
while a model is being loaded (syntax, schema) have no check function; the loader creates their
findings through :meth:`Rule.finding`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from archtool.findings import CATEGORIES, SEVERITIES, Finding, Location
from archtool.i18n import L

if TYPE_CHECKING:  # pragma: no cover
    from archtool.rules.context import Context


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    title: L
    message: L
    rationale: L
    citation: str
    suggestion: L | None = None
    check: Callable[["Context"], Iterable[Finding]] | None = field(default=None, compare=False)
    example: str = ""  # a small model fragment that triggers the rule (for the docs)

    def finding(
        self,
        *,
        elements: Iterable[str] = (),
        location: Location | None = None,
        capabilities: Iterable[str] | None = None,
        severity: str | None = None,
        citation: str | None = None,
        details: dict[str, Any] | None = None,
        **args: Any,
    ) -> Finding:
        return Finding(
            rule=self.id,
            category=self.category,
            severity=severity or self.severity,
            message=self.message.format(**args),
            elements=list(elements),
            location=location,
            citation=citation if citation is not None else self.citation,
            suggestion=self.suggestion.format(**args) if self.suggestion else None,
            capabilities=list(capabilities) if capabilities is not None else None,
            details=details,
        )


_RULES: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    category: str,
    severity: str,
    title: tuple[str, str],
    message: tuple[str, str],
    rationale: tuple[str, str],
    citation: str,
    suggestion: tuple[str, str] | None = None,
    example: str = "",
    check: Callable[["Context"], Iterable[Finding]] | None = None,
) -> Rule:
    """Declare a rule. Usable directly (loader rules) or through :func:`checker`."""
    if id in _RULES:
        raise ValueError(f"rule {id} declared twice")
    if category not in CATEGORIES or severity not in SEVERITIES:
        raise ValueError(f"rule {id}: bad category or severity")
    r = Rule(
        id=id,
        category=category,
        severity=severity,
        title=L(*title),
        message=L(*message),
        rationale=L(*rationale),
        citation=citation,
        suggestion=L(*suggestion) if suggestion else None,
        check=check,
        example=example,
    )
    _RULES[id] = r
    return r


def checker(id: str, **meta: Any) -> Callable[[Callable[["Context"], Iterable[Finding]]], Rule]:
    """Decorator form: ``@checker("dup-capability", category=..., ...)`` on a check function."""

    def wrap(fn: Callable[["Context"], Iterable[Finding]]) -> Rule:
        return rule(id, check=fn, **meta)

    return wrap


def get(id: str) -> Rule:
    _ensure_loaded()
    return _RULES[id]


def all_rules() -> list[Rule]:
    _ensure_loaded()
    return sorted(_RULES.values(), key=lambda r: (r.category, r.id))


def iter_checks() -> Iterator[Rule]:
    for r in all_rules():
        if r.check is not None:
            yield r


def _ensure_loaded() -> None:
    # Importing the rule modules registers their rules.
    from archtool.rules import load_all

    load_all()
