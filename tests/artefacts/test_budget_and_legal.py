"""Plan budgets that add up (constructed projects) and the legal basis of a period."""

from __future__ import annotations

import datetime as dt

from archtool.model.schema import Project
from archtool.publish.budget import CANCELLED, COMPLETED, OUTSIDE, PLAN, Budget, Phase
from tests.conftest import TODAY, run_cli, write_model

B = 10**9


def project(pid: str, status: str = "approved", period: tuple[int, int] | None = (2026, 2027), **budget: int) -> Project:
    lines = []
    for key, amount in budget.items():
        source, _, year = key.partition("_")
        lines.append({"source": source, "amount": amount, **({"year": int(year)} if year else {})})
    return Project(id=pid, name=pid, owner="u", status=status, budget=lines,
                   period={"start": period[0], "end": period[1]} if period else None)


def test_the_total_counts_only_open_projects_of_the_period_and_their_years_in_it() -> None:
    projects = [
        project("done", "completed", (2020, 2025), local=500 * B),
        project("dropped", "cancelled", (2026, 2027), local=9 * B),
        project("later", "proposed", (2031, 2032), central=7 * B),
        project("a", "approved", (2026, 2027), local=10 * B),                 # spread: 5 + 5
        project("b", "in-progress", (2024, 2027), central=8 * B),             # 2 a year, 2024–2025 outside
        project("c", "proposed", (2026, 2030), local_2026=3 * B, local_2031=4 * B, oda_2029=6 * B),
        project("d", "proposed", None, other=1 * B),                          # no year, no period
        project("dup", "proposed", (2028, 2028), private=2 * B),
    ]
    b = Budget(projects, (2026, 2030), [Phase(2026, 2027), Phase(2028, 2030)], duplicates={"dup"})
    groups = {r.el.id: r.group for r in b.rows}
    assert groups == {"done": COMPLETED, "dropped": CANCELLED, "later": OUTSIDE, "a": PLAN, "b": PLAN, "c": PLAN,
                      "d": PLAN, "dup": PLAN}
    assert b.total == (10 + 4 + 3 + 6 + 1 + 2) * B
    assert b.outside_total == (4 + 4) * B  # b's 2024–2025 and c's 2031 line
    assert b.by_source == {"central": 4 * B, "local": 13 * B, "private": 2 * B, "oda": 6 * B, "other": 1 * B}
    assert {y: sum(b.by_year(y).values()) for y in b.years} == {2026: 10 * B, 2027: 7 * B, 2028: 2 * B, 2029: 6 * B}
    assert sum(b.unscheduled.values()) == 1 * B
    phases = [(ph.span, sum(acc.values())) for ph, acc in b.by_phase()]
    assert phases == [("2026–2027", 17 * B), ("2028–2030", 8 * B)]
    assert sum(t for _s, t in phases) + sum(b.unscheduled.values()) == b.total
    assert b.duplicate_total == 2 * B
    assert [ph.span for ph in b.phases_of(next(r for r in b.rows if r.el.id == "c"))] == ["2026–2027", "2028–2030"]


def test_spreading_is_exact_and_in_whole_millions_when_it_can_be() -> None:
    b = Budget([project("p", period=(2026, 2028), local=10 * 10**6), project("q", period=(2026, 2028), local=100)],
               (2026, 2030), [], set())
    p, q = b.rows
    assert sorted(p.cells.values()) == [3 * 10**6, 3 * 10**6, 4 * 10**6] and sum(q.cells.values()) == 100
    assert [ph.span for ph in b.phases] == ["2026–2030"]  # without phases the period is one


def test_phases_must_cover_the_period_in_order(tmp_path) -> None:
    from tests.conftest import UNITS

    bad = "archtool: 1\nmodel: {id: m, name: M, kind: e-government, period: {start: 2026, end: 2030},\n" \
          "        phases: [{start: 2026, end: 2027}, {start: 2029, end: 2030}]}\n"
    model = write_model(tmp_path / "m", {"u.yaml": UNITS}, manifest=bad)
    code, out, _err = run_cli("check", str(model))
    assert code == 1 and "manifest-invalid" in out and "phases" in out and "archtool.yaml" in out


def test_legal_basis_is_the_period_s_national_documents_once_in_a_planner_s_order() -> None:
    from archtool.catalogs import load
    from archtool.publish.legal import drafter_notes, legal_basis

    cats = load()
    now = [d.text for d in legal_basis(cats, (2026, 2030), TODAY)]
    assert sum(t.startswith("Nghị định số 85/2016/NĐ-CP") for t in now) == 1  # the decree, not each article
    assert not any("phiên bản 2.0" in t or "23/2018/TT-BTTTT" in t for t in now)  # superseded before 2026
    assert any(t.startswith("Khung kiến trúc Chính phủ số Việt Nam, phiên bản 4.0") for t in now)
    laws = [i for i, t in enumerate(now) if t.startswith("Luật")]
    decrees = [i for i, t in enumerate(now) if t.startswith("Nghị định")]
    dispatches = [i for i, t in enumerate(now) if t.startswith("Công văn")]
    assert max(laws) < min(decrees) < max(decrees) < min(dispatches)
    assert "Nghị định số 269/2025/NĐ-CP ngày 14/10/2025 của Chính phủ về phát triển đô thị thông minh" in now
    earlier = [d.text for d in legal_basis(cats, (2020, 2022), dt.date(2021, 1, 1))]
    assert any("phiên bản 2.0" in t for t in earlier) and not any("269/2025" in t for t in earlier)
    notes = dict(drafter_notes(legal_basis(cats, (2026, 2030), TODAY)))
    assert any("194/2025" in t for t in notes) and all(notes.values())
