"""The fast paths of ``merge`` and ``import`` give what the plain paths give (issue 18): a merge
that runs only the dup-capability rule on the merged model makes the plan a full check makes; a
merge whose files a worker writes, and an import whose largest sheets a worker reads, write the
expected bytes, also when the worker fails; the first damaged sheet is named whoever reads it. The
inputs are the golden ones (tests/flows/golden): 250 elements, renames, waivers, odd text."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from archtool import pipeline
from archtool.options import Asked
from archtool.speed import forked
from archtool.workflows import consolidation as C
from archtool.workflows import merge as M
from tests.conftest import run_cli
from tests.flows.golden import make

OLD = make.INPUTS / "s250"
TODAY = dt.date.fromisoformat(make.AS_OF)
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is forked (Linux only)")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The workers started, counted."""
    started: list[int] = []
    real = forked.start

    def start(task):
        wait = real(task)
        started.append(wait is not None)
        return wait

    monkeypatch.setattr(forked, "start", start)
    return started


def test_merge_plan_from_the_one_rule_is_the_plan_of_a_full_check(tmp_path: Path) -> None:
    plans = []
    for only in (C.RULES, None):
        asked = Asked(as_of=TODAY, cache=False, jobs=1)
        merged = M.merge_models(pipeline.load_model(OLD, asked), pipeline.load_model(make.INPUTS / "s250-seed8", asked),
                                prefix_a="a", prefix_b="b")
        out = tmp_path / f"out-{only is None}"
        run = pipeline.check_loaded(M.load_merged(out, M.write_merged(merged, out)), asked, {}, only=only)
        plans.append(C.consolidation(run.arch, run.result.findings, run.result.catalogs))
        assert any(f.rule in C.RULES for f in run.result.findings)
    assert plans[0] == plans[1] and plans[0].groups


def _folder_case(case: str, tmp_path: Path) -> None:
    out = tmp_path / case
    args = [a.replace("{in}", str(make.INPUTS)).replace("{out}", str(out)) for a in dict(make.CASES)[case]]
    dated = ("--as-of", make.AS_OF) if args[0] in make.DATED else ()
    code, stdout, err = run_cli(*args, *dated, "--jobs", "2")
    assert code == 0, err
    want_root = make.EXPECTED / case
    want = {p.relative_to(want_root).as_posix(): p.read_bytes() for p in want_root.rglob("*") if p.is_file()}
    got = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
           if p.is_file() and ".archtool" not in p.relative_to(out).parts}
    got["stdout"], got["exit"] = stdout.replace(str(out), "<out>").encode(), b"0"
    assert sorted(got) == sorted(want)
    for rel in want:
        assert got[rel] == want[rel], rel


@linux
@pytest.mark.parametrize("case", ["merge-s250", "merge-examples"])
def test_a_merge_written_by_a_worker_writes_the_expected_bytes(case: str, tmp_path: Path, counted: list[int],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from archtool.commands import merge as command

    monkeypatch.setattr(command, "PARALLEL_MIN_ELEMENTS", 0)
    _folder_case(case, tmp_path)
    assert counted == [True]  # the files were written by the worker


@linux
def test_a_merge_whose_worker_fails_is_written_here(tmp_path: Path, counted: list[int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from archtool.commands import merge as command

    def broken(_tmp, _placed):
        raise OSError("the worker's disk is full")

    monkeypatch.setattr(command, "PARALLEL_MIN_ELEMENTS", 0)
    monkeypatch.setattr(command, "_written", broken)
    _folder_case("merge-s250", tmp_path)
    assert counted == [True]


@linux
@pytest.mark.parametrize("case", ["import-s250", "import-examples"])
def test_an_import_read_on_two_cores_writes_the_expected_bytes(case: str, tmp_path: Path, counted: list[int],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from archtool.workflows.importing import workbook

    monkeypatch.setattr(workbook, "PARALLEL_MIN_BYTES", 0)
    _folder_case(case, tmp_path)
    assert counted == [True]  # the largest sheet was read by the worker


@linux
def test_an_import_whose_worker_fails_reads_its_sheets_here(tmp_path: Path, counted: list[int],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from archtool.workflows.importing import workbook

    real = workbook._read

    def read(path, bounds, only, strict=False):
        if strict:  # the worker's share
            raise MemoryError("the worker ran out of memory")
        return real(path, bounds, only, strict)

    monkeypatch.setattr(workbook, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(workbook, "_read", read)
    _folder_case("import-s250", tmp_path)
    assert counted == [True]


@linux
@pytest.mark.parametrize("damaged", [("Ứng dụng", "Dự án"), ("Dự án",), ("CSDL", "Ứng dụng")])
def test_the_first_damaged_sheet_is_named_whoever_reads_it(damaged: tuple[str, ...], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Sheets of the worker's share (the largest) and of this process's, damaged: the message is the
    one reading them in order gives."""
    import zipfile

    from openpyxl import load_workbook

    from archtool.workflows import importing as X
    from archtool.workflows.importing import workbook

    source = make.INPUTS / "s250.xlsx"
    wb = load_workbook(source, read_only=True)
    parts = {ws.title: ws._worksheet_path for ws in wb.worksheets}
    wb.close()
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in {parts[t] for t in damaged}:
                data = data[: len(data) // 2]  # cut in the middle: the XML does not end
            zout.writestr(info, data)
    messages = []
    for threshold in (10**12, 0):  # one process, then two
        monkeypatch.setattr(workbook, "PARALLEL_MIN_BYTES", threshold)
        with pytest.raises(X.Unreadable) as exc:
            X.read_workbook(broken, elsewhere=forked.start)
        messages.append((exc.value.text.vi, exc.value.text.en))
    assert messages[0] == messages[1] and "damaged" in messages[0][1]
