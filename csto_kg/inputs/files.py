"""Which files make up the knowledge graph: bundled ontology/data, user additions.

Each input file gets a role (``ontology`` or ``data``), a path, a display
name for messages and the named graph it is loaded into.

A folder given by the user is read without leaving it: a symbolic link in it that points
outside the folder, that loops, that points to nothing, or a ``*.ttl`` that is not a regular
file (a pipe would block the reader, a device never end) is a :class:`~csto_kg.errors.UsageError`
(exit 2) naming the link, never its target's content. The sizes of all the files are
checked against the input budgets before any is read (:func:`csto_kg.inputs.budgets.check_sizes`).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import URIRef

from csto_kg.errors import UsageError, excerpt
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
    """All input files, ontology first, in a stable order; their sizes within the input budgets.

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
    >>> [f.display.rsplit("/", 1)[-1] for f in discover(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False)]
    ['core.ttl', 'ambiguous.ttl', 'members.ttl']
    """
    from csto_kg.inputs.budgets import check_sizes

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
    files = _unique(files)
    check_sizes(files)
    return files


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
    shown = f"{option} {excerpt(str(given), 200)}"
    if path.is_symlink():
        _followed(path, shown)  # a loop or a link to nothing: said as such
    if path.is_file():
        candidates = [path] if role != "ontology" or path.name != SHAPES_FILE else []  # shapes: not ontology
    elif path.is_dir():
        candidates = folder_files(path, shown)
        if role == "ontology":
            candidates = [p for p in candidates if p.name != SHAPES_FILE]
    elif path.exists():
        raise UsageError(f"{shown}: not a regular file or a folder (a device, socket or pipe)")
    else:
        raise UsageError(f"{shown}: no such file or folder")
    return [_user_file(role, p) for p in candidates]


def folder_files(folder: Path, shown: str = "--data", pattern: str = "*.ttl") -> list[Path]:
    """The files matching ``pattern`` under ``folder`` (recursively, sorted), each a regular file
    inside the folder once symbolic links are followed; :class:`UsageError` otherwise.

    >>> import tempfile
    >>> folder, elsewhere = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text("<a> <b> <c> ."), (elsewhere / "secret").write_text("x")
    >>> [p.name for p in folder_files(folder)]
    ['a.ttl']
    >>> (folder / "link.ttl").symlink_to(elsewhere / "secret")
    >>> folder_files(folder, "--data in")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: --data in: link.ttl is a symbolic link to a file outside the folder; refused (a folder is read without leaving it: copy the file in, or give it with --data FILE)
    """
    root = folder.resolve(strict=True)
    found = []
    for top, folders, names in os.walk(root, followlinks=False):
        here = Path(top)
        for name in folders:  # not followed; one leaving the folder is refused
            if (here / name).is_symlink():
                _inside(root, here / name, _followed(here / name, shown, root), shown)
        for name in names:
            if not fnmatch.fnmatchcase(name, pattern):
                continue
            path = here / name
            if path.is_symlink():
                target = _followed(path, shown, root)
                _inside(root, path, target, shown)
                if target.is_dir():
                    continue
            if not path.is_file():
                raise UsageError(f"{shown}: {_relative(root, path)} is not a regular file (a device, socket or pipe)")
            found.append(path)
    return sorted(found)


def _followed(link: Path, shown: str, root: Path | None = None) -> Path:
    """Where the symbolic link ``link`` leads; a loop or a missing target is a :class:`UsageError`."""
    name = f"{_relative(root, link)} is a symbolic link" if root is not None else "a symbolic link"
    try:
        return link.resolve(strict=True)
    except FileNotFoundError:
        raise UsageError(f"{shown}: {name} to nothing (its target does not exist)") from None
    except (RuntimeError, OSError):  # RuntimeError: Python 3.11's "Symlink loop"; OSError: ELOOP
        raise UsageError(f"{shown}: {name} that loops (it never leads to a file)") from None


def _inside(root: Path, link: Path, target: Path, shown: str) -> None:
    if target != root and root not in target.parents:
        what = "folder" if target.is_dir() else "file"
        raise UsageError(f"{shown}: {_relative(root, link)} is a symbolic link to a {what} outside the folder; "
                         f"refused (a folder is read without leaving it: copy the {what} in, or give it with "
                         f"{shown.split()[0]} {what.upper()})")


def _relative(root: Path | None, path: Path) -> str:
    try:
        shown = path.relative_to(root).as_posix() if root is not None else str(path)
    except ValueError:
        shown = str(path)
    return excerpt(shown, 200)


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
