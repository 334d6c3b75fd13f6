"""Reading user catalog files (``catalogs:`` of a manifest, ``--catalog``) as safely as model files.

Every catalog file goes through the bounded reader of model files
(:func:`archtool.model.files.read_bounded`: regular files only, the size checked before reading and
at most limit + 1 bytes read), so a FIFO, ``/dev/zero`` or a 3 GB file is refused at once. A path
that a manifest names is also *confined*: it is relative, and it and every file found below it
(symbolic links followed) lie inside the repository holding the model, or inside the model's parent
folder when there is no repository. Only the command line (``--catalog``) names a catalog anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from archtool.model.files import Limits, project_root, read_bounded


class CatalogError(Exception):
    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


def catalog_bound(model_root: Path) -> Path:
    """Where the catalogs a manifest names must lie: the repository holding the model (the nearest
    folder above it with a ``.git``), else the model's parent folder."""
    return project_root(model_root)


def _outside(path: Path, bound: Path) -> bool:
    return not Path(os.path.realpath(path)).is_relative_to(bound)


def refusal(written: str, path: Path, bound: Path | None) -> str | None:
    """Why a catalog path a manifest names (``written``, resolved to ``path``) is not read, or None.
    The reason is about where it is, never about what it holds (it is not opened)."""
    if bound is None:
        return None
    if os.path.isabs(written) or Path(written).drive:
        return ("an absolute path in a manifest is not read; give it on the command line with --catalog "
                "/ manifest không được nêu đường dẫn tuyệt đối; dùng --catalog trên dòng lệnh")
    if _outside(path, bound):
        return (f"outside '{bound.name}' (the repository holding the model, or the model's parent folder "
                f"without one); give it on the command line with --catalog / nằm ngoài kho mã chứa mô hình")
    return None


def catalog_files(path: Path, display: str | None, bound: Path | None) -> list[tuple[Path, str]]:
    """The files of a catalog path (the file itself, or every ``*.yaml``/``*.yml`` below a folder)
    with the name each is shown under. With a ``bound``, a file leading outside it (a symbolic link)
    is an error, before anything is opened."""
    if not path.is_dir():
        return [(path, display or path.as_posix())]
    out = []
    for f in sorted(path.rglob("*.y*ml")):
        shown = f"{display}/{f.relative_to(path).as_posix()}" if display else f.as_posix()
        if bound is not None and _outside(f, bound):
            raise CatalogError(shown, 1, "a symbolic link leading outside the repository holding the model "
                                         "/ liên kết tượng trưng ra ngoài kho mã chứa mô hình")
        out.append((f, shown))
    return out


def catalog_bytes(path: Path, shown: str, limits: Limits | None = None) -> bytes:
    """The bytes of one catalog file, within the limits of model files (else :class:`CatalogError`)."""
    raw, problems = read_bounded(path, shown, limits or Limits())
    if raw is None:
        raise CatalogError(shown, 1, problems[0].message.en if problems else "cannot be read")
    return raw
