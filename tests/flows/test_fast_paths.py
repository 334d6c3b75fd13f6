"""The fast paths of ``diff`` and ``merge`` give what the plain paths give (issue 18): the two
checks of a diff at once (the old model's in a forked worker) give the same runs and the same bytes
as two checks one after the other, also through the result cache; a merge that runs only the
dup-capability rule on the merged model makes the plan a full check makes. The models are the
golden inputs (tests/flows/golden): 250 elements, renames, edited names."""

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

OLD, NEW = make.INPUTS / "s250", make.INPUTS / "s250-renamed"
TODAY = dt.date.fromisoformat(make.AS_OF)
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is forked (Linux only)")


def _same_run(got: pipeline.Run, want: pipeline.Run) -> None:
    assert [f.as_dict("vi") | {"en": f.message.en} for f in got.result.findings] == \
           [f.as_dict("vi") | {"en": f.message.en} for f in want.result.findings]
    assert [f.fingerprint for f in got.result.waived] == [f.fingerprint for f in want.result.waived]
    assert got.result.element_count == want.result.element_count and got.options == want.options
    assert got.arch is not None and list(got.arch.elements) == list(want.arch.elements)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every model counts as large, and the workers started are counted."""
    started: list[int] = []
    real = forked.start

    def start(task):
        wait = real(task)
        started.append(wait is not None)
        return wait

    monkeypatch.setattr(pipeline, "PAIR_MIN_ELEMENTS", 0)
    monkeypatch.setattr(forked, "start", start)
    return started


@linux
def test_two_checks_at_once_are_two_checks(counted: list[int]) -> None:
    asked = Asked(as_of=TODAY, cache=False, jobs=2)
    both = pipeline.check_pair(OLD, NEW, asked)
    assert counted == [True]
    for got, path in zip(both, (OLD, NEW)):  # one after the other, as asked
        _same_run(got, pipeline.check(path, asked, need_model=True))


@linux
def test_the_result_cache_answers_for_a_pair_checked_at_once(counted: list[int], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ARCHTOOL_RESULT_CACHE", "1")
    asked = Asked(as_of=TODAY, cache=True, jobs=2)
    first = pipeline.check_pair(OLD, NEW, asked)
    again = pipeline.check_pair(OLD, NEW, asked)  # both from the result cache: no worker
    assert counted == [True]
    for got, want in zip(again, first):
        _same_run(got, want)


@linux
@pytest.mark.parametrize("case", ["diff-s250.json", "diff-s250.md"])
def test_a_diff_checked_at_once_writes_the_expected_bytes(counted: list[int], case: str) -> None:
    args = [a.replace("{in}", str(make.INPUTS)) for a in dict(make.CASES)[case]]
    code, out, err = run_cli(*args, "--as-of", make.AS_OF, "--no-cache", "--jobs", "2")
    assert code == 0, err
    assert counted == [True]
    want = (make.EXPECTED / case / "stdout").read_bytes().decode()
    assert out.replace(str(make.INPUTS), "<in>") == want


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
