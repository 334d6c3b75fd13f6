"""What a check function receives: the architecture, the catalogs, the reference date, the shared
indexes, and — in a review — the ids of the proposal's elements; and the one way a rule cites a
catalog entry for the model's period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from archtool.catalogs import Catalogs, period_days
from archtool.findings import Location
from archtool.i18n import L
from archtool.model.architecture import Architecture
from archtool.rules.index import Index


@dataclass
class Context:
    arch: Architecture
    catalogs: Catalogs
    today: dt.date  # "now" for time-dependent rules (waiver expiry); fixed in tests and with --as-of
    #: ids of the elements a review's proposal adds (empty for a plain check)
    proposal: frozenset[str] = field(default_factory=frozenset)
    #: the id of every rule archtool knows (for checks of rule ids written in the model)
    rule_ids: frozenset[str] = field(default_factory=frozenset)
    #: a focused run (a review): only the findings that name one of :attr:`proposal` are asked for,
    #: and these ids are every element such a finding can start from (the proposal's elements, what
    #: they reference and what references them). A check may look only at these; one that ignores
    #: ``focus`` is still right (the engine keeps the findings that name the proposal). None: all.
    focus: frozenset[str] | None = None

    def visits(self, el: Any) -> bool:
        """Whether a check that reports about ``el`` (and what ``el`` names) should look at it: every
        element, or in a focused run those of :attr:`focus`."""
        return self.focus is None or el.id in self.focus

    def asks_about(self, el: Any) -> bool:
        """Whether a finding that names ``el`` alone and lies in its file can be asked for: always,
        or in a focused run when ``el`` is one of the proposal's elements (the engine keeps no other)."""
        return self.focus is None or el.id in self.proposal

    @property
    def focused(self) -> bool:
        """A focused run (a review): a check whose findings can never name a proposal element, nor
        lie in its files, has nothing to do."""
        return self.focus is not None

    @cached_property
    def index(self) -> Index:
        return Index(self.arch)

    @property
    def capabilities(self) -> dict[str, Any]:
        return self.catalogs.capabilities

    def cap_name(self, cap: str) -> L:
        """The capability's catalog name in both languages (its id if the catalog lacks it)."""
        e = self.catalogs.get(cap)
        return L(e.name, e.name_en or e.name) if e else L(cap, cap)

    @cached_property
    def period(self) -> tuple[dt.date, dt.date]:
        """The first and last day of the model's planning period; the reference date when the
        model declares none (a citation is then what is valid on that day)."""
        p = self.arch.manifest.model.period if self.arch.manifest else None
        return period_days(p.start, p.end) if p is not None else (self.today, self.today)

    @cached_property
    def period_years(self) -> tuple[int, int] | None:
        p = self.arch.manifest.model.period if self.arch.manifest else None
        return (p.start, p.end) if p is not None else None

    def cite(self, entry_id: str, fallback: str = "") -> str:
        """The citation of a catalog entry valid for the model's period (so user catalogs can
        re-cite): a requirement's applicable ``basis`` texts (``citation_for``); a document's own
        citation when it is national and a valid basis on a day of the period. Never another
        province's document, never one issued after the period. ``fallback`` when the catalog
        has no such entry (a trimmed user catalog); ``""`` when the entry has no basis then."""
        entry = self.catalogs.get(entry_id)
        if entry is None:
            return fallback
        start, end = self.period
        if entry.get("basis") is not None:
            return self.catalogs.citation_for(entry, start, end)
        if entry.get("scope") == "provincial" or not self.catalogs.in_force_during(entry, start, end):
            return ""
        return entry.citation

    def cite_all(self, *parts: str) -> str:
        """Citations joined by '; ', empty ones and repeats left out."""
        seen: list[str] = []
        for part in parts:
            for piece in (part or "").split("; "):
                if piece.strip() and piece not in seen:
                    seen.append(piece)
        return "; ".join(seen)

    def model_location(self) -> Location:
        return self.arch.model_location("model.kind")
