"""Rules, one module per concern. :func:`load_all` imports them, which registers every rule.

* ``loading``   — unreadable files, YAML syntax, schema (reported by the loader)
* ``reference`` — ids and references
* ``engine``    — waivers (and running the checks)
"""

import importlib

RULE_MODULES = ("loading", "reference", "engine")


def load_all() -> None:
    for name in RULE_MODULES:
        importlib.import_module(f"archtool.rules.{name}")
