"""``--format json``: exactly the object of spec §5 (plus a few documented extra keys)."""

from __future__ import annotations

from typing import Any

from archtool import __version__
from archtool.output import json_dumps
from archtool.findings import summarize


def as_dict(result: Any, lang: str) -> dict[str, Any]:
    return {
        "tool": "archtool",
        "version": __version__,
        "model": result.model_id,
        "summary": summarize(result.findings),
        "findings": [f.as_dict(lang) for f in result.findings],
        "waived": [{"rule": f.rule, "elements": list(f.elements), "fingerprint": f.fingerprint}
                   for f in result.waived],
    }


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    return json_dumps(as_dict(result, lang))
