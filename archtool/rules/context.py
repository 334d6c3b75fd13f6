"""What a check function receives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from archtool.catalogs import Catalogs
from archtool.model.architecture import Architecture


@dataclass
class Context:
    arch: Architecture
    catalogs: Catalogs
    today: dt.date  # "now" for time-dependent rules (waiver expiry); fixed in tests and with --as-of

    @property
    def capabilities(self) -> dict[str, Any]:
        return self.catalogs.capabilities
