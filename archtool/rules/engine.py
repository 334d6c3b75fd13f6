"""Running the checks over a loaded architecture: rule settings from the manifest, one finding per
problem (``defer_to``), waivers, report order."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any, Callable

from archtool.catalogs import Catalogs
from archtool.findings import Finding, Rule, sort_findings
from archtool.model.architecture import Architecture
from archtool.rules import registry, waivers
from archtool.rules.context import Context

#: how a run's checks are executed: ``runner(ctx, rules) -> findings`` in the order of ``rules``
Runner = Callable[[Context, list[Rule]], list[Finding]]


def serial(ctx: Context, rules: list[Rule]) -> list[Finding]:
    return [f for r in rules for f in r.check(ctx)]  # type: ignore[misc]


@dataclass
class Result:
    arch: Architecture
    catalogs: Catalogs
    findings: list[Finding]
    waived: list[Finding] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    #: elements in model + baseline (kept apart from ``arch``: a cached result's arch is a scan)
    element_count: int | None = None

    def __post_init__(self) -> None:
        if self.element_count is None:
            self.element_count = len(self.arch.elements)

    @property
    def model_id(self) -> str:
        return self.arch.id


def settings_of(arch: Architecture) -> dict[str, str]:
    """The manifest's ``rules:`` (rule id -> severity or ``off``)."""
    return dict(arch.manifest.rules) if arch.manifest else {}


class Unfocused(Exception):
    """A focused run cannot tell its findings exactly (the caller runs every check in full)."""


def run(arch: Architecture, catalogs: Catalogs, *, today: dt.date, extra: list[Finding] = (),
        only: set[str] | None = None, proposal: frozenset[str] = frozenset(), runner: Runner = serial,
        focus: frozenset[str] | None = None, keep: Callable[[Finding], bool] | None = None) -> Result:
    """Every enabled check over ``arch``, then the manifest's rule settings, the deferrals of
    findings another rule already makes, and the waivers. ``extra`` are findings made before the
    checks (about user catalogs); ``proposal`` (a review) also runs the proposal's rules.

    A focused run (``keep``, ``focus``: a review) gives exactly the findings of a full run for which
    ``keep`` holds — those naming a proposal element or lying in its files —, each check looking
    only at what can give such a finding (:attr:`Context.focus`). Deferrals are decided among
    those findings, which is exact when each deferring finding starts with a proposal element;
    otherwise :class:`Unfocused` is raised. The caller makes sure no waiver names a proposal
    element (whether a waiver is used would then depend on findings left out)."""
    settings = settings_of(arch)
    findings: list[Finding] = [f for f in arch.findings if not _in_catalog_file(arch, f)]
    findings.extend(extra)
    if arch.loadable:
        ctx = Context(arch=arch, catalogs=catalogs, today=today, proposal=proposal, rule_ids=frozenset(registry.BY_ID),
                      focus=focus if keep is not None else None)
        rules = [r for r in registry.checks("proposal" if proposal else "model")
                 if settings.get(r.id) != "off" and (only is None or r.id in only)]
        findings.extend(runner(ctx, rules))
    for f in findings:  # severity overrides from the manifest
        level = settings.get(f.rule)
        if level and level != "off":
            f.severity = level
    findings = [f for f in findings if settings.get(f.rule) != "off" or f.rule not in registry.BY_ID]
    if keep is not None:
        findings = [f for f in findings if keep(f)]
        if any(f.defer_to and f.elements and f.elements[0] not in proposal for f in findings):
            raise Unfocused
    kept, waived = waivers.apply(_one_per_problem(findings), arch.waivers, today, settings)
    if keep is not None:  # the waivers' own findings (expired, unused) are about the model's waivers
        kept = [f for f in kept if keep(f)]
    return Result(arch=arch, catalogs=catalogs, findings=sort_findings(kept), waived=sort_findings(waived), today=today)


def _one_per_problem(findings: list[Finding]) -> list[Finding]:
    """Drop a finding whose point another rule already makes about its element: ``defer_to``
    names those rules, and one of their findings names the finding's first element."""
    if not any(f.defer_to for f in findings):
        return findings
    named: dict[str, set[str]] = {}
    for f in findings:
        named.setdefault(f.rule, set()).update(f.elements)
    return [f for f in findings
            if not (f.defer_to and f.elements and any(f.elements[0] in named.get(r, ()) for r in f.defer_to))]


def _in_catalog_file(arch: Architecture, f: Finding) -> bool:
    """True for a loader finding about a file the manifest declares as a catalog (``catalogs:``): with the
    default include (every YAML file under the root) the loader also reads catalog files as model files;
    they are checked as catalogs instead."""
    if not arch.manifest or not arch.manifest.catalogs or f.location is None:
        return False
    for c in arch.manifest.catalogs:
        declared = posixpath.normpath(c.replace("\\", "/"))
        if f.location.file == declared or f.location.file.startswith(declared.rstrip("/") + "/"):
            return True
    return False


def describe_rule(rule: Rule, lang: str) -> dict[str, Any]:
    """A rule's metadata as plain data (``archtool rules --format json``)."""
    return {"id": rule.id, "category": rule.category, "severity": rule.severity, "title": rule.title.get(lang),
            "rationale": rule.rationale.get(lang), "citation": rule.citation}
