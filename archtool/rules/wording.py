"""How findings name what they are about: an element with its kind, origin, status and scope, a
list of copies, the best candidate to suggest."""

from __future__ import annotations

from typing import Any, Iterable

from archtool.i18n import L
from archtool.model.architecture import SYSTEMS, Architecture, scope_units
from archtool.rules.index import Index
from archtool.vocab import KINDS, PROVINCE_WIDE, STATUSES, capital_l, label

#: findings list their copies in the message up to this many ("… and N more"); ``elements`` and
#: ``details.copies`` always list them all.
MESSAGE_COPIES = 20
MORE = L("… và {n} bản khác", "… and {n} more")


def kind_title(kind: str) -> L:
    """The kind's name with a capital letter, for the start of a sentence ("Ứng dụng", "Application")."""
    return capital_l(label(KINDS, kind))


def status_name(status: str) -> L:
    return label(STATUSES, status)


def describe_scope(el: Any) -> L | str:
    units = scope_units(el)
    return PROVINCE_WIDE if units is None else ", ".join(units)


_ORIGIN = {(True, "vi"): "mô hình nền ", (True, "en"): "baseline ", (False, "vi"): "mô hình ", (False, "en"): "model "}
_FROM = {"vi": "từ ", "en": "from "}
_SCOPE = {"vi": "phạm vi ", "en": "scope "}


def name_in(el: Any, lang: str) -> str:
    """The element's name in ``lang``: its English name (``name_en``) in English when it has one."""
    en = getattr(el, "name_en", None)
    return en if lang == "en" and en else (getattr(el, "name", None) or str(el.id))


def named(el: Any) -> L:
    """How a message names an element: ``'Cổng thông tin điện tử tỉnh' (cong-ttdt)`` (its name in the
    report's language, then the id the planner searches the YAML for)."""
    return L.build(lambda lang: f"'{name_in(el, lang)}' ({el.id})")


def named_ids(arch: Architecture, ids: Iterable[str], limit: int = MESSAGE_COPIES) -> L:
    """A list of elements by :func:`named`, at most ``limit`` of them, then "… and N more"."""
    ids = list(ids)

    def make(lang: str) -> str:
        shown = [f"'{name_in(arch.elements[i], lang)}' ({i})" if i in arch.elements else i for i in ids[:limit]]
        if len(ids) > limit:
            shown.append(MORE.format(n=len(ids) - limit).get(lang))
        return ", ".join(shown)

    return L.build(make)


def subject(el: Any) -> L:
    """The start of a sentence about an element: ``Ứng dụng 'Tên' (id)``."""
    return L.build(lambda lang: f"{kind_title(el.KIND).get(lang)} '{name_in(el, lang)}' ({el.id})")


def describe(arch: Architecture, el: Any) -> L:
    """``'LGSP Long An' (lgsp-long-an; nền tảng, mô hình nền tay-ninh-egov, đang vận hành, toàn tỉnh)``."""

    def make(lang: str) -> str:
        base, origin = arch.origin(el)
        parts = [label(KINDS, el.KIND).get(lang), _ORIGIN[base, lang] + origin, status_name(el.status).get(lang)]
        if el.since:
            parts.append(f"{_FROM[lang]}{el.since}")
        if el.KIND in SYSTEMS:
            scope = describe_scope(el)
            parts.append(_SCOPE[lang] + (scope if isinstance(scope, str) else scope.get(lang)))
        return f"'{name_in(el, lang)}' ({el.id}; {', '.join(parts)})"

    return L.build(make)


def describe_copies(arch: Architecture, copies: list[Any]) -> list[L]:
    """The copies for a message, at most :data:`MESSAGE_COPIES` of them, then "… and N more"."""
    shown = [describe(arch, c) for c in copies[:MESSAGE_COPIES]]
    if len(copies) > MESSAGE_COPIES:
        shown.append(MORE.format(n=len(copies) - MESSAGE_COPIES))
    return shown


def copy_details(arch: Architecture, el: Any) -> dict[str, Any]:
    scope = scope_units(el)
    base, origin = arch.origin(el)
    return {"id": el.id, "kind": el.KIND, "status": el.status, "origin": origin,
            "baseline": base, "since": el.since,
            "scope": "province" if scope is None else list(scope)}


#: order of statuses for a suggestion's target: what runs now before what is being built or planned
_READY = {"operational": 0, "building": 1, "planned": 2, "retiring": 3, "retired": 4}


def _standing(ix: Index, el: Any) -> tuple[bool, bool]:
    """(being replaced or retired, scoped to some units): False sorts first."""
    return el.id in ix.replaced or el.status in ("retiring", "retired"), scope_units(el) is not None


def preferred(ix: Index, ids: Iterable[str]) -> list[str]:
    """Order candidate targets for a suggestion: not being replaced or retired, province-wide,
    operating now (then being built, then planned) first."""
    els = ix.arch.elements
    return sorted(ids, key=lambda eid: (*_standing(ix, els[eid]), _READY.get(els[eid].status, 5), eid))


def best_standing(ix: Index, ids: Iterable[str]) -> list[str]:
    """:func:`preferred`, keeping only the ids as good as the first: as clear of being replaced or
    retired, as province-wide, and running or being built (alike) rather than planned."""
    ranked = preferred(ix, ids)
    els = ix.arch.elements

    def standing(eid: str) -> tuple[bool, bool, bool]:
        return (*_standing(ix, els[eid]), els[eid].status == "planned")

    best = standing(ranked[0]) if ranked else None
    return [e for e in ranked if standing(e) == best]
