"""Plan budgets that add up: which projects a plan counts, and its totals by source, year and phase.

The rules (docs/build.md, "Kinh phí"):

* The plan total counts the projects that are neither completed nor cancelled and whose period
  touches the model's period, and of them only the amounts that fall inside the period.
* A budget line with a ``year`` falls in that year. A line without one is spread evenly over the
  years of the project's period, in whole millions when the amount is (the remainder goes to the
  first years, so the parts add up exactly); a line with neither is "not scheduled" and counted in
  the total on a row of its own.
* Completed, cancelled and out-of-period projects are listed apart and never summed into the total.
* A project that a duplication finding names is marked, and its amount is shown as its own subtotal.
* Phases are the manifest's ``model.phases``; without them the whole period is one phase.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

from archtool.vocab import BUDGET_SOURCES

#: how a project enters the plan's budget
PLAN, COMPLETED, CANCELLED, OUTSIDE = "plan", "completed", "cancelled", "outside"
UNSCHEDULED = None  # the "year" of an amount that has no year and no project period


@dataclass(frozen=True)
class Phase:
    start: int
    end: int
    name: str = ""

    @property
    def span(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    def holds(self, year: int) -> bool:
        return self.start <= year <= self.end


@dataclass
class ProjectBudget:
    """One project's money, split the way the plan counts it."""

    el: Any
    group: str                      # PLAN, COMPLETED, CANCELLED or OUTSIDE
    duplicate: bool                 # named by a duplication finding
    by_source: dict[str, int]       # every budget line, whatever its year
    total: int
    #: the amounts inside the model period: (source, year or UNSCHEDULED) -> đồng
    cells: dict[tuple[str, int | None], int] = field(default_factory=dict)
    outside: int = 0                # the part of a PLAN project that falls outside the period
    spread: bool = False            # a line without a year was spread over the project's years

    @property
    def span(self) -> str:
        p = self.el.period
        if p is None:
            return ""
        return str(p.start) if p.start == p.end else f"{p.start}–{p.end}"

    @property
    def in_plan(self) -> int:
        return sum(self.cells.values())

    def in_plan_by_source(self) -> dict[str, int]:
        out = {s: 0 for s in BUDGET_SOURCES}
        for (source, _year), amount in self.cells.items():
            out[source] += amount
        return out


def _years(amount: int, start: int, end: int) -> list[tuple[int, int]]:
    """``amount`` spread evenly over ``start..end``, exact to the đồng: in whole millions when the
    amount is (the remainder, in millions, goes to the first years), else in đồng."""
    n = end - start + 1
    unit = 10**6 if amount % 10**6 == 0 else 1
    base, rest = divmod(amount // unit, n)
    return [(start + i, (base + (1 if i < rest else 0)) * unit) for i in range(n)]


class Budget:
    """Every project of a model with its share in the plan, and the plan's totals."""

    def __init__(self, projects: Iterable[Any], period: tuple[int, int] | None, phases: list[Phase],
                 duplicates: set[str]) -> None:
        self.period = period
        if not phases and period:
            phases = [Phase(period[0], period[1])]
        self.phases = phases
        self.rows = [self._row(p, p.id in duplicates) for p in projects]

    def _inside(self, year: int) -> bool:
        return self.period is None or self.period[0] <= year <= self.period[1]

    def _row(self, p: Any, duplicate: bool) -> ProjectBudget:
        by_source = {s: 0 for s in BUDGET_SOURCES}
        for line in p.budget:
            by_source[line.source] += line.amount
        if p.status == "completed":
            group = COMPLETED
        elif p.status == "cancelled":
            group = CANCELLED
        elif p.period and self.period and (p.period.end < self.period[0] or p.period.start > self.period[1]):
            group = OUTSIDE
        else:
            group = PLAN
        row = ProjectBudget(p, group, duplicate, by_source, sum(by_source.values()))
        if group != PLAN:
            return row
        cells: dict[tuple[str, int | None], int] = defaultdict(int)
        for line in p.budget:
            if line.year is not None:
                parts: list[tuple[int | None, int]] = [(line.year, line.amount)]
            elif p.period is not None:
                parts = list(_years(line.amount, p.period.start, p.period.end))
                row.spread = row.spread or p.period.start != p.period.end
            else:
                parts = [(UNSCHEDULED, line.amount)]
            for year, amount in parts:
                if year is UNSCHEDULED or self._inside(year):
                    cells[(line.source, year)] += amount
                else:
                    row.outside += amount
        row.cells = dict(cells)
        return row

    # -- groups --------------------------------------------------------------------------------
    def of(self, group: str) -> list[ProjectBudget]:
        return [r for r in self.rows if r.group == group]

    @cached_property
    def plan(self) -> list[ProjectBudget]:
        return self.of(PLAN)

    # -- totals of the plan ------------------------------------------------------------------------
    @cached_property
    def cells(self) -> dict[tuple[str, int | None], int]:
        """The plan's amounts by (source, year or UNSCHEDULED), over all plan projects."""
        out: dict[tuple[str, int | None], int] = defaultdict(int)
        for r in self.plan:
            for key, amount in r.cells.items():
                out[key] += amount
        return dict(out)

    def _sum(self, rows: Iterable[ProjectBudget]) -> int:
        return sum(r.in_plan for r in rows)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    @property
    def by_source(self) -> dict[str, int]:
        return {s: sum(a for (src, _y), a in self.cells.items() if src == s) for s in BUDGET_SOURCES}

    @property
    def years(self) -> list[int]:
        return sorted({y for (_s, y) in self.cells if y is not None})

    @property
    def unscheduled(self) -> dict[str, int]:
        return self.by_year(UNSCHEDULED)

    def by_year(self, year: int | None) -> dict[str, int]:
        return {s: self.cells.get((s, year), 0) for s in BUDGET_SOURCES}

    def by_phase(self) -> list[tuple[Phase, dict[str, int]]]:
        """Each phase with its amounts by source (years outside every phase cannot occur: the
        phases cover the period, and amounts outside the period are not in the plan)."""
        return [(ph, {s: sum(a for (src, y), a in self.cells.items() if src == s and y is not None and ph.holds(y))
                      for s in BUDGET_SOURCES}) for ph in self.phases]

    def phases_of(self, row: ProjectBudget) -> list[Phase]:
        """The phases a project's in-plan money falls in (its place on the roadmap)."""
        years = {y for (_s, y) in row.cells if y is not None}
        if not years and row.el.period is not None:
            years = set(range(row.el.period.start, row.el.period.end + 1))
        return [ph for ph in self.phases if any(ph.holds(y) for y in years)]

    @property
    def duplicate_total(self) -> int:
        return self._sum(r for r in self.plan if r.duplicate)

    @property
    def outside_total(self) -> int:
        """Amounts of plan projects that fall outside the period (not in the total)."""
        return sum(r.outside for r in self.plan)

    @property
    def spread_used(self) -> bool:
        return any(r.spread for r in self.plan)
