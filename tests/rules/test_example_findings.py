"""The bundled Tây Ninh example yields the deliberate findings of examples/tay-ninh/README.md (1–17),
and none of its near-misses."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import EXAMPLE, check_json


@pytest.fixture(scope="module")
def smart_city():
    _code, report = check_json(EXAMPLE / "smart-city")
    return report


@pytest.fixture(scope="module")
def egov():
    _code, report = check_json(EXAMPLE / "egov")
    return report


def groups(report, rule):
    return [set(f["elements"]) for f in report["findings"] if f["rule"] == rule]


def test_duplications_1_to_8(smart_city):
    dups = groups(smart_city, "dup-capability")
    # 1: the two old LGSPs are merged into lgsp-hop-nhat (it replaces both): one system over time here,
    # a duplicate in the baseline alone (test_baseline_alone)
    assert {"lgsp-long-an", "lgsp-tay-ninh-cu"} not in dups
    assert {"lgsp-nganh-yte", "lgsp-hop-nhat", "lgsp-long-an", "lgsp-tay-ninh-cu", "da-yte-so",  # 2
            "da-hop-nhat-lgsp"} in dups
    assert {"tdl-tinh", "dc-tay-ninh-cu"} in dups  # 3
    assert {"ioc-nganh-giao-duc", "ioc-tay-ninh", "ioc-long-an", "da-dttm-tan-an-gd1"} in dups  # 4
    assert {"tay-ninh-smart", "long-an-so"} in dups  # 6 (its waiver expired)
    assert len(dups) == 4
    # 3: the near-identical names (NFD + case) are the same pair as the datacenter duplicate: one finding
    assert groups(smart_city, "dup-name") == []
    assert sorted(map(sorted, groups(smart_city, "dup-dataset-master"))) == [
        ["csdl-ho-so-tthc", "httt-tthc-long-an", "httt-tthc-tay-ninh"],  # 7
        ["csdl-phan-anh-kien-nghi", "he-thong-1022", "long-an-so"]]  # 8


def test_waived_one_stop_systems_5(smart_city):
    assert [set(w["elements"]) for w in smart_city["waived"]] == [{"httt-tthc-tay-ninh", "httt-tthc-long-an"}]


def test_the_health_lgsp_finding_explains_itself(smart_city):
    f = next(f for f in smart_city["findings"] if f["rule"] == "dup-capability" and "lgsp-nganh-yte" in f["elements"])
    assert f["location"]["file"] == "platforms.yaml"  # the copy in the smart-city model
    assert "(da-yte-so) tạo lgsp-nganh-yte" in f["message"] and "Nền tảng tích hợp" in f["message"]
    # the remedy is reuse of the merged LGSP, turning the health project into an upgrade of it
    assert f["suggestion"].startswith("Dùng lại 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Tây Ninh (hợp nhất)'")
    assert "(da-yte-so)" in f["suggestion"] and "upgrades: [lgsp-hop-nhat]" in f["suggestion"]
    assert f["details"]["conflicts"]["lgsp-hop-nhat"] == ["lgsp-nganh-yte"]  # the merger LGSP replaces the old two


def test_gaps_principles_and_consistency_9_to_17(smart_city):
    def only(rule):
        return groups(smart_city, rule)

    assert only("gap-dependency-retired") == [{"cong-du-lieu-mo-long-an", "cong-ttdt-long-an"}]  # 9
    assert only("gap-dependency-timeline") == [{"giao-thong-thong-minh", "nen-tang-iot"}]  # 10
    assert only("gap-ioc-integration") == [{"quan-trac-moi-truong"}]  # 11
    assert only("gap-data-sharing") == [{"csdl-ho-so-suc-khoe"}]  # 12
    assert only("gap-security-level") == [{"ung-dung-du-lich-thong-minh"}]  # 13
    assert only("principle-shared-hosting") == [{"hssk-dien-tu", "phong-may-so-yte"}]  # 14
    assert only("principle-district-unit") == [{"camera-tan-an", "ubnd-tp-tan-an-cu"}]  # 15
    assert only("waiver-expired") == [{"long-an-so", "tay-ninh-smart"}]  # 16
    assert only("project-budget") == [{"da-chieu-sang-thong-minh"}]  # 17


def test_profile_gaps_are_the_true_gaps_named_in_the_readme(smart_city):
    found = [f for f in smart_city["findings"] if f["rule"] == "gap-capability"]
    single = sorted(f["capabilities"][0] for f in found if len(f["capabilities"]) == 1)
    assert single == ["identity-sso", "task-management"]  # common practice: information
    fields = [f for f in found if len(f["capabilities"]) > 1]
    assert len(fields) == 1  # the smart-city fields not started are one "may consider" finding
    assert set(fields[0]["capabilities"]) == {"water-management", "waste-management", "smart-education", "smart-grid"}
    assert all(f["severity"] == "info" for f in found)
    assert groups(smart_city, "gap-task-group") == []  # every Decision 950 area has a project


def test_near_misses_are_not_reported(smart_city):
    everything = set().union(*[set(f["elements"]) for f in smart_city["findings"] if f["category"] == "duplication"])
    for quiet in ("ioc-tay-ninh-cu", "long-an-id", "cong-ttdt-tinh", "cong-dvc-tay-ninh", "dc-du-phong",
                  "camera-giam-sat-tinh", "giao-thong-thong-minh", "da-nang-cap-ioc", "da-du-lieu-mo",
                  "cong-du-lich-tay-ninh", "ung-dung-du-lich-thong-minh"):
        assert quiet not in everything, quiet


def test_rebuilds_and_migrations_the_plan_must_show(smart_city):
    assert sorted(map(sorted, groups(smart_city, "principle-rebuild"))) == [
        ["camera-giam-sat-tinh", "camera-tan-an"],  # the 2021–2025 Tân An cameras, replaced in 2026
        ["giao-thong-an-toan-tan-an", "giao-thong-thong-minh"]]  # the 2024 traffic pilot, replaced in 2026
    retiring = {f["elements"][0]: f for f in smart_city["findings"] if f["rule"] == "gap-dependency-retiring"}
    assert sorted(retiring) == ["dc-tay-ninh-cu", "lgsp-long-an", "lgsp-tay-ninh-cu"]
    # the old Tây Ninh data centre becomes the backup site: its systems go to the main data centre
    assert "hosted_on: tdl-tinh" in retiring["dc-tay-ninh-cu"]["suggestion"]
    assert "uses: [lgsp-hop-nhat]" in retiring["lgsp-long-an"]["suggestion"]
    spread = [f for f in smart_city["findings"] if f["rule"] == "principle-spread-thin"]
    assert [f["severity"] for f in spread] == ["info"]  # four fields started, no priorities declared


def test_no_finding_tells_the_planner_to_retire_a_system_people_use(smart_city):
    assert groups(smart_city, "platform-unused") == []  # the sector IOC and the health LGSP are duplicates
    assert groups(smart_city, "mapping-unmapped") == []  # ndxp is national; the server room is finding 14


def test_the_whole_report_is_the_defended_set(smart_city):
    """docs/findings.md defends each of these."""
    assert Counter(f["rule"] for f in smart_city["findings"]) == Counter({
        "dup-capability": 4, "dup-dataset-master": 2, "gap-dependency-retired": 1, "principle-shared-hosting": 1,
        "gap-data-sharing": 1, "principle-district-unit": 1, "principle-rebuild": 2, "gap-dependency-timeline": 1,
        "gap-ioc-integration": 1, "gap-security-level": 1, "gap-capability": 3, "principle-spread-thin": 1,
        "gap-dependency-retiring": 3, "project-budget": 1, "waiver-expired": 1})
    assert smart_city["summary"] == {"error": 7, "warning": 13, "info": 4}


def test_baseline_alone(egov):
    rules = Counter(f["rule"] for f in egov["findings"])
    assert rules["dup-capability"] == 5 and rules["dup-dataset-master"] == 2  # 1, 3, 4, 5 (not waived here), 6; 7, 8
    for rule in ("gap-dependency-retired", "gap-data-sharing", "principle-shared-hosting", "principle-district-unit"):
        assert rules[rule] == 1, rule  # 9, 12, 14, 15
    assert "waiver-expired" not in rules and egov["waived"] == []  # 16 lives in smart-city/
