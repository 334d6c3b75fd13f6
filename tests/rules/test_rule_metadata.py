"""Every analysis rule is fully documented in both languages, and its documented example triggers it."""

from __future__ import annotations

import pytest

from archtool.rules.registry import by_category as all_rules

ANALYSIS = ("duplication", "gap", "principle", "consistency")
RULES = [r for r in all_rules() if r.category in ANALYSIS]
FIXED_IDS = {"dup-capability", "dup-dataset-master", "dup-name", "gap-capability", "gap-task-group",
             "gap-dependency-retired", "gap-dependency-timeline", "gap-ioc-integration", "gap-data-sharing",
             "gap-security-level", "principle-shared-hosting", "principle-district-unit", "project-budget",
             "project-period", "project-outside-period", "mapping-unmapped", "platform-unused", "waiver-expired",
             "waiver-unused"}


def test_the_agreed_rule_ids_exist():
    assert FIXED_IDS <= {r.id for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_metadata_is_complete_in_both_languages(rule):
    for text in (rule.title, rule.message, rule.rationale, rule.suggestion):
        assert text is not None and text.vi.strip() and text.en.strip()
        assert text.vi != text.en
    assert rule.citation.strip()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_documented_example_triggers_the_rule(rule, check, review):
    assert rule.example, f"{rule.id} has no example"
    kind = "smart-city" if "smart-city" in rule.example else "e-government"
    if rule.scope == "proposal":  # reviewed against the test province and its shared platforms
        found = review(rule.example, rule.id, kind=kind)
    else:  # "# manifest: key: value" and "# manifest model: key: value" lines of an example set the manifest
        extra = "".join(line.split(":", 1)[1].strip() + "\n" for line in rule.example.splitlines()
                        if line.startswith("# manifest: "))
        model_extra = "".join("  " + line.split(":", 1)[1].strip() + "\n" for line in rule.example.splitlines()
                              if line.startswith("# manifest model: "))
        found = check({"example.yaml": rule.example}, rule.id, kind=kind, extra=extra,
                      model_extra=model_extra)  # plus the test province's units
    assert found, f"the example of {rule.id} does not trigger it"
