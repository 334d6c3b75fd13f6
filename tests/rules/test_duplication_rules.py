"""dup-capability, dup-dataset-master, dup-name: each triggered, and the near-misses that must not be."""

from __future__ import annotations

import unicodedata

LGSP = "  - {{id: {id}, name: {name}, owner: so-khcn, capabilities: [integration-platform]{extra}}}\n"


def platforms(*rows: tuple[str, str, str]) -> dict[str, str]:
    return {"platforms.yaml": "platforms:\n" + "".join(LGSP.format(id=i, name=n, extra=e) for i, n, e in rows)}


def test_two_lgsp_in_one_province_are_one_finding_naming_both(check):
    found = check(platforms(("lgsp", "LGSP tỉnh", ""), ("lgsp-2", "Trục tích hợp mới", ", status: planned")),
                  "dup-capability")
    assert len(found) == 1
    f = found[0]
    assert f["severity"] == "error" and f["category"] == "duplication"
    assert sorted(f["elements"]) == ["lgsp", "lgsp-2"] and f["capabilities"] == ["integration-platform"]
    assert "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)" in f["message"]  # the catalog's Vietnamese name
    assert "dự kiến" in f["message"] and "toàn tỉnh" in f["message"]  # status and scope of each copy
    assert f["details"]["capability"] == "integration-platform"
    assert f["details"]["scopes"] == {"lgsp": "province", "lgsp-2": "province"}
    assert "318/TB-VPCP" in f["citation"]


def test_replaces_retired_and_upgrade_projects_are_not_duplicates(check):
    files = platforms(("a", "LGSP A", ""), ("b", "LGSP B", ", replaces: [a]"), ("c", "LGSP C", ", status: retired"),
                      ("d", "LGSP D", ", status: planned"))
    files["projects.yaml"] = ("projects:\n  - {id: p, name: Nâng cấp, owner: so-khcn, delivers: [d], upgrades: [b],"
                              " period: {start: 2026, end: 2027}, budget: [{source: local, amount: 1}]}\n")
    # d is delivered by a project that upgrades b, so d-b is one system; but d and a: a is replaced by b, not by d
    found = check(files, "dup-capability")
    assert [sorted(f["elements"]) for f in found] == [["a", "d", "p"]]


def test_many_cardinality_capability_is_not_a_duplicate(check):
    apps = ("applications:\n"
            "  - {id: t1, name: Cổng du lịch, owner: so-khcn, capabilities: [smart-tourism], security_level: 2}\n"
            "  - {id: t2, name: Ứng dụng du lịch, owner: so-khcn, capabilities: [smart-tourism], security_level: 2}\n")
    assert check({"applications.yaml": apps}, "dup-capability") == []


def test_scopes_overlap_only_when_units_or_their_parents_meet(check):
    rows = ("platforms:\n"
            "  - {id: ioc-a, name: IOC A, owner: so-khcn, capabilities: [ioc], scope: [phuong-a]}\n"
            "  - {id: ioc-b, name: IOC B, owner: so-khcn, capabilities: [ioc], scope: [phuong-b]}\n")
    assert check({"platforms.yaml": rows}, "dup-capability") == []
    rows += "  - {id: ioc-t, name: IOC tỉnh, owner: so-khcn, capabilities: [ioc], scope: [ubnd-tinh]}\n"
    found = check({"platforms.yaml": rows}, "dup-capability")
    # ubnd-tinh is the parent of both wards: the provincial IOC overlaps each ward IOC, the wards do not overlap
    assert len(found) == 1 and sorted(found[0]["elements"]) == ["ioc-a", "ioc-b", "ioc-t"]
    assert found[0]["details"]["conflicts"] == {"ioc-t": ["ioc-a", "ioc-b"], "ioc-a": ["ioc-t"], "ioc-b": ["ioc-t"]}


def test_new_copy_over_the_baseline_is_located_in_the_model_and_names_its_project(check):
    base = platforms(("lgsp", "LGSP tỉnh", ""))
    files = platforms(("lgsp-yte", "Nền tảng dữ liệu y tế", ", status: planned, since: 2027"))
    files["projects.yaml"] = ("projects:\n  - {id: da-yte, name: Y tế số, owner: so-yte, delivers: [lgsp-yte],"
                              " period: {start: 2027, end: 2028}, budget: [{source: local, amount: 5}]}\n")
    found = check(files, "dup-capability", baseline=base)
    assert len(found) == 1
    f = found[0]
    assert f["elements"] == ["lgsp-yte", "lgsp", "da-yte"]
    assert f["location"]["file"] == "platforms.yaml"  # the model's copy, not ../base
    assert f["details"]["projects"] == ["da-yte"]
    assert "da-yte" in f["message"] and "mô hình nền base" in f["message"]
    assert [c["baseline"] for c in f["details"]["copies"]] == [False, True]


def test_cardinality_comes_from_the_catalog_and_a_manifest_catalog_can_change_it(check):
    apps = ("applications:\n"
            "  - {id: t1, name: Cổng du lịch, owner: so-khcn, capabilities: [smart-tourism], security_level: 2}\n"
            "  - {id: t2, name: Ứng dụng du lịch, owner: so-khcn, capabilities: [smart-tourism], security_level: 2}\n")
    local = "catalog: local\nentries:\n  - {id: smart-tourism, cardinality: one}\n"
    found = check({"applications.yaml": apps, "catalogs/local.yaml": local}, "dup-capability",
                  extra="catalogs: [catalogs/local.yaml]\n")
    assert len(found) == 1 and found[0]["capabilities"] == ["smart-tourism"]
    everything = check({"applications.yaml": apps, "catalogs/local.yaml": local}, extra="catalogs: [catalogs]\n")
    assert not [f for f in everything if f["location"]["file"].startswith("catalogs/")]  # read as a catalog only


DS = "datasets:\n  - {id: hs, name: CSDL hồ sơ, owner: so-khcn, shared_via: [lgsp]}\n"


def test_two_masters_of_one_dataset(check):
    apps = ("applications:\n"
            "  - {id: a, name: Một cửa A, owner: so-khcn, datasets: [{id: hs, access: master}]}\n"
            "  - {id: b, name: Một cửa B, owner: so-khcn, datasets: [{id: hs, access: master}]}\n"
            "  - {id: c, name: Tra cứu, owner: so-khcn, datasets: [{id: hs, access: write}]}\n")
    found = check({"applications.yaml": apps, "datasets.yaml": DS}, "dup-dataset-master")
    assert len(found) == 1
    assert found[0]["elements"] == ["hs", "b", "a"] and "CSDL hồ sơ" in found[0]["message"]
    assert found[0]["location"]["file"] == "applications.yaml" and found[0]["location"]["line"] == 3


def test_master_and_writer_or_replacement_is_fine(check):
    apps = ("applications:\n"
            "  - {id: a, name: Một cửa A, owner: so-khcn, datasets: [{id: hs, access: master}]}\n"
            "  - {id: b, name: Một cửa B, owner: so-khcn, replaces: [a], datasets: [{id: hs, access: master}]}\n"
            "  - {id: c, name: Cũ, owner: so-khcn, status: retired, datasets: [{id: hs, access: master}]}\n"
            "  - {id: d, name: Tra cứu, owner: so-khcn, datasets: [{id: hs, access: write}]}\n")
    assert check({"applications.yaml": apps, "datasets.yaml": DS}, "dup-dataset-master") == []


def infra(*rows: tuple[str, str, str]) -> dict[str, str]:
    return {"infrastructure.yaml": "infrastructure:\n" + "".join(
        f"  - {{id: {i}, name: \"{n}\", owner: so-khcn, capabilities: [{c}]}}\n" for i, n, c in rows)}


def test_names_equal_after_nfc_case_and_punctuation_folding(check):
    nfd = unicodedata.normalize("NFD", "TRUNG TÂM DỮ LIỆU, TỈNH")
    found = check(infra(("dc1", "Trung tâm dữ liệu tỉnh", "cloud"), ("dc2", nfd, "cloud")), "dup-name")
    assert len(found) == 1
    f = found[0]
    assert f["elements"] == ["dc1", "dc2"] and f["capabilities"] == ["cloud"]
    assert f["details"]["similarity"] == 100 and f["details"]["threshold"] == 90
    assert "100/100" in f["message"] and f["severity"] == "warning"


def test_word_order_and_missing_diacritics_still_match(check):
    found = check(infra(("w1", "Mạng WiFi công cộng (tỉnh)", "wifi"), ("w2", "Tinh mang wifi cong cong", "wifi")),
                  "dup-name")
    assert len(found) == 1 and found[0]["details"]["similarity"] >= 90


def test_names_are_not_compared_across_capabilities_numbers_or_places(check):
    assert check(infra(("a", "Trung tâm dữ liệu tỉnh", "cloud"), ("b", "Trung tâm dữ liệu tỉnh", "network")),
                 "dup-name") == []
    assert check(infra(("a", "Trạm cảm biến số 1", "sensor-network"), ("b", "Trạm cảm biến số 2", "sensor-network")),
                 "dup-name") == []
    assert check(infra(("a", "Hệ thống camera giám sát giao thông tỉnh Tây Ninh", "video-surveillance"),
                       ("b", "Hệ thống camera giám sát giao thông tỉnh Long An", "video-surveillance")), "dup-name") == []


def test_replaced_element_with_the_same_name_is_not_a_duplicate(check):
    rows = ("infrastructure:\n"
            "  - {id: a, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, capabilities: [cloud]}\n"
            "  - {id: b, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, capabilities: [cloud], replaces: [a]}\n")
    assert check({"infrastructure.yaml": rows}, "dup-name") == []


def test_many_copies_are_one_finding_with_a_bounded_message(check):
    """A national-scale block: every copy is in the finding's elements and details, the message names
    the first 20; pairwise conflicts are given up to 50 copies."""
    rows = [(f"lgsp-{i:02d}", f"Trục {i}", "") for i in range(25)]
    (f,) = check(platforms(*rows), "dup-capability")
    assert sorted(f["elements"]) == sorted(r[0] for r in rows) and len(f["details"]["copies"]) == 25
    assert "… và 5 bản khác" in f["message"] and f["message"].count("phạm vi toàn tỉnh") == 20
    assert all(len(v) == 24 for v in f["details"]["conflicts"].values())
    rows = [(f"lgsp-{i:02d}", f"Trục {i}", "") for i in range(55)]
    (f,) = check(platforms(*rows), "dup-capability")
    assert len(f["elements"]) == 55 and "conflicts" not in f["details"]


def test_a_replacement_inside_a_big_group_only_removes_its_own_pair(check):
    # c replaces a: a-c is one system over time, yet both still conflict with b (and so form one group)
    rows = [("a", "LGSP A", ""), ("b", "LGSP B", ""), ("c", "LGSP C", ", replaces: [a]")]
    (f,) = check(platforms(*rows), "dup-capability")
    assert f["details"]["conflicts"] == {"a": ["b"], "b": ["a", "c"], "c": ["b"]}
    assert f["elements"][0] == "b"  # the copy with most conflicts is the anchor
    # a replaced by both others: nothing left in conflict with a; b and c still duplicate each other
    rows = [("a", "LGSP A", ""), ("b", "LGSP B", ", replaces: [a]"), ("c", "LGSP C", ", replaces: [a]")]
    (f,) = check(platforms(*rows), "dup-capability")
    assert sorted(f["elements"]) == ["b", "c"]


def test_a_near_identical_pair_already_reported_as_a_duplicate_is_one_finding(check):
    rows = ("infrastructure:\n  - {id: dc1, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, capabilities: [datacenter]}\n"
            "  - {id: dc2, name: TRUNG TÂM DỮ LIỆU TỈNH, owner: so-khcn, capabilities: [datacenter]}\n")
    found = check({"i.yaml": rows})
    assert [f["rule"] for f in found if f["category"] == "duplication"] == ["dup-capability"]
    many = rows.replace("[datacenter]", "[cloud]")  # a many-cardinality capability: only the names are a problem
    assert [f["rule"] for f in check({"i.yaml": many}) if f["category"] == "duplication"] == ["dup-name"]


def test_the_duplicate_remedy_leads_with_reuse_and_names_the_project_to_turn_into_an_upgrade(check):
    base = platforms(("lgsp", "LGSP tỉnh", ", security_level: 3"))
    files = platforms(("lgsp-yte", "Nền tảng dữ liệu y tế", ", status: planned, since: 2027"))
    files["projects.yaml"] = ("projects:\n  - {id: da-yte, name: Y tế số, owner: so-yte, delivers: [lgsp-yte],"
                              " period: {start: 2027, end: 2028}, budget: [{source: local, amount: 5000000000}]}\n")
    f = check(files, "dup-capability", baseline=base)[0]
    assert f["suggestion"].startswith("Dùng lại 'LGSP tỉnh' (lgsp)")
    assert "'Y tế số' (da-yte)" in f["suggestion"] and "upgrades: [lgsp]" in f["suggestion"]
    assert "lý do" in f["suggestion"]  # a replacement needs a reason


def test_copies_that_already_run_are_consolidated(check):
    f = check(platforms(("a", "LGSP A", ""), ("b", "LGSP B", "")), "dup-capability")[0]
    assert f["suggestion"].startswith("Chọn một hệ thống giữ lại") and "until" in f["suggestion"]
