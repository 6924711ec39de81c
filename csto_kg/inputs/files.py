"""Which files make up the knowledge graph: bundled ontology/data, user additions.

Each input file gets a role (``ontology`` or ``data``), a path, a display
name for messages and the named graph it is loaded into.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import URIRef

from csto_kg.errors import UsageError
from csto_kg.namespaces import data_graph_name, ontology_graph_name

SHAPES_FILE = "shapes.ttl"  # SHACL shapes: never loaded as ontology


@dataclass(frozen=True)
class InputFile:
    """One RDF file to load."""

    role: str  # "ontology" or "data"
    path: Path
    graph: URIRef
    display: str


def bundled_root(folder: str) -> Path:
    """The folder holding the bundled ``ontology``, ``data`` or ``queries``.

    An installed package has them in ``csto_kg/bundled/<folder>``; a source
    checkout has them at the repository root.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "bundled" / folder
    if installed.is_dir():
        return installed
    if (package.parent / "pyproject.toml").is_file():  # running from a source checkout
        return package.parent / folder
    return installed  # installed without that folder: nothing bundled


def discover(
    *,
    ontology: Sequence[str | os.PathLike] | None = None,
    data: Sequence[str | os.PathLike] = (),
    bundled_data: bool = True,
) -> list[InputFile]:
    """All input files, ontology first, in a stable order."""
    files: list[InputFile] = []
    if ontology is None:
        files.extend(_bundled_ontology())
    else:
        for path in ontology:
            files.extend(_user_files("ontology", path, "--ontology"))
    if bundled_data:
        files.extend(_bundled_data())
    for path in data:
        files.extend(_user_files("data", path, "--data"))
    return _unique(files)


def _bundled_ontology() -> list[InputFile]:
    root = bundled_root("ontology")
    if not root.is_dir():
        return []
    return [
        InputFile("ontology", p, ontology_graph_name(p.name), f"ontology/{p.name}")
        for p in sorted(root.glob("*.ttl"))
        if p.name != SHAPES_FILE
    ]


def _bundled_data() -> list[InputFile]:
    root = bundled_root("data")
    if not root.is_dir():
        return []
    result = []
    for p in sorted(root.rglob("*.ttl")):
        rel = p.relative_to(root).as_posix()
        result.append(InputFile("data", p, data_graph_name(rel), f"data/{rel}"))
    return result


def _user_files(role: str, given: str | os.PathLike, option: str) -> list[InputFile]:
    path = Path(given).expanduser()
    if path.is_file():
        candidates = [path] if role != "ontology" or path.name != SHAPES_FILE else []  # shapes: not ontology
    elif path.is_dir():
        candidates = sorted(path.rglob("*.ttl"))
        if role == "ontology":
            candidates = [p for p in candidates if p.name != SHAPES_FILE]
    else:
        raise UsageError(f"{option} {given}: no such file or folder")
    return [_user_file(role, p) for p in candidates]


def _user_file(role: str, path: Path) -> InputFile:
    resolved = path.resolve()
    return InputFile(role, resolved, URIRef(resolved.as_uri()), display_path(resolved))


def display_path(path: Path) -> str:
    """``path`` as messages show it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _unique(files: Iterable[InputFile]) -> list[InputFile]:
    seen: set[Path] = set()
    result = []
    for f in files:
        if f.path not in seen:
            seen.add(f.path)
            result.append(f)
    return result
