"""The command line's front door: UTF-8 whatever the code page, archtool's own one-line usage
errors, help without type placeholders, shell completion. Subprocesses where stream encodings,
environment variables and sys.exit are what is tested."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli

CLI = [sys.executable, "-c", "from archtool.cli import main; main()"]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if k != "ARCHTOOL_LANG"}
    full.update({"COLUMNS": "200", **env})
    return subprocess.run([*CLI, *args], capture_output=True, env=full, timeout=300, check=False)


# -- UTF-8 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_redirected_output_is_utf8_on_a_legacy_code_page(encoding, tmp_path: Path):
    done = run("check", str(EXAMPLE / "smart-city"), "--fail-on", "never", PYTHONIOENCODING=encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "lỗi" in done.stdout.decode("utf-8")  # strict decoding: real UTF-8, no replacement
    helped = run("--help", PYTHONIOENCODING=encoding)
    assert helped.returncode == 0 and "Kiến trúc" in helped.stdout.decode("utf-8")
    sub_help = run("check", "--help", PYTHONIOENCODING=encoding)
    assert sub_help.returncode == 0 and "Kiểm tra mô hình" in sub_help.stdout.decode("utf-8")
    bad = run("check", "m", "--fail-on", "sai", PYTHONIOENCODING=encoding)
    assert bad.returncode == 2 and "không hợp lệ" in bad.stderr.decode("utf-8")


def test_a_stream_that_cannot_be_reconfigured_is_left_alone(monkeypatch):
    import io

    from archtool.commands.common import utf8_streams

    class Plain:
        encoding = "cp1252"

        def write(self, text: str) -> int:  # pragma: no cover - never called here
            return len(text)

    fake, real = Plain(), io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", fake)
    monkeypatch.setattr(sys, "stderr", real)
    utf8_streams()
    assert sys.stdout is fake and real.encoding == "utf-8"


# -- usage errors ---------------------------------------------------------------------------------

USAGE = [
    (["check", "m", "--fail-on", "bad"],
     "archtool: giá trị 'bad' không hợp lệ cho --fail-on; chọn một trong: error, warning, info, never."),
    (["check", "m", "--format", "xml"],
     "archtool: giá trị 'xml' không hợp lệ cho --format/-f; chọn một trong: text, line, json, sarif, junit, github, markdown."),
    (["init", "m", "--kind", "city"],
     "archtool: giá trị 'city' không hợp lệ cho --kind; chọn một trong: smart-city, e-government."),
    (["check", "m", "--fromat", "json"],
     "archtool: không có tùy chọn --fromat. Có phải ý bạn là --format? Xem: archtool check --help"),
    (["chek", "m"], "archtool: không có lệnh 'chek'. Có phải ý bạn là 'check'? Xem: archtool --help"),
    (["catalog", "lst"], "archtool: không có lệnh 'lst'. Có phải ý bạn là 'list'? Xem: archtool catalog --help"),
    (["check"], "archtool: thiếu MODEL. Xem: archtool check --help"),
    (["check", "a", "b"], "archtool: thừa tham số: b. Xem: archtool check --help"),
    (["check", "m", "-j", "x"], "archtool: giá trị 'x' không hợp lệ cho --jobs/-j: cần một số nguyên. Xem: archtool check --help"),
    (["check", "m", "-j", "x", "--lang", "en"],
     "archtool: invalid value 'x' for --jobs/-j: a whole number is needed. See: archtool check --help"),
    (["check", "m", "--fail-on", "bad", "--lang", "en"],
     "archtool: invalid value 'bad' for --fail-on; choose one of: error, warning, info, never."),
]


@pytest.mark.parametrize(("args", "expected"), USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_usage_errors_are_one_line_of_our_own(args, expected):
    done = run(*args)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and done.stdout == b""
    assert err.strip() == expected
    assert "Usage" not in err and "╭" not in err and "Error" not in err


def test_archtool_lang_en_gives_english_usage_errors():
    done = run("chek", ARCHTOOL_LANG="en")
    assert done.stderr.decode("utf-8").strip() == "archtool: no such command 'chek'. Did you mean 'check'? See: archtool --help"


def test_in_process_runner_gets_the_same_one_line_message():
    code, out, err = run_cli("check", "m", "--fail-on", "bad")
    assert code == 2 and out == ""
    assert err.strip() == "archtool: giá trị 'bad' không hợp lệ cho --fail-on; chọn một trong: error, warning, info, never."


def test_no_arguments_still_prints_the_help():
    done = run()
    text = (done.stdout + done.stderr).decode("utf-8")
    assert done.returncode == 2 and "Kiến trúc ICT" in text and "check" in text


# -- help ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["check"], ["build"], ["review"], ["diff"], ["init"], ["import"],
                                     ["merge"], ["catalog"], ["catalog", "list"], ["schema"], ["rules"]])
def test_help_has_no_type_placeholders_and_no_english_boilerplate(command):
    done = run(*command, "--help")
    text = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr
    assert "<bool>" not in text and "<list[" not in text and "Show this message" not in text, text
    assert "Trợ giúp. / Show this help." in text


def test_help_shows_the_choices():
    check = run("check", "--help").stdout.decode("utf-8")
    assert "<text|line|json|sarif|junit|github|markdown>" in check and "<error|warning|info|never>" in check
    assert "<path>…" in check  # --catalog, repeatable
    init = run("init", "--help").stdout.decode("utf-8")
    assert "<smart-city|e-government>" in init


def test_completion_options_are_there_in_both_languages():
    text = run("--help").stdout.decode("utf-8")
    assert "--install-completion" in text and "--show-completion" in text
    assert "Cài gợi ý lệnh (phím Tab) cho shell đang dùng." in text
    assert "In đoạn mã gợi ý lệnh để tự cài." in text


# -- completion -------------------------------------------------------------------------------------

def complete(words: str) -> list[str]:
    done = subprocess.run(CLI, capture_output=True, timeout=120, check=False, env={
        **os.environ, "_ARCHTOOL_COMPLETE": "complete_bash", "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1)})
    return done.stdout.decode("utf-8").split()


@pytest.mark.parametrize(("words", "expected"), [
    ("archtool ch", ["check"]),
    ("archtool check --fail-on ", ["error", "warning", "info", "never"]),
    ("archtool check --format ", ["text", "line", "json", "sarif", "junit", "github", "markdown"]),
    ("archtool check --lang ", ["vi", "en"]),
    ("archtool init m --kind ", ["smart-city", "e-government"]),
    ("archtool catalog ", ["list", "show"]),
    ("archtool schema ", ["model", "manifest", "elements"]),
])
def test_shell_completion(words, expected):
    assert complete(words) == expected


def _in_bash(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """``args`` run from a bash shell, as a user types them: the completion options name the shell
    they find above them (shellingham), so the test must not depend on the shell that started
    pytest (sh, fish...). ``; exit $?`` keeps bash in the process tree (it would exec one command)."""
    command = " ".join(shlex.quote(a) for a in args) + "; exit $?"
    return subprocess.run(["bash", "-c", command], capture_output=True, env=env, timeout=120, check=False)


def test_show_completion_prints_a_script_for_the_shell():
    if os.name == "posix" and shutil.which("bash"):
        done = _in_bash([*CLI, "--show-completion"], {**os.environ, "COLUMNS": "200"})
    else:  # Windows: the shell above is PowerShell or cmd
        done = run("--show-completion")
    assert done.returncode == 0 and "_ARCHTOOL_COMPLETE" in done.stdout.decode("utf-8"), done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to detect the shell (shellingham)")
def test_install_completion_writes_the_script_and_sources_it(tmp_path: Path):
    env = {**os.environ, "HOME": str(tmp_path), "USERPROFILE": str(tmp_path)}
    done = _in_bash([*CLI, "--install-completion"], env)
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "archtool.sh"
    assert "_ARCHTOOL_COMPLETE" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")
