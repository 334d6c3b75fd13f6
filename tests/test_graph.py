"""The model + baseline as a typed relation graph."""

from archtool.model.loader import load
from tests.conftest import EXAMPLE, UNITS, write_model


def test_graph_has_typed_relations_across_model_and_baseline(tmp_path):
    write_model(tmp_path / "egov", {
        "units.yaml": UNITS,
        "infra.yaml": """\
            infrastructure:
              - {id: dc, name: Trung tâm dữ liệu, owner: so-khcn, type: datacenter, shared: true}
            platforms:
              - {id: lgsp, name: LGSP, owner: so-khcn, hosted_on: dc, capabilities: [integration-platform]}
            datasets:
              - {id: ds, name: CSDL dân cư, owner: so-khcn, shared_via: [lgsp], personal_data: true}
            """,
    }, id="egov")
    sc = write_model(tmp_path / "sc", {"apps.yaml": """\
        applications:
          - id: app
            name: Ứng dụng
            owner: so-khcn
            uses: [lgsp]
            hosted_on: dc
            integrates_with: [lgsp]
            datasets: [{id: ds, access: master}]
        services:
          - {id: svc, name: Dịch vụ, owner: so-khcn, realized_by: [app]}
        projects:
          - {id: prj, name: Dự án, owner: so-khcn, delivers: [app], upgrades: [lgsp]}
        """}, manifest="archtool: 1\nmodel: {id: sc, name: SC, kind: smart-city}\nextends: ../egov\n")
    arch = load(sc)
    g = arch.graph
    edges = {(u, v, k) for u, v, k in g.edges(keys=True)}
    assert {("app", "lgsp", "uses"), ("app", "dc", "hosted_on"), ("app", "lgsp", "integrates_with"),
            ("app", "ds", "datasets"), ("ds", "lgsp", "shared_via"), ("svc", "app", "realized_by"),
            ("prj", "app", "delivers"), ("prj", "lgsp", "upgrades"), ("app", "so-khcn", "owner")} <= edges
    assert g.edges["app", "ds", "datasets"]["access"] == "master"
    assert g.nodes["lgsp"]["baseline"] is True and g.nodes["app"]["baseline"] is False
    assert g.nodes["dc"]["kind"] == "infrastructure"


def test_bundled_example_loads_cleanly():
    arch = load(EXAMPLE / "smart-city")
    assert not [f for f in arch.findings if f.severity == "error"], [f.as_dict("en") for f in arch.findings]
    assert len(arch.elements) >= 60
    assert arch.models[1].id == "tay-ninh-egov"
    # both former provinces' stacks are present in the baseline
    names = " ".join(el.name for el in arch.elements.values())
    assert "Long An" in names and "Tây Ninh" in names
