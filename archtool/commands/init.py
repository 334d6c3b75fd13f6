"""``archtool init DIR --kind …``: scaffold a commented model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Optional

import typer

from archtool.commands.common import LANG, Lang, check_choice, fail
from archtool.vocab import MODEL_KIND

KINDS = tuple(MODEL_KIND)
ModelKind = Literal[KINDS]  # type: ignore[valid-type]


def init(
    folder: Path = typer.Argument(..., help="Thư mục mô hình mới (chưa có hoặc rỗng). / New model folder (absent or empty)."),
    kind: ModelKind = typer.Option(..., "--kind", help="Loại mô hình. / Model kind."),
    extends: Optional[str] = typer.Option(None, "--extends", help="Thư mục mô hình nền, tương đối so với FOLDER. / Baseline folder, relative to FOLDER."),
    province: str = typer.Option("Tên tỉnh", "--province", help="Tên tỉnh. / Province name."),
    lang: Optional[Lang] = LANG,
) -> None:
    """Tạo khung mô hình để bắt đầu. / Scaffold a model to start from."""
    from archtool.workflows.init import scaffold  # lazy: the command's workflow, imported when it runs

    check_choice("--kind", kind, KINDS)
    if extends is not None:
        extends = extends.replace("\\", "/")  # ..\egov typed on Windows
    if extends is not None and not os.path.exists(os.path.normpath(os.path.join(folder, extends, "archtool.yaml"))):
        fail(f"--extends: không thấy '{folder / extends}/archtool.yaml' (đường dẫn tương đối so với {folder}) / "
             f"'{folder / extends}/archtool.yaml' not found (path relative to {folder})")
    for path in scaffold(folder, kind, province, extends):
        typer.echo(str(path))
