"""project-*, mapping-unmapped, platform-unused, and manifest rule settings."""

from __future__ import annotations

PROJECTS = """\
projects:
  - {id: no-money, name: Chiếu sáng, owner: so-khcn, period: {start: 2029, end: 2030}}
  - {id: zero, name: Không đồng, owner: so-khcn, period: {start: 2027, end: 2028}, budget: [{source: local, amount: 0}]}
  - {id: funded, name: IOC, owner: so-khcn, period: {start: 2026, end: 2027}, budget: [{source: local, amount: 5}]}
  - {id: dropped, name: Hủy, owner: so-khcn, status: cancelled}
  - {id: done, name: Xong, owner: so-khcn, status: completed, period: {start: 2020, end: 2025}}
  - {id: no-period, name: Chưa lịch, owner: so-khcn, budget: [{source: local, amount: 5}]}
  - {id: late, name: Kéo dài, owner: so-khcn, period: {start: 2029, end: 2032}, budget: [{source: local, amount: 5}]}
  - {id: year, name: Năm lệch, owner: so-khcn, period: {start: 2026, end: 2027},
     budget: [{source: local, amount: 5, year: 2026}, {source: central, amount: 5, year: 2028}]}
"""


def test_projects_without_budget(check):
    found = check({"p.yaml": PROJECTS}, "project-budget")
    assert sorted(f["elements"][0] for f in found) == ["no-money", "zero"]
    assert "đề xuất" in found[0]["message"]


def test_projects_without_period(check):
    found = check({"p.yaml": PROJECTS}, "project-period")
    assert [f["elements"] for f in found] == [["no-period"]]


def test_project_period_outside_the_model_and_budget_year_outside_the_project(check):
    found = check({"p.yaml": PROJECTS}, "project-outside-period")
    got = sorted((f["elements"][0], f["location"]["line"]) for f in found)
    assert got == [("late", 8), ("year", 10)]
    late = next(f for f in found if f["elements"] == ["late"])
    assert "2029–2032" in late["message"] and "2026–2030" in late["message"]


def test_no_model_period_means_no_model_period_check(check):
    assert [f["elements"] for f in check({"p.yaml": PROJECTS}, "project-outside-period", period=None)] == [["year"]]


MAPPING = """\
platforms:
  - {id: p1, name: P1, owner: so-khcn, capabilities: [iot-platform], security_level: 2}
  - {id: p2, name: P2, owner: so-khcn, security_level: 2}
  - {id: p3, name: P3, owner: so-khcn, status: retired}
infrastructure:
  - {id: i1, name: I1, owner: so-khcn, capabilities: [network]}
  - {id: i2, name: I2, owner: so-khcn}
datasets:
  - {id: d1, name: D1, owner: so-khcn}
"""


def test_unmapped_elements_and_mapping_completeness(check):
    found = check({"m.yaml": MAPPING}, "mapping-unmapped")
    per_element = sorted(f["elements"][0] for f in found if f["elements"])
    assert per_element == ["i2", "p2"]  # datasets are not expected to map; retired ones are not counted
    summary = [f for f in found if not f["elements"]]
    assert len(summary) == 1 and summary[0]["details"]["percent"] == 50.0
    assert "2/4" in summary[0]["message"] and "50,0%" in summary[0]["message"]
    assert all(f["severity"] == "info" for f in found)


def test_fully_mapped_model_has_no_mapping_finding(check):
    text = MAPPING.replace("{id: p2, name: P2, owner: so-khcn,", "{id: p2, name: P2, owner: so-khcn, capabilities: [gis-platform],")
    text = text.replace("{id: i2, name: I2, owner: so-khcn}", "{id: i2, name: I2, owner: so-khcn, capabilities: [wifi]}")
    assert check({"m.yaml": text}, "mapping-unmapped") == []


UNUSED = """\
platforms:
  - {id: used, name: Dùng, owner: so-khcn, security_level: 2}
  - {id: lonely, name: Không ai dùng, owner: so-khcn, security_level: 2, integrates_with: [used]}
  - {id: realizer, name: Hiện thực dịch vụ, owner: so-khcn, security_level: 2}
  - {id: dying, name: Sắp dừng, owner: so-khcn, status: retiring, security_level: 2}
applications:
  - {id: app, name: Ứng dụng, owner: so-khcn, uses: [used], security_level: 2}
services:
  - {id: dv, name: Dịch vụ, owner: so-khcn, realized_by: [realizer]}
"""


def test_platform_nobody_uses(check):
    found = check({"u.yaml": UNUSED}, "platform-unused")
    assert [f["elements"] for f in found] == [["lonely"]]


def test_manifest_rules_turn_off_and_regrade(check):
    files = {"a.yaml": "applications:\n  - {id: a, name: A, owner: so-khcn}\n", "p.yaml": PROJECTS}
    found = check(files, extra="rules: {gap-security-level: error, project-budget: 'off'}\n")
    rules = {f["rule"] for f in found}
    assert "project-budget" not in rules
    assert [f["severity"] for f in found if f["rule"] == "gap-security-level"] == ["error"]
