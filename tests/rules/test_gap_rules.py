"""gap-*: each triggered, and the near-misses that must not be."""

from __future__ import annotations


def test_required_capabilities_come_from_the_profile_with_their_severity_and_citation(check):
    found = check({"apps.yaml": "applications:\n  - {id: qlvb, name: QLVB, owner: so-khcn, "
                                "capabilities: [document-management], security_level: 2}\n"}, "gap-capability")
    by_cap = {f["capabilities"][0]: f for f in found}
    assert "document-management" not in by_cap
    lgsp = by_cap["integration-platform"]
    # national guidance (not law) valid for 2026–2030: CV 2943/2025; TT 23/2018's 2016–2020 programme has ended
    assert lgsp["severity"] == "warning" and "CV 2943/CĐSQG-CNCPS" in lgsp["citation"]
    assert "TT 23/2018" not in lgsp["citation"]
    assert by_cap["email"]["severity"] == "info"
    assert lgsp["location"]["file"] == "archtool.yaml" and lgsp["location"]["line"] == 5  # model.kind
    assert "chính quyền điện tử" in lgsp["message"] and "Nền tảng tích hợp" in lgsp["message"]


def test_baseline_and_alternatives_satisfy_requirements(check):
    base = {"p.yaml": "platforms:\n  - {id: lgsp, name: LGSP, owner: so-khcn, capabilities: [integration-platform]}\n"}
    files = {"i.yaml": "infrastructure:\n  - {id: cloud, name: Đám mây, owner: so-khcn, capabilities: [cloud],"
                       " status: planned}\n"}
    caps = {f["capabilities"][0] for f in check(files, "gap-capability", baseline=base)}
    assert "integration-platform" not in caps  # provided by the baseline
    assert "datacenter" not in caps  # cloud is an accepted alternative, and planned counts
    assert "identity-sso" in caps


PROJECT = ("  - {{id: {id}, name: Dự án, owner: so-khcn, task_groups: [{groups}], status: {status},"
           " period: {{start: 2026, end: 2027}}, budget: [{{source: local, amount: 1}}]}}\n")


def projects(*rows: tuple[str, str, str]) -> dict[str, str]:
    return {"projects.yaml": "projects:\n" + "".join(PROJECT.format(id=i, groups=g, status=s) for i, g, s in rows)}


def test_decision_950_areas_without_projects_in_a_smart_city_model(check):
    found = check(projects(("p1", "d950-c1, d950-c2", "approved"), ("p2", "d950-g1-t1", "proposed"),
                           ("p3", "d950-c3", "cancelled")), "gap-task-group", kind="smart-city")
    assert sorted(f["details"]["task_group"] for f in found) == ["d950-c3", "d950-c4"]
    assert all(f["location"]["file"] == "archtool.yaml" for f in found)
    assert any("Nền tảng hạ tầng" in f["message"] or "d950-c4" in f["message"] for f in found)


def test_decision_950_coverage_is_not_asked_of_an_e_government_model(check):
    assert check(projects(("p1", "d950-c1", "approved")), "gap-task-group") == []


SYSTEMS = """\
applications:
  - {id: app, name: Ứng dụng, owner: so-khcn, status: planned, since: 2026, uses: [%s], security_level: 2}
platforms:
  - {id: old, name: Cũ, owner: so-khcn, status: retired, security_level: 2}
  - {id: going, name: Sắp dừng, owner: so-khcn, status: retiring, security_level: 2}
  - {id: iot, name: IoT, owner: so-khcn, status: planned, since: 2027, security_level: 2}
  - {id: now, name: Có sẵn, owner: so-khcn, status: operational, since: 2028, security_level: 2}
  - {id: same, name: Cùng năm, owner: so-khcn, status: building, since: 2026, security_level: 2}
"""


def test_dependency_on_a_retired_element(check):
    found = check({"s.yaml": SYSTEMS % "going, old"}, "gap-dependency-retired")
    assert len(found) == 1 and found[0]["elements"] == ["app", "old"]
    assert found[0]["location"]["line"] == 2 and found[0]["severity"] == "error"


def test_retired_dependent_is_not_reported(check):
    text = SYSTEMS.replace("status: planned, since: 2026, uses: [%s]", "status: retired, uses: [old]")
    assert check({"s.yaml": text}, "gap-dependency-retired") == []


def test_dependency_on_an_element_planned_to_start_later(check):
    found = check({"s.yaml": SYSTEMS % "iot, now, same"}, "gap-dependency-timeline")
    assert [f["elements"] for f in found] == [["app", "iot"]]  # 'now' is operational, 'same' starts with it
    assert "2026" in found[0]["message"] and "2027" in found[0]["message"]


def test_dataset_shared_via_a_later_platform(check):
    files = {"s.yaml": SYSTEMS % "same", "d.yaml": "datasets:\n  - {id: d, name: D, owner: so-khcn, since: 2026,"
                                                   " shared_via: [iot]}\n"}
    found = check(files, "gap-dependency-timeline")
    assert [f["elements"] for f in found] == [["d", "iot"]]


IOC = """\
platforms:
  - {id: ioc, name: IOC tỉnh, owner: so-khcn, capabilities: [ioc], security_level: 3, integrates_with: [%s]}
applications:
  - {id: mt, name: Quan trắc, owner: so-khcn, capabilities: [environment-monitoring], security_level: 2%s}
  - {id: mail, name: Thư công vụ, owner: so-khcn, capabilities: [email], security_level: 2}
"""


def test_ioc_relevant_application_without_ioc_link(check):
    found = check({"s.yaml": IOC % ("mail", "")}, "gap-ioc-integration")
    assert len(found) == 1 and found[0]["elements"] == ["mt"]  # email is not IOC-relevant
    assert found[0]["capabilities"] == ["environment-monitoring"] and "integrates_with: [ioc]" in found[0]["suggestion"]


def test_ioc_link_in_either_direction_or_no_ioc_at_all(check):
    assert check({"s.yaml": IOC % ("", ", integrates_with: [ioc]")}, "gap-ioc-integration") == []
    assert check({"s.yaml": IOC % ("mt", "")}, "gap-ioc-integration") == []
    no_ioc = IOC.replace("capabilities: [ioc]", "capabilities: [soc]") % ("", "")
    assert check({"s.yaml": no_ioc}, "gap-ioc-integration") == []


DATA = """\
platforms:
  - {id: lgsp, name: LGSP, owner: so-khcn, capabilities: [integration-platform], security_level: 3}
  - {id: kho, name: Kho dữ liệu, owner: so-khcn, capabilities: [data-warehouse], security_level: 3,
     datasets: [{id: master-only, access: master}]}
datasets:
  - {id: personal, name: Hồ sơ sức khỏe, owner: so-yte, personal_data: true}
  - {id: via-kho, name: Dân cư, owner: so-yte, personal_data: true, shared_via: [kho]}
  - {id: master-only, name: Chỉ tiêu, owner: so-khcn}
  - {id: ok, name: Đất đai, owner: so-khcn, personal_data: true, shared_via: [lgsp]}
  - {id: plain, name: Du lịch, owner: so-khcn}
"""


def test_personal_or_mastered_data_not_shared_via_the_lgsp(check):
    found = check({"d.yaml": DATA}, "gap-data-sharing")
    assert sorted(f["elements"][0] for f in found) == ["master-only", "personal", "via-kho"]
    via = next(f for f in found if f["elements"] == ["via-kho"])
    assert "kho" in via["message"] and "shared_via: [lgsp]" in via["suggestion"]


def test_missing_security_level(check):
    files = {"a.yaml": "applications:\n  - {id: a, name: A, owner: so-khcn}\n"
                       "  - {id: b, name: B, owner: so-khcn, security_level: 3}\n"
                       "  - {id: c, name: C, owner: so-khcn, status: retired}\n"}
    found = check(files, "gap-security-level")
    assert [f["elements"] for f in found] == [["a"]]
    assert "Điều 21" in found[0]["citation"]


# -- issue 13: the IOC through connected systems, national group I, inferred areas, graded profile ------
CHAIN = """\
platforms:
  - {id: ioc, name: IOC tỉnh, owner: so-khcn, capabilities: [ioc], security_level: 3}
  - {id: ioc-moi, name: IOC mới, owner: so-khcn, capabilities: [ioc], status: planned, replaces: [ioc], security_level: 3}
  - {id: lgsp, name: LGSP, owner: so-khcn, capabilities: [integration-platform], security_level: 3, integrates_with: [ioc]}
  - {id: xa, name: Trung tâm điều hành phường A, owner: so-khcn, capabilities: [ioc-local], scope: [phuong-a],
     security_level: 2%s}
applications:
  - {id: pakn, name: Phản ánh kiến nghị, owner: so-khcn, capabilities: [citizen-feedback], security_level: 2,
     integrates_with: [ioc]}
  - {id: app, name: Ứng dụng công dân, owner: so-khcn, capabilities: [citizen-app], security_level: 2, uses: [pakn]}
  - {id: cam, name: Camera phường A, owner: so-khcn, capabilities: [public-order], security_level: 2, uses: [xa]}
  - {id: mt, name: Quan trắc, owner: so-khcn, capabilities: [environment-monitoring], security_level: 2, uses: [lgsp]}
"""


def test_ioc_links_count_through_a_connected_business_system_or_local_centre_not_a_shared_platform(check):
    found = check({"s.yaml": CHAIN % ", integrates_with: [ioc]"}, "gap-ioc-integration")
    # app reaches the IOC through the feedback system, cam through the ward centre; mt only through the LGSP
    assert [f["elements"] for f in found] == [["mt"]]
    # the operating IOC is suggested, with the planned one that will replace it
    assert "integrates_with: [ioc]" in found[0]["suggestion"] and "'IOC mới' (ioc-moi)" in found[0]["suggestion"]


def test_a_local_centre_must_connect_to_the_provincial_ioc(check):
    found = check({"s.yaml": CHAIN % ""}, "gap-ioc-integration")
    assert sorted(f["elements"][0] for f in found) == ["cam", "mt", "xa"]
    local = next(f for f in found if f["elements"] == ["xa"])
    assert local["details"]["local_centre"] and "cấp xã" in local["message"]


def test_the_national_group_i_is_not_a_provincial_gap_and_deliverables_show_untagged_areas(check):
    text = ("platforms:\n  - {id: ioc, name: IOC tỉnh, owner: so-khcn, capabilities: [ioc], security_level: 3}\n"
            "projects:\n  - {id: p1, name: Dự án IOC, owner: so-khcn, delivers: [ioc], period: {start: 2026, end: 2027},"
            " budget: [{source: local, amount: 5000000000}]}\n")
    found = check({"p.yaml": text}, "gap-task-group", kind="smart-city")
    by_area = {f["details"]["task_group"]: f for f in found}
    assert "d950-g1" not in by_area  # laws and policies: led by ministries
    c2 = by_area["d950-c2"]  # the IOC maps to content area c2
    assert c2["severity"] == "info" and "chưa gắn mã" in c2["message"] and "'Dự án IOC' (p1)" in c2["message"]
    assert by_area["d950-c1"]["severity"] == "warning"  # nothing delivers urban planning


def test_smart_city_fields_are_one_finding_and_requirements_carry_their_strength(check):
    found = check({}, "gap-capability", kind="smart-city")
    fields = [f for f in found if f["details"].get("group") == "smart-city-field"]
    assert len(fields) == 1 and fields[0]["severity"] == "info" and "smart-lighting" in fields[0]["capabilities"]
    assert "có thể cân nhắc" in fields[0]["message"]
    ioc = next(f for f in found if f["capabilities"] == ["ioc"])
    assert ioc["severity"] == "error" and ioc["details"]["strength"] == "law" and "quy định pháp luật" in ioc["message"]
    sso = next(f for f in found if f["capabilities"] == ["identity-sso"])
    assert sso["severity"] == "info" and "Ví dụ:" in sso["message"]  # practice: examples, labelled, not a basis
    assert "Cần Thơ" not in sso["citation"]


def test_a_requirement_with_no_basis_yet_in_the_period_is_not_reported(check):
    # Decree 269 (14/10/2025) and CV 1709 (2025) make the smart-city IOC a requirement; CV 2333 (2023) before them
    early = check({}, "gap-capability", kind="smart-city", period=(2016, 2020))
    assert not any(f["capabilities"] == ["ioc"] for f in early)
    later = check({}, "gap-capability", kind="smart-city", period=(2024, 2025))
    ioc = next(f for f in later if f["capabilities"] == ["ioc"])
    assert "2333" in ioc["citation"]


def test_citations_are_national_and_not_issued_after_the_period(check):
    rows = ("platforms:\n  - {id: a, name: LGSP A, owner: so-khcn, capabilities: [integration-platform], security_level: 3}\n"
            "  - {id: b, name: LGSP B, owner: so-khcn, capabilities: [integration-platform], security_level: 3}\n")
    old = check({"p.yaml": rows}, "dup-capability", period=(2016, 2020))
    assert "318/TB-VPCP" not in old[0]["citation"]  # a 2025 notice is no basis for a 2016–2020 plan
    now = check({"p.yaml": rows}, "dup-capability")
    assert "318/TB-VPCP" in now[0]["citation"]
    everything = check({"p.yaml": rows}, kind="smart-city")
    for f in everything:
        for province in ("Tây Ninh", "Long An", "Nghệ An", "Cần Thơ", "Hải Phòng", "Bình Dương", "Quảng Ngãi"):
            assert province not in f["citation"], (f["rule"], f["citation"])
