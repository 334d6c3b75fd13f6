"""principle-*: each triggered, and the near-misses that must not be."""

from __future__ import annotations

import re

import pytest

HOSTING = """\
infrastructure:
  - {id: tdl, name: TTDL tỉnh, owner: so-khcn, type: datacenter, shared: %s, capabilities: [datacenter]}
  - {id: pm, name: Phòng máy Sở Y tế, owner: so-yte, type: server-room}
applications:
  - {id: his, name: HIS, owner: so-yte, hosted_on: pm, security_level: 3}
  - {id: web, name: Cổng, owner: so-khcn, hosted_on: tdl, security_level: 2}
"""


def test_private_server_room_beside_a_shared_datacenter(check):
    found = check({"i.yaml": HOSTING % "true"}, "principle-shared-hosting")
    assert len(found) == 1 and found[0]["elements"] == ["his", "pm"]
    assert "hosted_on: tdl" in found[0]["suggestion"] and found[0]["location"]["line"] == 5


def test_no_shared_datacenter_means_no_principle_violation(check):
    assert check({"i.yaml": HOSTING % "false"}, "principle-shared-hosting") == []


DISTRICT = """\
infrastructure:
  - {id: cam, name: Camera, owner: %s, type: camera-network%s}
applications:
  - {id: app, name: Ứng dụng, owner: so-khcn, scope: [huyen-x], security_level: 2}
"""


def test_district_unit_referenced_after_1_july_2025(check):
    found = check({"i.yaml": DISTRICT % ("huyen-x", "")}, "principle-district-unit")
    assert sorted((f["elements"][0], f["details"]["relations"][0]) for f in found) == [("app", "scope"), ("cam", "owner")]
    assert all("72/2025/QH15" in f["citation"] for f in found)
    assert "UBND huyện X (cũ)" in found[0]["message"]


def test_elements_stopped_before_the_reform_or_models_of_that_time_are_fine(check):
    text = DISTRICT.replace("scope: [huyen-x]", "scope: province") % ("huyen-x", ", status: retired")
    assert check({"i.yaml": text}, "principle-district-unit") == []
    text = DISTRICT.replace("scope: [huyen-x]", "scope: province") % ("huyen-x", ", until: 2024")
    assert check({"i.yaml": text}, "principle-district-unit") == []
    assert check({"i.yaml": DISTRICT % ("huyen-x", "")}, "principle-district-unit", period=(2021, 2024)) == []


def test_a_district_unit_as_owner_and_scope_is_one_finding(check):
    text = DISTRICT.replace("owner: so-khcn, scope: [huyen-x]", "owner: huyen-x, scope: [huyen-x]") % ("so-khcn", "")
    found = check({"i.yaml": text}, "principle-district-unit")
    assert [f["elements"] for f in found] == [["app", "huyen-x"]]
    assert found[0]["details"]["relations"] == ["owner", "scope"]
    assert "đơn vị chủ quản (owner) và phạm vi (scope)" in found[0]["message"]
    assert "'Ứng dụng' (app)" in found[0]["message"]  # the element by its name


EARLY = """\
platforms:
  - {id: lgsp, name: LGSP tỉnh, owner: so-khcn, capabilities: [integration-platform], security_level: 3}
  - {id: gis, name: Nền tảng bản đồ số, owner: so-khcn, status: planned, capabilities: [gis-platform], security_level: 2}
applications:
  - {id: gt, name: Giao thông thông minh, owner: so-khcn, status: planned, capabilities: [smart-traffic],
     datasets: [{id: hs, access: master}]}
  - {id: yt, name: Y tế thông minh, owner: so-yte, status: planned, capabilities: [smart-health], security_level: 1,
     datasets: [{id: hs, access: read}]}
  - {id: gd, name: Giáo dục thông minh, owner: so-khcn, status: planned, capabilities: [smart-education]}
  - {id: dl, name: Du lịch thông minh, owner: so-khcn, status: planned, capabilities: [smart-tourism]}
  - {id: mt, name: Quan trắc môi trường, owner: so-khcn, status: planned, capabilities: [environment-monitoring]}
datasets:
  - {id: hs, name: CSDL hồ sơ, owner: so-yte, personal_data: true}
"""


@pytest.mark.parametrize("period", [(2011, 2015), (2016, 2020)])
def test_no_finding_cites_a_document_issued_after_the_models_period(check, period):
    """A rule whose catalog basis has nothing valid in the period cites the model format, never its
    own text naming a later document (CV 2333/2023, NĐ 269/2025, TT 03/2026...)."""
    found = check({"e.yaml": EARLY}, kind="smart-city", period=period)
    rules = {f["rule"] for f in found}
    assert {"principle-egov-base", "principle-spread-thin", "principle-bypass-shared"} <= rules
    for f in found:
        years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", f.get("citation") or "")]
        assert all(y <= period[1] for y in years), (f["rule"], f["citation"])
