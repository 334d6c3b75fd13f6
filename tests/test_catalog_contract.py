"""The bundled catalogs keep the field contract of docs/catalog-sources.md ("Catalog entry fields"),
and the loader enforces it on user catalogs: requirement strength and severity, a national basis
valid by period, examples apart from citations, dated documents, the national Decision 950 group,
the provincial and local IOC."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archtool.catalogs import (MAX_SEVERITY, REFERENCE_PERIOD, SEVERITY_RANK, STRENGTHS, CatalogError, load,
                               parse_day, period_days)

CATS = load()
#: kinds whose entries are documents a finding may cite (archtool/build/view.py LEGAL_KINDS)
LEGAL_KINDS = ("document", "law", "resolution", "directive", "framework-version", "law-article", "guidance")
#: words that mark a text as unverified: such markers live in `verified`/`*_verified` and `note`, not in names
MARKERS = re.compile(r"chưa xác minh|not verified|unverified", re.IGNORECASE)
#: another province's documents, a province's project or merger news must never be cited as a basis
NOT_A_BASIS = re.compile(r"-UBND|UBND tỉnh|Long An|Tân An|Hải Phòng|Quảng Ngãi|Cần Thơ|Nghệ An|Gia Lai|Phú Thọ|"
                         r"Bình Dương|Lâm Đồng|hợp nhất|sáp nhập", re.IGNORECASE)


def requirements():
    """(owner id, requirement mapping) for every profile requirement and every requirement entry."""
    for e in CATS.entries.values():
        if e.kind == "profile":
            for r in e.get("requires"):
                yield f"{e.id}/{r['capability']}", r
        elif e.kind == "requirement":
            yield e.id, e.data


def test_every_requirement_has_an_honest_strength_and_a_severity_it_allows():
    for owner, r in requirements():
        assert r.get("strength") in STRENGTHS, owner
        sev = r.get("severity")
        if sev is not None:
            assert SEVERITY_RANK[sev] <= SEVERITY_RANK[MAX_SEVERITY[r["strength"]]], owner


def test_a_basis_is_a_national_document_in_the_catalog_and_the_default_citation_is_the_reference_period():
    start, end = period_days(*REFERENCE_PERIOD)
    for owner, r in requirements():
        assert isinstance(r.get("basis"), list), owner
        for b in r["basis"]:
            if b.get("doc"):
                doc = CATS.get(b["doc"])
                assert doc is not None, (owner, b["doc"])
                assert doc.get("scope", "national") == "national", (owner, b["doc"])
            assert not NOT_A_BASIS.search(b["text"]), (owner, b["text"])
        current = CATS.citation_for(r, start, end)
        if current or r["strength"] == "practice":
            assert r["citation"] == current, owner
        else:  # a requirement of the past (e.g. TT 23/2018's programme) shows its last basis
            assert r["citation"] in [b["text"] for b in r["basis"]], owner
        if r["strength"] == "practice":
            assert CATS.basis_for(r, start, end) == [] and r["citation"] == "", owner


def test_citations_and_names_carry_no_unverified_marker_and_no_example():
    for e in CATS.entries.values():
        assert not MARKERS.search(e.name) and not MARKERS.search(e.name_en), e.id
        assert not MARKERS.search(e.citation), e.id
        if e.kind in ("capability", "requirement", "service-domain", "component"):
            assert not NOT_A_BASIS.search(e.citation), (e.id, e.citation)
        for r in e.get("requires") or []:
            assert not MARKERS.search(r["citation"]) and not NOT_A_BASIS.search(r["citation"]), (e.id, r)


def test_examples_are_texts_and_name_former_units_as_former():
    for e in CATS.entries.values():
        for holder in [e.data, *(e.get("requires") or [])]:
            for ex in holder.get("examples") or []:
                assert isinstance(ex, str) and ex.strip(), e.id
                for old in ("Long An", "Tân An"):
                    if old in ex:
                        assert f"{old} (cũ)" in ex, (e.id, ex)


def test_legal_documents_are_dated_scoped_and_their_successors_exist():
    for e in CATS.entries.values():
        if e.kind not in LEGAL_KINDS:
            continue
        assert e.get("scope") in ("national", "provincial"), e.id
        assert parse_day(e.get("issued")) is not None or e.get("part_of"), e.id
        if e.get("superseded_by") is not None:
            assert CATS.get(e.get("superseded_by")) is not None, e.id
        if e.get("superseded_on") is not None:
            first, last = CATS.window(e)
            assert first is None or last is None or first <= last, e.id


def test_the_basis_follows_the_model_period():
    level = CATS.get("sec-r-level-declared")

    def cite(entry, a, b):
        return CATS.citation_for(entry, *period_days(a, b))

    assert "2015" in cite(level, 2021, 2025) and "116/2025/QH15" not in cite(level, 2021, 2025)
    assert "116/2025/QH15" in cite(level, 2027, 2030) and "Luật An toàn thông tin mạng 2015" not in cite(level, 2027, 2030)
    assert "2015" in cite(level, 2026, 2030) and "116/2025/QH15" in cite(level, 2026, 2030)  # both within the period
    tt03 = CATS.get("tt03-assessment")  # issued 28/01/2026: never cited against a period that ended before
    assert cite(tt03, 2021, 2025) == "" and CATS.strength_for(tt03, *period_days(2021, 2025)) is None
    lgsp = CATS.profile("e-government").get("requires")[0]
    assert lgsp["capability"] == "integration-platform"
    assert "TT 23/2018" in cite(lgsp, 2019, 2020) and "TT 23/2018" not in cite(lgsp, 2021, 2025)
    sso = next(r for r in CATS.profile("e-government").get("requires") if r["capability"] == "identity-sso")
    assert CATS.strength_for(sso, *period_days(2018, 2020)) == "guidance"  # TT 23/2018's programme
    assert CATS.strength_for(sso, *period_days(2026, 2030)) == "practice"
    ioc = next(r for r in CATS.profile("smart-city").get("requires") if r["capability"] == "ioc")
    assert CATS.severity_for(ioc, *period_days(2026, 2030)) == "error"  # Decree 269 Điều 3.2.g
    assert CATS.severity_for(ioc, *period_days(2023, 2024)) == "warning"  # CV 2333 only: guidance
    assert CATS.severity_for(ioc, *period_days(2016, 2020)) is None  # no national basis before 2023


#: a document's number in a citation ("829/", "23/2018/", "1178/"); QĐ 829 is also cited by its title
DOC_NUMBER = re.compile(r"\b(\d+)[/-]")
DOC_TITLES = {"rf829": "Khung tham chiếu ICT"}
NUMBERED = re.compile(r"\d+/(\d{4}/)?[A-ZĐ]")


def test_a_capability_cites_one_basis_item_per_document_and_its_citation_joins_them():
    for e in CATS.of_kind("capability"):
        basis = e.get("basis")
        if basis is None:
            assert e.citation == "", e.id  # a capability that cites a document says when it is valid
            continue
        assert e.citation == "; ".join(b["text"] for b in basis), e.id
        for b in basis:
            if b.get("doc"):
                doc = CATS.get(b["doc"])
                assert doc is not None and doc.get("scope") == "national", (e.id, b["doc"])
                assert CATS.window(doc)[0] is not None, (e.id, b["doc"])  # dated
                number = DOC_NUMBER.search(doc.citation).group(1)
                named = re.search(rf"\b{number}[/-]", b["text"]) or DOC_TITLES.get(doc.id, doc.citation) in b["text"]
                assert named, (e.id, b)  # the item names the document it is dated by
            else:  # not a document of the catalogs: a numbered document (a law), dated by the item itself
                assert NUMBERED.search(b["text"]) and b.get("from"), (e.id, b)


def test_a_report_of_practice_is_an_example_of_a_capability_never_its_basis():
    """The Ministry of Construction's review of Decision 950 and press reports say what provinces
    do: shown as "Ví dụ", never cited as "Căn cứ" (docs/catalog-sources.md, ``examples``)."""
    moved = 0
    for e in CATS.of_kind("capability"):
        assert "tổng kết" not in e.citation and "báo chí" not in e.citation and "(Bộ Xây dựng, 2025)" not in e.citation, e.id
        moved += sum("tổng kết Đề án 950" in x for x in e.get("examples") or [])
    assert moved >= 11  # the capabilities whose IOC domain the review names


def test_a_capability_citation_follows_the_model_period():
    def cite(cap, a, b):
        return CATS.citation_for(CATS.get(cap), *period_days(a, b))

    lgsp = cite("integration-platform", 2026, 2030)
    assert "TT 23/2018" not in lgsp and "CV 2943/CĐSQG-CNCPS (27/10/2025)" in lgsp
    assert "TT 23/2018" in cite("integration-platform", 2016, 2020) and "2943" not in cite("integration-platform", 2016, 2020)
    assert cite("data-warehouse", 2026, 2030) == "" and "TT 23/2018" in cite("data-warehouse", 2016, 2020)
    assert "CV 1178" not in cite("datacenter", 2026, 2030) and "CV 1178" in cite("datacenter", 2016, 2020)
    assert cite("soc", 2021, 2025) == "QĐ 829/QĐ-BTTTT (31/5/2019): hệ thống bảo mật (hệ thống xuyên suốt)"
    assert cite("digital-signature", 2016, 2020) == "" and "20/2023/QH15" in cite("digital-signature", 2021, 2025)
    assert "Bộ tiêu chí ĐTTM bền vững" not in cite("disaster-warning", 2016, 2020)  # criteria set of 12/2024
    assert cite("ioc", 2016, 2020) == "QĐ 829/QĐ-BTTTT (31/5/2019): Trung tâm xử lý điều hành thông tin tập trung, đa nhiệm (hệ thống xuyên suốt)"


def test_decision_950_group_one_is_national_and_the_other_groups_only_numbered():
    assert CATS.get("d950").get("task_groups") == 7
    g1 = CATS.get("d950-g1")
    assert g1.verified and g1.get("level") == "national"
    assert all(CATS.get(f"d950-g1-t{i}").get("level") == "national" for i in range(1, 5))
    assert "thông minh" not in CATS.get("d950-g1-t1").name  # the source: urban planning, management, development
    for n in range(2, 8):
        g = CATS.get(f"d950-g{n}")
        assert not g.verified and g.get("level") is None and g.get("note")
    for c in ("d950-c1", "d950-c2", "d950-c3", "d950-c4"):
        assert CATS.get(c).get("wording_verified") is False  # back-translations


def test_one_provincial_ioc_and_optional_local_centres_connected_to_it():
    ioc, local = CATS.get("ioc"), CATS.get("ioc-local")
    assert ioc.get("cardinality") == "one" and local.get("cardinality") == "many"
    assert local.get("requires_integration_with") == ["ioc"]
    assert "huyện" not in ioc.citation + ioc.get("cardinality_basis") + " ".join(ioc.get("examples") or [])
    assert "3 khoản 2 điểm g" in ioc.citation and "3 khoản 2 điểm g" in local.citation
    assert "ioc" in CATS.get("sec-r-ioc-level-declared").get("applies_to_capabilities")


def test_documents_dated_before_2025_keep_their_issuer_and_name_the_successor():
    for e in CATS.entries.values():
        if e.get("issuer") == "Bộ Thông tin và Truyền thông":
            assert e.get("issuer_successor") == "Bộ Khoa học và Công nghệ", e.id
            assert parse_day(e.get("issued")) < parse_day("2025-03-01"), e.id
    assert CATS.get("agency-bo-tttt").get("successor") == "Bộ Khoa học và Công nghệ"
    assert CATS.get("agency-so-tttt").get("successor") == "Sở Khoa học và Công nghệ"


def test_smart_city_fields_are_a_group_of_optional_choices():
    fields = [r for r in CATS.profile("smart-city").get("requires") if r.get("group") == "smart-city-field"]
    assert {r["capability"] for r in fields} >= {"smart-traffic", "smart-grid", "smart-lighting", "water-management"}
    assert all(r["severity"] == "info" and r["strength"] != "law" for r in fields)


@pytest.mark.parametrize("fields, problem", [
    ("strength: duty", "strength must be one of law, guidance, practice"),
    ("strength: practice, severity: warning", "above what strength 'practice' allows"),
    ("issued: 12/6/2025", "issued not a date"),
    ("scope: regional", "scope must be one of national, provincial"),
    ("basis: [{doc: nd269}]", "needs a non-empty 'text'"),
    ("strength: practice, basis: [{doc: nd269, text: NĐ 269}]", "its strength is law or guidance"),
    ("examples: Hải Phòng", "examples must be a list of texts"),
])
def test_a_user_catalog_with_a_bad_field_is_refused_with_its_line(tmp_path: Path, fields: str, problem: str):
    path = tmp_path / "local.yaml"
    path.write_text("catalog: local\nentries:\n  - {id: x, kind: requirement, name: X, name_en: X, citation: c,"
                    f" verified: true, {fields}}}\n", encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        load([path])
    assert exc.value.line == 3 and problem in exc.value.message


def test_a_user_profile_requirement_is_checked_where_it_stands(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text("catalog: local\nentries:\n  - id: profile-x\n    kind: profile\n    model_kind: x\n"
                    "    name: X\n    name_en: X\n    citation: c\n    verified: true\n    requires:\n"
                    "      - {capability: ioc, severity: info}\n"
                    "      - {capability: soc, strength: law, basis: [{doc: nd269, text: t, until: 2026-13}]}\n",
                    encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        load([path])
    assert exc.value.line == 12 and "until not a date" in exc.value.message


def test_an_override_is_checked_against_the_entry_it_changes(tmp_path: Path):
    path = tmp_path / "o.yaml"  # sec-r-portal-min-l3 is guidance: at most a warning
    path.write_text("catalog: local\nentries:\n  - {id: sec-r-portal-min-l3, severity: error}\n", encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        load([path])
    assert exc.value.line == 3 and "above what strength 'guidance' allows" in exc.value.message
    path.write_text("catalog: local\nentries:\n  - {id: sec-r-portal-min-l3, severity: warning}\n", encoding="utf-8")
    assert load([path]).get("sec-r-portal-min-l3").get("severity") == "warning"
