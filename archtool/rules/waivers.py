"""Waivers (spec §2): a waiver silences the matching findings until it expires; an expired waiver,
and one that matches nothing, is itself a finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from archtool.findings import Finding, Rule

WAIVER_EXPIRED = Rule(
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
WAIVER_UNUSED = Rule(
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


def waiver_id(w: Any) -> str:
    return w.id or f"{w._src.file}:{w._src.line}"


def _matches(w: Any, f: Finding) -> bool:
    return w.rule == f.rule and all(e in f.elements for e in w.elements)


def apply(findings: list[Finding], waivers: list[Any], today: dt.date, settings: dict[str, str]
          ) -> tuple[list[Finding], list[Finding]]:
    """``(kept, waived)``: the findings no active waiver matches (plus the waivers' own findings),
    and those one does. Only same-rule waivers are tried (no findings × waivers scan)."""
    kept: list[Finding] = []
    waived: list[Finding] = []
    active = [w for w in waivers if w.expires >= today]
    used: set[int] = set()
    by_rule: dict[str, list[tuple[int, Any]]] = {}
    for i, w in enumerate(active):
        by_rule.setdefault(w.rule, []).append((i, w))
    for f in findings:
        hit = next((i for i, w in by_rule.get(f.rule, ()) if _matches(w, f)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
            waived.append(f)
    if settings.get(WAIVER_EXPIRED.id) != "off":
        for w in waivers:
            if w.expires < today:
                kept.append(WAIVER_EXPIRED.finding(location=w._src.location("expires"), elements=list(w.elements),
                                                   id=waiver_id(w), rule=w.rule, expires=w.expires.isoformat(),
                                                   severity=settings.get(WAIVER_EXPIRED.id)))
    if settings.get(WAIVER_UNUSED.id) != "off":
        for i, w in enumerate(active):
            if i not in used:
                kept.append(WAIVER_UNUSED.finding(location=w._src.location(), elements=list(w.elements),
                                                  id=waiver_id(w), rule=w.rule, severity=settings.get(WAIVER_UNUSED.id)))
    return kept, waived
