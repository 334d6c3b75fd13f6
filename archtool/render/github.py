"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=…,line=…,col=…,title=<rule>::message`` (``warning``, ``notice`` for the other
severities). Escaping follows GitHub's toolkit: in the message ``%``, CR and LF become ``%25``,
``%0D``, ``%0A``; in properties ``:`` and ``,`` also become ``%3A`` and ``%2C``. File paths are
relative to the working directory (the repository root in a workflow).
"""

from __future__ import annotations

from typing import Any

from archtool.findings import summarize
from archtool.textnorm import printable
from archtool.vocab import t
from archtool.render.common import GITHUB_COMMAND, position


def escape_data(text: str) -> str:
    """GitHub's escaping, then any other control character as a visible escape (no ESC in the log)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    lines = []
    for f in list(result.findings):
        props = []
        pos = position(result, f)
        if pos is not None:
            props += [f"file={escape_property(pos[0])}", f"line={pos[1]}", f"col={pos[2]}"]
        props.append(f"title={escape_property(f.rule)}")
        body = f.message.get(lang)
        if f.suggestion and f.suggestion.get(lang).strip():
            body += f"\n{t('suggestion', lang)}: {f.suggestion.get(lang)}"
        if f.citation:
            body += f"\n{t('citation', lang)}: {f.citation}"
        lines.append(f"::{GITHUB_COMMAND[f.severity]} {','.join(props)}::{escape_data(body)}")
    counts = summarize(result.findings)
    lines.append(t("summary", lang, errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
                   model=result.model_id, elements=result.element_count))
    return "\n".join(lines) + "\n"
