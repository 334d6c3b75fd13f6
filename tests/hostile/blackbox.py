"""Black-box helpers of the second hostile round (issue 17).

Everything here drives archtool through its command line (in-process with ``run_cli``, or as a real
process when signals, memory bounds or a hang guard need one) and looks at files on disk. The few
places that need to know where archtool keeps something are isolated here so a restructuring only
has to adapt this file.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

#: A hang guard, not a speed assertion: a fixed archtool ends each case in about a second.
HANG_GUARD_S = 60
#: Address-space bound of a child archtool process: a normal check or build of a small model needs
#: far less (measured: every command runs under 1 GB); an unbounded read hits it instead of eating
#: the machine's memory.
MEMORY_LIMIT = 1024 * 1024 * 1024

INTERNAL_ERROR_TEXT = ("lỗi nội bộ", "internal archtool error", "Traceback", "Exception ignored")

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX (symlinks, FIFOs, signals, modes)")


def assert_no_crash(*texts: str) -> None:
    """No traceback and no "internal error" line in any of ``texts``."""
    joined = "\n".join(texts)
    for marker in INTERNAL_ERROR_TEXT:
        assert marker not in joined, f"{marker!r} in output:\n{joined[-3000:]}"


def child_env(cache_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "ARCHTOOL_LANG")}
    env["ARCHTOOL_CACHE_DIR"] = str(cache_dir)
    env.update(extra)
    return env


def _child_setup(memory: int = MEMORY_LIMIT) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a test runner started in the background ignores it


def archtool_cmd(*args: str | os.PathLike[str]) -> list[str]:
    return [sys.executable, "-m", "archtool", *[str(a) for a in args]]


def run_process(*args: str | os.PathLike[str], cache_dir: Path, cwd: Path | None = None,
                env: dict[str, str] | None = None, memory: int = MEMORY_LIMIT) -> subprocess.CompletedProcess[str]:
    """Run ``archtool ARGS`` as a real process under the memory bound and the hang guard."""
    try:
        return subprocess.run(archtool_cmd(*args), cwd=cwd, env=env or child_env(cache_dir), capture_output=True,
                              text=True, timeout=HANG_GUARD_S, preexec_fn=lambda: _child_setup(memory))
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"archtool {' '.join(map(str, args))} still running after {HANG_GUARD_S} s (hang): "
                    f"{(exc.stderr or b'')[-500:]!r}")


def popen(*args: str | os.PathLike[str], cache_dir: Path, cwd: Path | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(archtool_cmd(*args), cwd=cwd, env=child_env(cache_dir), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_child_setup)


# ---------------------------------------------------------------------------------------------
# where archtool keeps things (adapt here when the layout changes)


def result_cache_entries(cache_dir: Path) -> list[Path]:
    """The files of the result cache under ``ARCHTOOL_CACHE_DIR``: every file that is not in the
    parse cache (``parse-v*/``) and is not a temporary file of an atomic write."""
    if not cache_dir.exists():
        return []
    out = []
    for p in sorted(cache_dir.rglob("*")):
        rel = p.relative_to(cache_dir).parts
        if rel and rel[0].startswith("parse-"):
            continue
        if p.is_file() and not p.name.endswith(".tmp"):
            out.append(p)
    return out


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder``: file bytes, ``<dir>`` for folders, ``-> target`` for links."""
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_dir():
            out[rel] = "<dir>"
        else:
            out[rel] = p.read_bytes()
    return out
