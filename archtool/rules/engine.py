"""Running the checks: rule settings from the manifest, waivers, ordering."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archtool.catalogs import Catalogs, catalog_findings
from archtool.findings import Finding, Location, sort_findings
from archtool.model.architecture import Architecture
from archtool.rules.context import Context
from archtool.rules.registry import all_rules, iter_checks, rule

WAIVER_EXPIRED = rule(
    "waiver-expired", category="consistency", severity="warning",
    title=("Miễn trừ đã hết hạn", "Waiver expired"),
    message=("Miễn trừ '{id}' cho quy tắc {rule} đã hết hạn ngày {expires}; các phát hiện nó che đã hiện lại.",
             "Waiver '{id}' for rule {rule} expired on {expires}; the findings it silenced are back."),
    rationale=("Miễn trừ là chấp nhận có thời hạn; hết hạn thì phải xem xét lại hoặc xử lý dứt điểm.",
               "A waiver is a time-limited acceptance; when it expires the issue must be reviewed or fixed."),
    citation="archtool model format v1 §2 (waivers)",
    suggestion=("Xử lý phát hiện, hoặc gia hạn 'expires' kèm lý do và người phê duyệt.",
                "Fix the finding, or extend 'expires' with a reason and an approver."),
    example="waivers:\n  - rule: dup-capability\n    elements: [ioc-2]\n    reason: chờ hợp nhất\n    expires: 2024-12-31\n",
)
WAIVER_UNUSED = rule(
    "waiver-unused", category="consistency", severity="info",
    title=("Miễn trừ không còn tác dụng", "Waiver matches nothing"),
    message=("Miễn trừ '{id}' cho quy tắc {rule} không khớp phát hiện nào.", "Waiver '{id}' for rule {rule} matches no finding."),
    rationale=("Miễn trừ thừa che giấu vấn đề có thể xuất hiện lại về sau; nên xóa khi vấn đề đã được xử lý.",
               "A stale waiver would hide the problem if it came back; remove it once the issue is fixed."),
    citation="archtool model format v1 §2 (waivers)",
    suggestion=("Xóa miễn trừ này.", "Delete this waiver."),
    example="platforms:\n  - {id: lgsp, name: LGSP, owner: so-khcn}\n"
            "waivers:\n  - rule: dup-capability\n    elements: [lgsp]\n    reason: đã hợp nhất\n    expires: 2099-12-31\n",
)


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


def _settings(arch: Architecture) -> dict[str, str]:
    return dict(arch.manifest.rules) if arch.manifest else {}


def _in_catalog_file(arch: Architecture, f: Finding) -> bool:
    """True for a loader finding about a file the manifest declares as a catalog (``catalogs:``): with the
    default include (every YAML file under the root) the loader also reads catalog files as model files;
    they are checked as catalogs instead."""
    if not arch.manifest or not arch.manifest.catalogs or f.location is None:
        return False
    import posixpath

    for c in arch.manifest.catalogs:
        declared = posixpath.normpath(c.replace("\\", "/"))
        if f.location.file == declared or f.location.file.startswith(declared.rstrip("/") + "/"):
            return True
    return False


def _waiver_matches(w: Any, f: Finding) -> bool:
    return w.rule == f.rule and all(e in f.elements for e in w.elements)


def run(arch: Architecture, *, catalogs: Catalogs | None = None, extra_catalogs: list[Path] = (),
        today: dt.date | None = None, only: set[str] | None = None, cache: Any = None, jobs: int = 1) -> Result:
    """Run every enabled check over a loaded architecture and apply rule settings and waivers.

    ``cache`` (an :class:`archtool.cache.ResultCache`) stores this run's findings under a key of all
    its inputs, for :func:`cached`. ``jobs`` > 1 lets a large model's checks use a second process
    (archtool/rules/parallel.py); the findings are the same."""
    today = today or dt.date.today()
    findings: list[Finding] = [f for f in arch.findings if not _in_catalog_file(arch, f)]
    key = None
    if catalogs is None:
        catalogs, cat_findings, key = _catalogs(arch, extra_catalogs, today, only, cache)
        findings.extend(cat_findings)
    from archtool.cache import no_gc

    with no_gc():  # rules build many small acyclic objects (findings, messages); collections only cost
        result = _run(arch, catalogs, findings, today, only, jobs)
    if key is not None:
        cache.put(key, result.element_count, result.findings, result.waived)
    return result


def cached(arch: Architecture, *, extra_catalogs: list[Path] = (), today: dt.date | None = None,
           cache: Any) -> Result | None:
    """The result :func:`run` stored for exactly these inputs (every file read, user catalogs,
    reference date), or None. ``arch`` may be a scan (``load(..., scan=True)``): a hit then needs
    no element file parsed at all."""
    today = today or dt.date.today()
    catalogs, _findings, key = _catalogs(arch, extra_catalogs, today, None, cache)
    hit = cache.get(key) if key is not None else None
    if hit is None:
        return None
    count, findings, waived = hit
    return Result(arch=arch, catalogs=catalogs, findings=findings, waived=waived, today=today, element_count=count)


def _catalogs(arch: Architecture, extra_catalogs: list[Path], today: dt.date, only: set[str] | None,
              cache: Any) -> tuple[Catalogs, list[Finding], str | None]:
    """The catalogs for a model (bundled + manifest ``catalogs:`` + ``--catalog``), the findings
    about bad user catalogs, and the result-cache key of the run (None without a cache)."""
    from archtool import inputs

    paths: list[tuple[Path, Location]] = []
    if arch.manifest:
        for c in arch.manifest.catalogs:
            paths.append((arch.top.root / c, arch.top.manifest_location("catalogs")))
    for p in extra_catalogs:
        paths.append((Path(p), Location("<--catalog>", 1, 1)))
    with inputs.recording() as catalog_reads:
        catalogs, cat_findings = catalog_findings(arch, paths)
    key = None
    if cache is not None and arch.inputs is not None:
        key = cache.key(arch.inputs + catalog_reads, catalogs=[str(p) for p, _ in paths],
                        today=today.isoformat(), only=sorted(only) if only is not None else None)
    return catalogs, cat_findings, key


def _run(arch: Architecture, catalogs: Catalogs, findings: list[Finding], today: dt.date,
         only: set[str] | None, jobs: int) -> Result:
    from archtool.rules.parallel import run_checks

    settings = _settings(arch)
    if arch.loadable:
        ctx = Context(arch=arch, catalogs=catalogs, today=today)
        checks = [r for r in iter_checks()
                  if settings.get(r.id) != "off" and (only is None or r.id in only)]
        findings.extend(run_checks(ctx, checks, jobs))
    # severity overrides from the manifest
    known = {r.id for r in all_rules()}
    for f in findings:
        level = settings.get(f.rule)
        if level and level != "off":
            f.severity = level
    findings = [f for f in findings if settings.get(f.rule) != "off" or f.rule not in known]
    # waivers
    kept: list[Finding] = []
    waived: list[Finding] = []
    active = [w for w in arch.waivers if w.expires >= today]
    used: set[int] = set()
    by_rule: dict[str, list[tuple[int, Any]]] = {}  # only same-rule waivers are tried (no F×W scan)
    for i, w in enumerate(active):
        by_rule.setdefault(w.rule, []).append((i, w))
    for f in findings:
        hit = next((i for i, w in by_rule.get(f.rule, ()) if _waiver_matches(w, f)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
            waived.append(f)
    for w in arch.waivers:
        wid = w.id or f"{w._src.file}:{w._src.line}"
        if w.expires < today:
            if settings.get(WAIVER_EXPIRED.id) != "off":
                kept.append(WAIVER_EXPIRED.finding(location=w._src.location("expires"), elements=list(w.elements),
                                                   id=wid, rule=w.rule, expires=w.expires.isoformat(),
                                                   severity=settings.get(WAIVER_EXPIRED.id)))
    for i, w in enumerate(active):
        if i not in used and settings.get(WAIVER_UNUSED.id) != "off":
            wid = w.id or f"{w._src.file}:{w._src.line}"
            kept.append(WAIVER_UNUSED.finding(location=w._src.location(), elements=list(w.elements),
                                              id=wid, rule=w.rule, severity=settings.get(WAIVER_UNUSED.id)))
    return Result(arch=arch, catalogs=catalogs, findings=sort_findings(kept), waived=sort_findings(waived), today=today)
