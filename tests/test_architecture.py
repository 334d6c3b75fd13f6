"""The package's structure holds: layers import downwards only, no import circles, and an import
inside a function only where it saves start-up time, with its reason (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "archtool"

#: the rooms from the bottom up; a module may import modules of its own layer or below
LAYERS: list[tuple[str, ...]] = [
    ("archtool.i18n", "archtool.textnorm", "archtool.output"),
    ("archtool.vocab", "archtool.formats", "archtool.word"),
    ("archtool.findings", "archtool.suggest", "archtool.options"),
    ("archtool.model",),
    ("archtool.catalogs",),
    ("archtool.rules", "archtool.speed"),
    ("archtool.pipeline", "archtool.render", "archtool.workflows"),
    ("archtool.publish",),
    ("archtool.commands",),
    ("archtool.cli", "archtool.__main__"),
]


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    if module == "archtool":
        return 0
    for i, rooms in enumerate(LAYERS):
        if any(module == r or module.startswith(r + ".") for r in rooms):
            return i
    raise AssertionError(f"{module} is in no layer: add its room to LAYERS and to docs/architecture.md")


def _imports(path: Path) -> list[tuple[str, int, bool, str]]:
    """(imported archtool module, line, inside a function?, the line's text)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    inside.add(id(sub))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            out.append((name, node.lineno, id(node) in inside, lines[node.lineno - 1]))
    return out


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _internal(name: str) -> str | None:
    """The archtool module an import names (``from archtool.x import y`` may name module x.y)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name if name.startswith("archtool") else None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for name, _line, in_function, _text in _imports(path):
            target = _internal(name)
            if target and target != module and not in_function:
                graph[module].add(target)
    return graph


def test_every_module_imports_downwards_only():
    wrong = [f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
             for module, targets in _graph().items() for target in targets
             if _layer(target) > _layer(module)]
    assert not wrong, "\n".join(wrong)


def test_there_is_no_import_circle():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


@pytest.mark.parametrize("low", ["archtool.model", "archtool.catalogs"])
def test_the_model_and_the_catalogs_know_nothing_above_them(low):
    above = ("archtool.rules", "archtool.speed", "archtool.pipeline", "archtool.render", "archtool.workflows",
             "archtool.publish", "archtool.commands", "archtool.cli")
    bad = [f"{m}:{line}: {text.strip()}" for m, path in MODULES.items() if m.startswith(low)
           for name, line, _f, text in _imports(path) if (t := _internal(name)) and t.startswith(above)]
    assert not bad, "\n".join(bad)


def test_imports_inside_functions_say_why():
    """An import inside a function hides a dependency from the reader and from structure tools; it
    is kept only to spare start-up time (a heavy library few runs need), and says so."""
    unexplained = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _name_, line, in_function, text in _imports(path):
            if not in_function:
                continue
            block = [lines[i].strip() for i in range(line - 1, max(-1, line - 4), -1)]  # this line and the 2 above
            if not any("# lazy:" in b for b in block):
                unexplained.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {text.strip()}")
    assert not unexplained, "add '# lazy: <reason>' or move the import to the top:\n" + "\n".join(sorted(set(unexplained)))


def test_no_module_is_overgrown():
    big = [f"{m}: {n} lines" for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 430]
    assert not big, big


def test_every_room_says_what_it_is_for():
    for module, path in MODULES.items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 4, f"{module} needs an opening docstring saying what it is for"
