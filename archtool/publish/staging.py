"""Where a build writes: a staging folder beside ``OUT``, published into ``OUT`` all or nothing.

* ``OUT`` is never reached through a symbolic link: ``OUT`` itself, ``OUT/diagrams`` and every
  component of the output path below the working folder must be plain folders (a pull request that
  commits ``site -> /anywhere`` cannot make ``build -o site`` write elsewhere).
* archtool keeps the list of the files it wrote in ``OUT/.archtool-build.json``. It removes only
  files of that list that a new build no longer writes; it replaces a file that is not on the list
  only with ``--force``, and builds into an existing non-empty folder without the list only with
  ``--force``. Whatever else the user keeps in ``OUT`` stays.
* Publishing checks every target first (a folder where a file goes, a file another program holds
  open), then moves the files in, keeping each replaced file aside; a failure puts everything back,
  so ``OUT`` is exactly as it was, and names the file and the reason.
* A staging folder is named after the process that made it; the next build removes those whose
  process has ended (a build killed with SIGKILL cannot clean up after itself).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from archtool.output import atomic_write

MANIFEST = ".archtool-build.json"
_MANIFEST_MAX = 4 * 1024 * 1024  # a listing of archtool's own files: far below this (a larger one is not trusted)
_REL = re.compile(r"^(diagrams/)?[a-z0-9][a-z0-9._-]*$")
#: when this module was loaded: a staging folder last changed before it belongs to an earlier process
_LOADED = time.time()
_APPS = {".docx": "Word", ".xlsx": "Excel"}
#: Windows locks a file another program holds open (Word, Excel): it cannot be replaced then
_WINDOWS = os.name == "nt"


class OutputProblem(Exception):
    """The output folder cannot be used (one line for the user)."""


def _symlink_on_path(out: Path) -> Path | None:
    """The first symbolic link among ``out`` itself and the components of ``out`` below the working
    folder (above it, links such as macOS's ``/tmp`` are the machine's, not the model's)."""
    cwd = Path.cwd()
    absolute = out if out.is_absolute() else cwd / out
    parts = absolute.parts
    below = len(cwd.parts) if parts[:len(cwd.parts)] == cwd.parts else len(parts) - 1
    for i in range(max(below, 0) + 1, len(parts) + 1):
        candidate = Path(*parts[:i])
        if candidate.is_symlink():
            return candidate
    return None


def _previous(out: Path) -> set[str] | None:
    """The files an earlier build listed in ``OUT``'s manifest, or None when there is none."""
    path = out / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read(_MANIFEST_MAX + 1)[:_MANIFEST_MAX].decode("utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, list):
        return None
    return {f for f in files if isinstance(f, str) and _REL.match(f)}


def _process_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill would end the process on Windows: rely on the age alone
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists and belongs to someone else
        return True
    return True


def clean_stale(parent: Path, name: str) -> None:
    """Remove staging folders of ``OUT`` (named ``.NAME.build-PID-…``) left by earlier processes:
    last changed before this process loaded archtool's writers and made by a process that has ended
    (a running build's folder stays)."""
    prefix = f".{name}.build-"
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix) or not entry.is_dir(follow_symlinks=False):
            continue
        pid_text = entry.name[len(prefix):].split("-", 1)[0]
        pid = int(pid_text) if pid_text.isdigit() else None
        if pid == os.getpid():
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= _LOADED:
                continue
        except OSError:
            continue
        if pid is not None and _process_alive(pid):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)


def _locked(path: Path) -> bool:
    """On Windows, a file that Word or Excel holds open cannot be replaced; opening it for writing
    says so before anything moves. (POSIX has no such lock.)"""
    if not _WINDOWS or not path.is_file():
        return False
    try:
        with open(path, "r+b"):
            return False
    except PermissionError:
        return True
    except OSError:
        return False


def _why(rel: str, exc: OSError) -> str:
    if isinstance(exc, PermissionError) and _WINDOWS:
        return _open_elsewhere(rel)
    if isinstance(exc, IsADirectoryError):
        return _is_folder(rel)
    return f"{rel}: {exc.strerror or exc} — OUT không đổi / OUT is unchanged"


def _open_elsewhere(rel: str) -> str:
    app = _APPS.get(Path(rel).suffix, "another program")
    app_vi = _APPS.get(Path(rel).suffix, "chương trình khác")
    return (f"{rel} đang mở trong {app_vi}: hãy đóng tệp rồi chạy lại / "
            f"{rel} is open in {app}: close it and run again")


def _is_folder(rel: str) -> str:
    return (f"{rel} là một thư mục, không thay được bằng tệp: hãy chuyển nó đi rồi chạy lại / "
            f"{rel} is a folder where archtool writes a file: move it away and run again")


class Staging:
    """Files of one build, written under a temporary folder and published into ``out`` at the end."""

    def __init__(self, out: Path, force: bool = False) -> None:
        link = _symlink_on_path(out)
        if link is not None:
            raise OutputProblem(f"'{link}' là liên kết tượng trưng; archtool không ghi qua liên kết / "
                                f"is a symbolic link: archtool does not write through links")
        self.out = out.resolve()
        self.force = force
        if self.out.exists() and not self.out.is_dir():
            raise OutputProblem(f"'{out}' exists and is not a folder / không phải thư mục")
        diagrams = self.out / "diagrams"
        if diagrams.is_symlink() or (diagrams.exists() and not diagrams.is_dir()):
            raise OutputProblem(f"'{diagrams}' is not a plain folder / không phải thư mục thường")
        self.previous = _previous(self.out) if self.out.is_dir() else None
        if self.previous is None and self.out.is_dir() and any(self.out.iterdir()) and not force:
            raise OutputProblem(
                f"'{out}' đã có tệp không do archtool tạo; dùng --force để vẫn xuất vào đó (chỉ các tệp "
                f"cùng tên bị thay) / holds files archtool did not write; use --force to build into it "
                f"anyway (only files of the same names are replaced)")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(self.out.parent, self.out.name)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.build-{os.getpid()}-", dir=self.out.parent))
        (self.root / "diagrams").mkdir()
        self.files: list[str] = []

    def path(self, rel: str) -> Path:
        if not _REL.match(rel):
            raise OutputProblem(f"refusing to write '{rel}' (not a safe output name)")
        path = self.root / rel
        if path.resolve().parent not in (self.root.resolve(), (self.root / "diagrams").resolve()):
            raise OutputProblem(f"refusing to write '{rel}' outside the output folder")
        return path

    def put(self, rel: str, data: str | bytes) -> None:
        atomic_write(self.path(rel), data)
        self.files.append(rel)

    # -- publishing -----------------------------------------------------------------------------

    def _check_targets(self, targets: list[str], stale: list[str]) -> list[str]:
        """Every target can be replaced (else :class:`OutputProblem`); returns the stale files
        that are still archtool's (a name the user turned into a folder is left alone)."""
        previous = self.previous or set()
        for rel in targets:
            dst = self.out / rel
            if dst.is_dir() and not dst.is_symlink():
                raise OutputProblem(_is_folder(rel))
            if os.path.lexists(dst) and rel not in previous and not self.force:
                raise OutputProblem(
                    f"{rel} đã có trong '{self.out.name}' nhưng không do archtool ghi; dùng --force để thay / "
                    f"{rel} exists but was not written by archtool: use --force to replace it")
            if _locked(dst):
                raise OutputProblem(_open_elsewhere(rel))
        removable = []
        for rel in stale:
            dst = self.out / rel
            if dst.is_symlink() or dst.is_file():
                if _locked(dst):
                    raise OutputProblem(_open_elsewhere(rel))
                removable.append(rel)
        return removable

    def publish(self) -> None:
        """Move every staged file into ``out``, all or nothing."""
        targets = sorted(set(self.files))
        stale = self._check_targets(targets, sorted((self.previous or set()) - set(targets)))
        listing = json.dumps({"archtool": 1, "files": targets}, ensure_ascii=False, indent=1) + "\n"
        atomic_write(self.root / MANIFEST, listing)
        aside = self.root / ".replaced"
        journal: list[tuple[str, Path, Path | None]] = []  # ("moved", from, to) | ("made", dir, None)
        current = ""
        try:
            for folder in (self.out, self.out / "diagrams"):
                if not folder.is_dir():
                    folder.mkdir()
                    journal.append(("made", folder, None))
            (aside / "diagrams").mkdir(parents=True)
            for rel in [MANIFEST, *targets]:
                current = rel
                src, dst = self.root / rel, self.out / rel
                if os.path.lexists(dst):
                    if not dst.is_symlink():
                        os.chmod(src, stat.S_IMODE(dst.stat().st_mode))  # a replaced file keeps its mode
                    os.replace(dst, aside / rel)
                    journal.append(("moved", dst, aside / rel))
                os.replace(src, dst)
                journal.append(("moved", src, dst))
            for rel in stale:
                current = rel
                os.replace(self.out / rel, aside / rel)
                journal.append(("moved", self.out / rel, aside / rel))
        except BaseException as exc:
            restored = self._undo(journal)
            if not isinstance(exc, OSError):
                raise
            message = _why(current, exc)
            if not restored:
                message += f" (một số tệp cũ còn ở / some previous files are kept in {self.root})"
            raise OutputProblem(message) from exc
        self.discard()

    def _undo(self, journal: list[tuple[str, Path, Path | None]]) -> bool:
        ok = True
        for action, first, second in reversed(journal):
            try:
                if action == "moved" and second is not None:
                    os.replace(second, first)
                elif action == "made":
                    first.rmdir()
            except OSError:
                ok = False
        if ok:
            self.discard()
        else:
            self.keep = True
        return ok

    keep = False

    def discard(self) -> None:
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)
