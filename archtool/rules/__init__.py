"""Rules, one module per concern. :func:`load_all` imports them, which registers every rule.

* ``loading``   — unreadable files, YAML syntax, schema (reported by the loader)
* ``reference`` — ids and references
* ``engine``    — waivers (and running the checks)
* ``duplication`` — one-per-province capabilities, dataset masters, near-identical names
* ``gaps``        — required capabilities, Decision 950 coverage, dependencies, IOC, data sharing, security levels
* ``principles``  — shared hosting, no district units after 1 July 2025
* ``hygiene``     — project budget and period, capability mapping completeness, unused platforms
"""

import importlib

RULE_MODULES = ("loading", "reference", "engine", "duplication", "gaps", "principles", "hygiene")


def load_all() -> None:
    for name in RULE_MODULES:
        importlib.import_module(f"archtool.rules.{name}")
