"""What a check function receives: the architecture, the catalogs, the reference date, the shared
indexes, and — in a review — the ids of the proposal's elements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from archtool.catalogs import Catalogs
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

    def cite(self, entry_id: str, fallback: str) -> str:
        """The citation of a catalog entry (so user catalogs can re-cite), else ``fallback``."""
        entry = self.catalogs.get(entry_id)
        return entry.citation if entry is not None and entry.citation else fallback

    def model_location(self) -> Location:
        return self.arch.model_location("model.kind")
