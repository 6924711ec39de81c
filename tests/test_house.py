"""The rules of the house, read from the imports (ast): stages, no cycles, few loose modules.

Data flows one way: inputs -> reasoning -> store -> validation -> query -> API -> charts
and maps -> web -> cli. A module may import its own stage and the stages below it, never one
above; the base modules (errors, namespaces, vocab, atomicio) and the message catalogue
(i18n) import no stage at all.
Every import counts, also one inside a function (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "csto_kg"

#: rank of each stage; a module may import only modules of a rank <= its own
RANKS = {
    "base": 0,  # errors, namespaces, vocab, atomicio
    "i18n": 0,  # the message catalogue (words in en, fr, ru): as basic as the base modules
    "inputs": 1,
    "reasoning": 2,
    "store": 3,
    "validation": 4,
    "query": 5,
    "api": 6,
    "charts": 7,
    "maps": 7,  # member maps: same stage as the charts (uses their palette and the API)
    "web": 8,
    "cli": 9,
    "package": 10,  # csto_kg/__init__.py and __main__.py: the public face
}
BASE = {"errors", "namespaces", "vocab", "atomicio"}
MAX_LOOSE = 8


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str:
    """The stage of ``csto_kg.X...`` from its first component."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__",):
        return "package"
    first = parts[1]
    if first in BASE:
        return "base"
    if first == "bundled":
        return "base"
    return first


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The csto_kg modules ``path`` imports (``from x import y`` counts y when it is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "csto_kg"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "csto_kg":
                continue
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.add(child if child in known else target)
    return {m for m in found if m != here}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {m for m in imports_of(path, known) if m in known} for name, path in known.items()}


def test_the_import_reader_sees_every_kind_of_import(tmp_path):
    known = {"csto_kg.a": None, "csto_kg.b": None, "csto_kg.c.d": None, "csto_kg.c": None}
    source = tmp_path / "csto_kg" / "x.py"
    source.parent.mkdir()
    source.write_text("import csto_kg.a\nfrom csto_kg.c import d\ndef f():\n    from .b import thing\n")
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "csto_kg"
    try:
        assert imports_of(source, known) == {"csto_kg.a", "csto_kg.c.d", "csto_kg.b"}
    finally:
        PACKAGE = saved


def test_every_module_belongs_to_a_known_stage():
    unknown = {name for name in modules() if stage(name) not in RANKS}
    assert not unknown, f"modules outside the stages: {sorted(unknown)}; add them to a stage folder"


def test_no_stage_imports_a_higher_stage():
    upward = sorted(f"{name} ({stage(name)}) imports {dep} ({stage(dep)})"
                    for name, deps in graph().items() for dep in deps
                    if RANKS[stage(dep)] > RANKS[stage(name)])
    assert upward == []


def test_no_import_cycle():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for dep in sorted(edges[node]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == [], " ; ".join(" -> ".join(c) for c in cycles)


def test_few_loose_modules_at_the_top():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE, loose


@pytest.mark.parametrize("folder", ["i18n", "inputs", "reasoning", "store", "validation", "query", "maps", "web", "cli"])
def test_each_stage_says_what_it_holds(folder):
    init = PACKAGE / folder / "__init__.py"
    assert init.is_file() and ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))


def test_every_package_folder_is_installed():
    """A folder of csto_kg with an ``__init__.py`` is listed by setup.py, so ``pip install .`` ships it
    (an editable install finds it anyway, which is how csto_kg.i18n once went missing from a wheel)."""
    setup = (PACKAGE.parent / "setup.py").read_text(encoding="utf-8")
    stages = re.search(r"^STAGES = \[(.*?)\]", setup, re.M).group(1)
    folders = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    missing = [name for name in folders if f'"{name}"' not in stages and f'"csto_kg.{name}"' not in setup]
    assert folders and missing == []
