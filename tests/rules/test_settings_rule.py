"""The manifest's settings are checked too: an unknown rule id under ``rules:``, a typo under
``check:`` and an unknown top-level key each become a located finding with "did you mean"."""

from __future__ import annotations


def test_an_unknown_rule_id_under_rules_is_a_finding_with_did_you_mean(check):
    found = check({}, "rule-setting-unknown", extra="rules:\n  platfrom-unused: off\n")
    assert len(found) == 1
    f = found[0]
    assert f["severity"] == "error" and f["category"] == "reference"
    assert "'platfrom-unused'" in f["message"] and "Có phải ý bạn là 'platform-unused'?" in f["message"]
    assert f["location"] == {"file": "archtool.yaml", "line": 8, "column": 3}  # the key under rules:


def test_known_rule_ids_are_not_findings_and_still_apply(check):
    findings = check({}, extra="rules:\n  platform-unused: off\n  gap-capability: info\n")
    assert not [f for f in findings if f["rule"] == "rule-setting-unknown"]
    assert not [f for f in findings if f["rule"] == "platform-unused"]
    assert {f["severity"] for f in findings if f["rule"] == "gap-capability"} == {"info"}


def test_a_far_off_id_gets_no_wrong_suggestion(check):
    found = check({}, "rule-setting-unknown", extra="rules:\n  zzz-khong-co: warning\n")
    assert len(found) == 1 and "ý bạn là" not in found[0]["message"]


def test_a_typo_under_check_names_the_valid_keys(check):
    found = check({}, "schema-unknown-field", extra="check:\n  fial_on: warning\n")
    assert len(found) == 1
    assert "Có phải ý bạn là 'fail_on'?" in found[0]["message"] and "check:" in found[0]["message"]
    assert found[0]["suggestion"].endswith("fail_on, lang, format.")


def test_a_typo_at_the_manifest_top_level_is_a_finding(check):
    found = check({}, "schema-unknown-collection", extra="rule:\n  platform-unused: off\n")
    assert len(found) == 1 and "Có phải ý bạn là 'rules'?" in found[0]["message"]
