"""``--format text``: findings grouped by file, ``line:col  severity  rule  message``, then a summary."""

from __future__ import annotations

import io
import re
from itertools import groupby
from typing import Any

from archtool.findings import summarize
from archtool.textnorm import printable
from archtool.vocab import t
from archtool.vocab import SEVERITY as SEVERITIES

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
#: what rich would change in a line (it drops BEL, BS, VT, FF, CR and expands tabs by display
#: width): such a report is written through rich, every other one as the same plain text
_RICH_CHANGES = re.compile("[\t\x07\x08\x0b\x0c\r]")

Line = list[tuple[str, str | None]]  # (text, rich style) parts


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    lines = _lines(result, lang)
    if color or any(_RICH_CHANGES.search(text) for line in lines for text, _style in line):
        return _with_rich(lines, color)
    return "".join("".join(text for text, _style in line) + "\n" for line in lines)


def _lines(result: Any, lang: str) -> list[Line]:
    out: list[Line] = []
    findings = result.findings
    sev_width = max(len(SEVERITIES[s].get(lang)) for s in SEVERITIES)
    rule_width = max([len(f.rule) for f in findings] + [8])
    for file, group in groupby(findings, key=lambda f: f.location.file if f.location else ""):
        out.append([(printable(file) or t("model_level", lang), "bold underline")])
        for f in group:
            pos = f"{f.location.line}:{f.location.column}" if f.location else "-"
            out.append([("  ", None), (f"{pos:>8}  ", None),
                        (f"{SEVERITIES[f.severity].get(lang):<{sev_width}}", _STYLE[f.severity]),
                        (f"  {f.rule:<{rule_width}}  ", "dim"),
                        (printable(f.message.get(lang)), None)])  # model text: one line, no escape sequence
            if f.suggestion and f.suggestion.get(lang).strip():
                out.append([(f"{'':>12}→ {t('suggestion', lang)}: {printable(f.suggestion.get(lang))}", "dim")])
        out.append([])
    counts = summarize(findings)
    if not findings:
        out.append([(t("no_findings", lang), "green")])
    summary = t("summary", lang, errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
                model=result.model_id, elements=result.element_count)
    out.append([(printable(summary), "bold red" if counts["error"] else ("yellow" if counts["warning"] else "green"))])
    if result.waived:
        out.append([(t("waived", lang, count=len(result.waived)), "dim")])
    return out


def _with_rich(lines: list[Line], color: bool) -> str:
    """The report through rich: colours on a terminal, and rich's own handling of tabs and control
    characters."""
    from rich.console import Console  # lazy: rich costs start-up time and only terminals need it
    from rich.text import Text  # lazy: as above

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      width=10_000, soft_wrap=True, highlight=False, emoji=False, markup=False)
    for line in lines:
        if not line:
            console.print()
            continue
        text = Text()
        for part, style in line:
            text.append(part, style=style)
        console.print(text)
    return buf.getvalue()
