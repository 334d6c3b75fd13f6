"""A review's focused run (each check looks only at the proposal's elements and their neighbours)
gives exactly the findings of a full check of the merged model about the proposal, in every
output format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archtool import pipeline
from archtool.model.architecture import SYSTEMS, is_active
from archtool.model.files import Reader
from archtool.model.loader import load
from archtool.options import Asked
from archtool.workflows import review as RV
from archtool.workflows import review_render as RR
from tests.conftest import EXAMPLE, TODAY

SMART = EXAMPLE / "smart-city"
PROPOSALS = Path(__file__).resolve().parent.parent / "examples" / "proposals"


def _both(model: Path, proposal: list[Path]) -> tuple[str, str, int]:
    asked = Asked(as_of=TODAY, cache=False, jobs=1)
    out = []
    for focused in (True, False):
        run, fragment = pipeline.review(model, proposal, asked, focused=focused)
        rv = RV.review(run.result, fragment)
        out.append((RR.TEXT_FORMATS["json"](rv, "vi") + RR.TEXT_FORMATS["markdown"](rv, "en"), len(rv.findings)))
    (a, n), (b, _m) = out
    return a, b, n


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _hostile_proposal(model: Path) -> str:
    """A proposal that touches the model from every side: copies of one-per-province platforms and
    near-twin names, masters of existing datasets, dependencies on retired and planned elements,
    private hosting, personal data without a security level, references of the wrong kind and to
    nothing, a project outside the period that delivers and upgrades model elements."""
    arch = load(model, Reader())
    els = list(arch.elements.values())
    systems = [e for e in els if e.KIND in SYSTEMS and is_active(e)]
    datasets = [e for e in els if e.KIND == "datasets"]
    mastered = sorted({u.id for s in systems for u in s.datasets if u.access == "master"})
    retired = [e.id for e in els if e.KIND in SYSTEMS and e.status == "retired"]
    infra = [e.id for e in els if e.KIND == "infrastructure"]
    unit = next(e.id for e in els if e.KIND == "units")
    twin = systems[0]
    caps = sorted({c for s in systems for c in s.capabilities})
    uses = [s.id for s in systems[:3]] + retired[:1] + [datasets[0].id if datasets else unit, "khong-co-dau"]
    return f"""projects:
  - id: pr-de-xuat
    name: Dự án đề xuất kiểm thử
    owner: {unit}
    status: proposed
    period: {{start: 2019, end: 2040}}
    task_groups: [d950-c2]
    delivers: [pr-app, pr-platform, pr-twin, {systems[1].id}]
    upgrades: [{systems[2].id}]
    budget:
      - {{source: local, amount: 5000, year: 2045}}
platforms:
  - id: pr-platform
    name: Nền tảng đề xuất dùng riêng
    owner: {unit}
    status: planned
    since: 2030
    capabilities: {_yaml_list(caps[:6])}
    hosted_on: {infra[0] if infra else unit}
applications:
  - id: pr-app
    name: Ứng dụng đề xuất
    owner: {unit}
    status: operational
    since: 2024
    capabilities: {_yaml_list(caps[6:10])}
    uses: {_yaml_list(uses)}
    datasets: [{", ".join("{id: %s, access: master}" % d for d in mastered[:3] + ["pr-data"])}]
  - id: pr-twin
    name: "{twin.name} "
    owner: {twin.owner}
    status: planned
    capabilities: {_yaml_list(list(twin.capabilities))}
    uses: [pr-platform]
datasets:
  - id: pr-data
    name: CSDL đề xuất
    owner: {unit}
    personal_data: true
"""


@pytest.mark.parametrize("example", ["tay-ninh/smart-city", "tay-ninh/egov", "clean/smart-city"])
def test_focused_review_equals_a_full_check(tmp_path, example):
    model = PROPOSALS.parent / example
    proposal = tmp_path / "de-xuat.yaml"
    proposal.write_text(_hostile_proposal(model), encoding="utf-8")
    focused, full, count = _both(model, [proposal])
    assert count >= 8  # the proposal gives the rules work to do
    assert focused == full


def test_focused_review_of_the_sample_proposal(tmp_path):
    focused, full, count = _both(SMART, [PROPOSALS / "so-xd-dieu-hanh-xay-dung.yaml"])
    assert count > 0 and focused == full


def test_model_elements_waiting_for_a_proposal_element(tmp_path):
    """A model element that already references the id a proposal adds (its finding changes from
    "unresolved" to a finding about the new element, which names the model element)."""
    model = tmp_path / "m"
    shutil.copytree(SMART, model)
    arch = load(model, Reader())
    app = next(e for e in arch.elements.values() if e.KIND == "applications" and is_active(e))
    path = model / app._src.file
    text = path.read_text(encoding="utf-8")
    anchor = f"id: {app.id}\n"
    assert anchor in text
    indent = text.split(anchor)[0].rsplit("\n", 1)[-1].replace("-", " ")
    path.write_text(text.replace(anchor, anchor + f"{indent}hosted_on: pr-host\n", 1), encoding="utf-8")
    proposal = tmp_path / "p.yaml"
    proposal.write_text(f"""infrastructure:
  - id: pr-host
    name: Máy chủ riêng đề xuất
    owner: {app.owner}
    status: retired
platforms:
  - id: pr-waiting
    name: Nền tảng đề xuất
    owner: {app.owner}
    hosted_on: pr-host
""", encoding="utf-8")
    focused, full, count = _both(model, [proposal])
    assert count >= 1 and focused == full


def test_a_proposal_with_waivers_is_checked_in_full(tmp_path):
    proposal = tmp_path / "p.yaml"
    proposal.write_text("""platforms:
  - {id: pr-x, name: Nền tảng X, owner: so-khcn, capabilities: [ioc]}
waivers:
  - {rule: review-shared-platform, elements: [pr-x], reason: thử, expires: 2030-01-01}
""", encoding="utf-8")
    model = SMART
    arch = load(model, Reader())
    from archtool.model.overlay import overlay

    merged, fragment = overlay(arch, [proposal], Reader())
    assert pipeline.focus_of(merged, fragment, arch) is None
    focused, full, _count = _both(model, [proposal])
    assert focused == full


def test_focused_review_of_the_whole_model_checks(tmp_path):
    """The checks that look at the whole model (connection to the IOC, data sharing, unused shared
    platforms, systems still on an element being replaced, fields started outside the priorities)
    skip what no finding about the proposal can come from, and still give exactly the full
    check's findings — including one about model elements that lies in the proposal's file."""
    proposal = tmp_path / "p.yaml"
    proposal.write_text("""platforms:
  - id: pr-lgsp-moi
    name: Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Tây Ninh mới
    owner: so-khcn
    status: planned
    capabilities: [integration-platform]
    replaces: [lgsp-tay-ninh-cu]
  - id: pr-gis
    name: Nền tảng bản đồ số đề xuất
    owner: so-khcn
    status: planned
    capabilities: [gis-platform]
applications:
  - id: pr-quan-trac
    name: Hệ thống quan trắc môi trường đề xuất
    owner: so-khcn
    status: planned
    capabilities: [environment-monitoring]
    datasets: [{id: pr-du-lieu, access: master}]
  - id: pr-bao-cao
    name: Ứng dụng báo cáo đề xuất
    owner: so-khcn
    status: planned
    uses: [ioc-long-an]
datasets:
  - id: pr-du-lieu
    name: CSDL quan trắc đề xuất
    owner: so-khcn
    status: planned
    personal_data: true
""", encoding="utf-8")
    focused, full, count = _both(SMART, [proposal])
    assert focused == full
    for rule in ("gap-ioc-integration", "gap-data-sharing", "gap-dependency-retiring", "principle-spread-thin"):
        assert f'"{rule}"' in focused, rule
