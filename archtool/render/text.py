"""``--format text``: findings grouped by file, ``line:col  severity  rule  message``, then a summary."""

from __future__ import annotations

import io
from itertools import groupby
from typing import Any

from rich.console import Console
from rich.text import Text

from archtool.findings import summarize
from archtool.textnorm import printable
from archtool.vocab import t
from archtool.vocab import SEVERITY as SEVERITIES

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      width=10_000, soft_wrap=True, highlight=False, emoji=False, markup=False)
    findings = result.findings
    sev_width = max(len(SEVERITIES[s].get(lang)) for s in SEVERITIES)
    rule_width = max([len(f.rule) for f in findings] + [8])
    for file, group in groupby(findings, key=lambda f: f.location.file if f.location else ""):
        console.print(Text(printable(file) or t("model_level", lang), style="bold underline"))
        for f in group:
            pos = f"{f.location.line}:{f.location.column}" if f.location else "-"
            line = Text("  ")
            line.append(f"{pos:>8}  ")
            line.append(f"{SEVERITIES[f.severity].get(lang):<{sev_width}}", style=_STYLE[f.severity])
            line.append(f"  {f.rule:<{rule_width}}  ", style="dim")
            line.append(printable(f.message.get(lang)))  # model text: one line, no escape sequence
            console.print(line)
            if f.suggestion and f.suggestion.get(lang).strip():
                console.print(Text(f"{'':>12}→ {t('suggestion', lang)}: {printable(f.suggestion.get(lang))}", style="dim"))
        console.print()
    counts = summarize(findings)
    if not findings:
        console.print(Text(t("no_findings", lang), style="green"))
    summary = t("summary", lang, errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
                model=result.model_id, elements=result.element_count)
    style = "bold red" if counts["error"] else ("yellow" if counts["warning"] else "green")
    console.print(Text(printable(summary), style=style))
    if result.waived:
        console.print(Text(t("waived", lang, count=len(result.waived)), style="dim"))
    return buf.getvalue()
