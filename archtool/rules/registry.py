"""The registry: the one list of every rule archtool has, in the order reports list them.

A rule is declared once, next to the code that finds its problems (a :class:`~archtool.findings.Rule`
with its metadata and, for checks of a loaded architecture, its ``@RULE.checks`` function): the
loader's problems in :mod:`archtool.model.problems`, the catalog loader's in
:mod:`archtool.catalogs.problems`, every check in a module of :mod:`archtool.rules`. This table
lists them all; the command line (``archtool rules``), the SARIF and JUnit outputs and the rule
reference in the docs are generated from it. A new rule is added to its module and to this table
(``tests/rules/test_rule_metadata.py`` fails for a rule missing here).
"""

from __future__ import annotations

from archtool.catalogs import problems as catalog
from archtool.findings import Rule
from archtool.model import problems as loading
from archtool.rules import (coverage, duplication, gaps, hygiene, phasing, principles, reference, review, security,
                            settings, values, waivers)

RULES: tuple[Rule, ...] = (
    # read while loading: syntax and schema (archtool/model/problems.py)
    loading.YAML_SYNTAX, loading.YAML_DUPLICATE_KEY, loading.YAML_TAG, loading.YAML_LIMIT, loading.YAML_MULTI_DOC,
    loading.FILE_ENCODING, loading.FILE_UNREADABLE, loading.FILE_EMPTY, loading.MANIFEST_MISSING,
    loading.MANIFEST_INVALID, loading.INCLUDE_OUTSIDE, loading.INCLUDE_NO_MATCH, loading.EXTENDS_PROBLEM,
    loading.UNKNOWN_COLLECTION, loading.UNKNOWN_FIELD, loading.SCHEMA_INVALID, loading.SCHEMA_TEXT,
    loading.DUPLICATE_ID,
    # user catalogs (archtool/catalogs/problems.py)
    catalog.CATALOG_INVALID,
    # reference
    reference.UNRESOLVED, reference.WRONG_KIND, reference.UNKNOWN_CAPABILITY, reference.UNKNOWN_TASK_GROUP,
    reference.WAIVER_REFS, settings.UNKNOWN_RULE_SETTING,
    # duplication
    duplication.DUP_CAPABILITY, duplication.DUP_DATASET_MASTER, duplication.DUP_NAME,
    # gap
    coverage.GAP_CAPABILITY, coverage.GAP_TASK_GROUP, gaps.DEP_RETIRED, gaps.DEP_TIMELINE, gaps.GAP_IOC,
    gaps.GAP_DATA_SHARING, security.GAP_SECURITY, security.GAP_SECURITY_DATA, coverage.GAP_NO_DATASETS,
    coverage.GAP_NO_SENSING, phasing.DEP_RETIRING,
    # principle
    principles.SHARED_HOSTING, principles.DISTRICT_UNIT, principles.EGOV_BASE, principles.FRAMEWORK_VERSION,
    principles.BYPASS_SHARED, phasing.REBUILD, phasing.SPREAD_THIN,
    # consistency
    hygiene.PROJECT_BUDGET, hygiene.PROJECT_PERIOD, hygiene.OUTSIDE_PERIOD, hygiene.MAPPING,
    hygiene.PLATFORM_UNUSED, phasing.HOSTING_LATER, values.VALUE_AMOUNT, values.VALUE_DATES,
    # waivers
    waivers.WAIVER_EXPIRED, waivers.WAIVER_UNUSED,
    # a review's proposal (archtool review)
    review.REUSE_PLATFORM, review.SHARED_PLATFORM, review.BUDGET, review.INVESTMENT_FORM,
    review.TASK_GROUP, review.DELIVERABLES,
)
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
if len(BY_ID) != len(RULES):  # pragma: no cover - caught by the tests at once
    raise ValueError("two rules share an id")


def checks(scope: str = "model") -> list[Rule]:
    """The rules with a check function that run in ``scope``: ``model`` (every check) or
    ``proposal`` (a review: the model's checks and the proposal's)."""
    return [r for r in RULES if r.check is not None and (r.scope == "model" or scope == "proposal")]


def by_category() -> list[Rule]:
    """Every rule sorted by category, then id (the order of ``archtool rules`` and the docs)."""
    return sorted(RULES, key=lambda r: (r.category, r.id))
