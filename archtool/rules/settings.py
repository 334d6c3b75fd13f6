"""The manifest's own settings checked against what archtool has: a rule id under ``rules:`` that
names no rule (a typo such as ``platfrom-unused: off`` would otherwise silently do nothing)."""

from __future__ import annotations

from typing import Iterable

from archtool.findings import Finding, Rule
from archtool.rules.context import Context
from archtool.suggest import did_you_mean

UNKNOWN_RULE_SETTING = Rule(
    "rule-setting-unknown", category="reference", severity="error",
    title=("Thiết lập cho quy tắc không tồn tại", "Setting for a rule that does not exist"),
    message=("Mục '{id}' trong 'rules:' của archtool.yaml không phải mã quy tắc nào, nên thiết lập '{value}' "
             "không có tác dụng.{hint}",
             "'{id}' under 'rules:' in archtool.yaml is not a rule id, so the setting '{value}' has no "
             "effect.{hint}"),
    rationale=("Một mã quy tắc gõ sai làm thiết lập (tắt quy tắc, đổi mức độ) mất tác dụng mà không ai biết.",
               "A mistyped rule id makes the setting (turning a rule off, changing its severity) silently do nothing."),
    citation="archtool docs/howto (rules: in archtool.yaml)",
    suggestion=("Sửa mã quy tắc cho đúng (xem `archtool rules`), hoặc xóa dòng này.",
                "Fix the rule id (see `archtool rules`), or delete the line."),
    example="archtool: 1\nmodel: {id: m, name: M, kind: e-government}\nrules:\n  platfrom-unused: off\n",
)


@UNKNOWN_RULE_SETTING.checks
def check_unknown_rule_setting(ctx: Context) -> Iterable[Finding]:
    manifest = ctx.arch.manifest
    if manifest is None or not ctx.rule_ids:
        return
    for rule_id, value in manifest.rules.items():
        if rule_id not in ctx.rule_ids:
            yield UNKNOWN_RULE_SETTING.finding(
                location=ctx.arch.top.manifest_location(f"rules.{rule_id}"), id=rule_id, value=value,
                hint=did_you_mean(rule_id, sorted(ctx.rule_ids)))
