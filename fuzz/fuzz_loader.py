#!/usr/bin/env python3
"""atheris fuzz target for the model loader (run on demand; see fuzz/README.md).

Each input is written as one element file of a model, loaded and checked. Any exception that
escapes (the loader must turn every problem into a finding), a hang or a memory blow-up is a bug.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import yaml  # noqa: F401 - instrument the YAML layer too

    from archtool.catalogs import load as load_catalogs
    from archtool.model.files import Limits, Reader
    from archtool.model.loader import load
    from archtool.render import FORMATS
    from archtool.rules import engine

ROOT = Path(tempfile.mkdtemp(prefix="archtool-fuzz-"))
(ROOT / "archtool.yaml").write_text("archtool: 1\nmodel: {id: fuzz, name: Fuzz, kind: smart-city}\n", encoding="utf-8")
TARGET = ROOT / "model.yaml"
CATALOGS = load_catalogs([])
TODAY = dt.date(2026, 1, 1)
LIMITS = Limits(max_file_size=1024 * 1024)


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris' name
    TARGET.write_bytes(data)
    arch = load(ROOT, Reader(LIMITS))  # no parse cache: every input is really parsed
    result = engine.run(arch, CATALOGS, today=TODAY)
    FORMATS["json"](result, "vi", False)


def main() -> None:
    os.environ.setdefault("ARCHTOOL_CACHE_DIR", str(ROOT / "cache"))
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
