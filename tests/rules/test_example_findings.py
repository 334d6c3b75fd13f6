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
    assert {"lgsp-long-an", "lgsp-tay-ninh-cu"} in dups  # 1
    assert {"lgsp-nganh-yte", "lgsp-hop-nhat", "lgsp-long-an", "lgsp-tay-ninh-cu", "da-yte-so",  # 2
            "da-hop-nhat-lgsp"} in dups
    assert {"tdl-tinh", "dc-tay-ninh-cu"} in dups  # 3
    assert {"ioc-nganh-giao-duc", "ioc-tay-ninh", "ioc-long-an", "da-dttm-tan-an-gd1"} in dups  # 4
    assert {"tay-ninh-smart", "long-an-so"} in dups  # 6 (its waiver expired)
    assert len(dups) == 5
    assert groups(smart_city, "dup-name") == [{"tdl-tinh", "dc-tay-ninh-cu"}]  # 3: NFD + case
    assert sorted(map(sorted, groups(smart_city, "dup-dataset-master"))) == [
        ["csdl-ho-so-tthc", "httt-tthc-long-an", "httt-tthc-tay-ninh"],  # 7
        ["csdl-phan-anh-kien-nghi", "he-thong-1022", "long-an-so"]]  # 8


def test_waived_one_stop_systems_5(smart_city):
    assert [set(w["elements"]) for w in smart_city["waived"]] == [{"httt-tthc-tay-ninh", "httt-tthc-long-an"}]


def test_the_health_lgsp_finding_explains_itself(smart_city):
    f = next(f for f in smart_city["findings"] if f["rule"] == "dup-capability" and "lgsp-nganh-yte" in f["elements"])
    assert f["location"]["file"] == "platforms.yaml"  # the copy in the smart-city model
    assert "da-yte-so (tạo lgsp-nganh-yte)" in f["message"] and "Nền tảng tích hợp" in f["message"]
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
    caps = {f["capabilities"][0] for f in smart_city["findings"] if f["rule"] == "gap-capability"}
    assert {"identity-sso", "water-management", "waste-management", "smart-education"} <= caps
    assert caps <= {"identity-sso", "water-management", "waste-management", "smart-education", "smart-grid",
                    "task-management"}
    assert groups(smart_city, "gap-task-group") == []  # every Decision 950 area has a project


def test_near_misses_are_not_reported(smart_city):
    everything = set().union(*[set(f["elements"]) for f in smart_city["findings"] if f["category"] == "duplication"])
    for quiet in ("ioc-tay-ninh-cu", "long-an-id", "cong-ttdt-tinh", "cong-dvc-tay-ninh", "dc-du-phong",
                  "camera-giam-sat-tinh", "giao-thong-thong-minh", "da-nang-cap-ioc", "da-du-lieu-mo",
                  "cong-du-lich-tay-ninh", "ung-dung-du-lich-thong-minh"):
        assert quiet not in everything, quiet


def test_the_whole_report_is_the_defended_set(smart_city):
    assert Counter(f["rule"] for f in smart_city["findings"]) == Counter({
        "gap-capability": 6, "dup-capability": 5, "mapping-unmapped": 3, "dup-dataset-master": 2,
        "platform-unused": 2, "gap-dependency-retired": 1, "principle-shared-hosting": 1, "gap-data-sharing": 1,
        "dup-name": 1, "principle-district-unit": 1, "gap-dependency-timeline": 1, "gap-ioc-integration": 1,
        "gap-security-level": 1, "project-budget": 1, "waiver-expired": 1})
    # identity-sso is common practice for 2026–2030 (TT 23/2018's programme ended in 2020): info, not warning
    assert smart_city["summary"] == {"error": 8, "warning": 9, "info": 11}


def test_baseline_alone(egov):
    rules = Counter(f["rule"] for f in egov["findings"])
    assert rules["dup-capability"] == 5 and rules["dup-dataset-master"] == 2  # 1, 3, 4, 5 (not waived here), 6; 7, 8
    for rule in ("gap-dependency-retired", "gap-data-sharing", "principle-shared-hosting", "principle-district-unit"):
        assert rules[rule] == 1, rule  # 9, 12, 14, 15
    assert "waiver-expired" not in rules and egov["waived"] == []  # 16 lives in smart-city/
