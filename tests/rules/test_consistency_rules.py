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
units:
  - {id: bo-x, name: Bộ X, level: central}
platforms:
  - {id: p1, name: P1, owner: so-khcn, capabilities: [iot-platform], security_level: 2}
  - {id: p2, name: Nền tảng P2, owner: so-khcn, security_level: 2}
  - {id: p3, name: P3, owner: so-khcn, status: retired}
  - {id: national, name: Nền tảng quốc gia, owner: bo-x, security_level: 3}
infrastructure:
  - {id: i1, name: I1, owner: so-khcn, capabilities: [network]}
  - {id: i2, name: I2, owner: so-khcn}
datasets:
  - {id: d1, name: D1, owner: so-khcn}
"""


def test_each_unmapped_system_is_one_finding_and_there_is_no_second_summary(check):
    found = check({"m.yaml": MAPPING}, "mapping-unmapped")
    # datasets are not expected to map; retired ones and national platforms (central owner) are not counted
    assert sorted(f["elements"] for f in found) == [["i2"], ["p2"]]
    assert all(f["severity"] == "info" for f in found)
    assert any("'Nền tảng P2' (p2)" in f["message"] for f in found)


def test_many_unmapped_systems_are_one_finding_with_the_completeness(check):
    rows = "".join(f"  - {{id: a{i}, name: Ứng dụng {i}, owner: so-khcn, security_level: 2}}\n" for i in range(11))
    found = check({"m.yaml": MAPPING + "applications:\n" + rows}, "mapping-unmapped")
    assert len(found) == 1
    f = found[0]
    assert len(f["elements"]) == 13 and f["details"]["total"] == 15 and f["details"]["percent"] == 13.3
    assert "2/15" in f["message"] and "13,3%" in f["message"] and "'Ứng dụng 0' (a0)" in f["message"]


def test_a_server_room_is_the_shared_hosting_finding_only(check):
    text = ("infrastructure:\n  - {id: tdl, name: TTDL, owner: so-khcn, type: datacenter, shared: true, capabilities: [datacenter]}\n"
            "  - {id: pm, name: Phòng máy, owner: so-yte}\n"
            "applications:\n  - {id: his, name: HIS, owner: so-yte, hosted_on: pm, security_level: 3, capabilities: [smart-health]}\n")
    rules = [f["rule"] for f in check({"i.yaml": text}) if "pm" in f["elements"]]
    assert rules == ["principle-shared-hosting"]


def test_fully_mapped_model_has_no_mapping_finding(check):
    text = MAPPING.replace("{id: p2, name: Nền tảng P2, owner: so-khcn,",
                           "{id: p2, name: Nền tảng P2, owner: so-khcn, capabilities: [gis-platform],")
    text = text.replace("{id: i2, name: I2, owner: so-khcn}", "{id: i2, name: I2, owner: so-khcn, capabilities: [wifi]}")
    assert check({"m.yaml": text}, "mapping-unmapped") == []


UNUSED = """\
platforms:
  - {id: gis, name: GIS dùng chung, owner: so-khcn, capabilities: [gis-platform], security_level: 2}
  - {id: sso, name: Xác thực tập trung, owner: so-khcn, capabilities: [identity-sso], security_level: 2}
  - {id: portal, name: Cổng thông tin, owner: so-khcn, capabilities: [web-portal], security_level: 2}
  - {id: mail, name: Thư công vụ, owner: so-khcn, capabilities: [email], security_level: 2}
  - {id: qlvb, name: Quản lý văn bản, owner: so-khcn, capabilities: [document-management], security_level: 2}
  - {id: vc, name: Hội nghị truyền hình, owner: so-khcn, capabilities: [video-conferencing], security_level: 2}
  - {id: kho-moi, name: Kho dữ liệu mới, owner: so-khcn, capabilities: [data-warehouse], status: planned,
     replaces: [kho-cu], security_level: 3}
  - {id: kho-cu, name: Kho dữ liệu cũ, owner: so-khcn, capabilities: [data-warehouse], status: retiring, security_level: 3}
  - {id: iot, name: IoT, owner: so-khcn, capabilities: [iot-platform], security_level: 2, integrates_with: [portal]}
applications:
  - {id: app, name: Ứng dụng, owner: so-khcn, uses: [sso, kho-cu], security_level: 2}
"""


def test_only_a_shared_platform_for_systems_can_be_unused_and_the_remedy_is_reuse(check):
    found = check({"u.yaml": UNUSED}, "platform-unused")
    # portal, e-mail, documents, video conferencing are used by people; kho-moi replaces kho-cu; iot reaches out
    assert [f["elements"] for f in found] == [["gis"]]
    f = found[0]
    assert "uses: [gis]" in f["suggestion"] and "dừng" not in f["suggestion"] and "retire" not in f["suggestion"]
    assert "'GIS dùng chung' (gis)" in f["message"]


def test_an_unused_duplicate_platform_is_the_duplicate_finding_only(check):
    text = UNUSED.replace("platforms:\n", "platforms:\n  - {id: gis-2, name: GIS ngành Y tế, owner: so-yte,"
                                           " capabilities: [gis-platform], security_level: 2}\n", 1)
    found = check({"u.yaml": text})
    assert "platform-unused" not in {f["rule"] for f in found}
    assert any(f["rule"] == "dup-capability" and {"gis", "gis-2"} <= set(f["elements"]) for f in found)


def test_manifest_rules_turn_off_and_regrade(check):
    files = {"a.yaml": "applications:\n  - {id: a, name: A, owner: so-khcn}\n", "p.yaml": PROJECTS}
    found = check(files, extra="rules: {gap-security-level: error, project-budget: 'off'}\n")
    rules = {f["rule"] for f in found}
    assert "project-budget" not in rules
    assert [f["severity"] for f in found if f["rule"] == "gap-security-level"] == ["error"]
