"""``--format line``: one line per finding, ``file:line:col: severity rule message``, for editors
and CI problem matchers (the form compilers print, so existing matchers read it).

``severity`` is the fixed word ``error``, ``warning`` or ``info`` whatever the language, so one
pattern matches every report; the message is in the report's language, on one line. A finding
about the model as a whole points at its ``archtool.yaml``. Nothing else is printed.
"""

from __future__ import annotations

from typing import Any

from archtool.model.architecture import MANIFEST
from archtool.render.common import artifact_path, position

#: a problem matcher for this format (VS Code tasks, GitHub Actions ``::add-matcher::``)
PATTERN = r"^(.+):(\d+):(\d+): (error|warning|info) (\S+) (.*)$"


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    lines = []
    for f in result.findings:
        file, line, col = position(result, f) or (artifact_path(result, MANIFEST), 1, 1)
        message = " ".join(f.message.get(lang).split())
        lines.append(f"{file}:{max(1, line)}:{max(1, col)}: {f.severity} {f.rule} {message}")
    return "".join(line + "\n" for line in lines)
