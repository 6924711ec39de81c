"""On-disk cache of the reasoned knowledge graph.

One file per input set, named after its key: sha256 over every input file
(role, absolute path, bytes), the rdflib and owlrl versions, the noise filter
version, the reasoner (and its version) and the cache format. The file holds a
JSON header line (key, payload sha256, quad count, counts, findings) followed by the whole dataset
(asserted and inferred graphs) in :mod:`csto_kg.reasoning.dataset_codec` form, so a
warm start neither parses Turtle nor imports owlrl. A file whose checksum,
key or count does not match is treated as damaged and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Sequence

import rdflib

from csto_kg.atomicio import atomic_write
from csto_kg.reasoning.findings import Finding
from csto_kg.inputs.files import InputFile
from csto_kg.reasoning.noise import FILTER_VERSION
from csto_kg.reasoning import REASONER_VERSIONS

CACHE_FORMAT = 2  # 2: lexical forms of literals kept (csto_kg.inputs.lexical)
MAGIC = b"CSTO-KG-CACHE"
KEEP_FILES = 8  # most recent cache files kept in the folder


@dataclass
class CacheEntry:
    """What the cache stores next to the encoded dataset."""

    payload: bytes
    quads: int
    asserted: int
    inferred: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)


def cache_dir() -> Path:
    """``$CSTO_KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/csto-kg``, else ``~/.cache/csto-kg``."""
    explicit = os.environ.get("CSTO_KG_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "csto-kg"


def cache_key(files: Sequence[InputFile], *, reasoner: str = "rl") -> str:
    """sha256 over the inputs and everything else the cached result depends on."""
    from csto_kg.inputs.budgets import current

    digest = hashlib.sha256()
    for part in (f"format={CACHE_FORMAT}", f"rdflib={rdflib.__version__}",
                 f"owlrl={_owlrl_version()}", f"filter={FILTER_VERSION}",
                 f"reasoner={REASONER_VERSIONS.get(reasoner, reasoner)}",
                 f"budgets={current().key()}"):  # a result only the budgets in force would accept
        _update(digest, part.encode())
    for input_file in files:
        _update(digest, input_file.role.encode())
        _update(digest, str(input_file.path).encode())
        _update(digest, str(input_file.graph).encode())
        _update(digest, input_file.path.read_bytes())
    return digest.hexdigest()


def cache_path(key: str) -> Path:
    return cache_dir() / f"kg-{key[:40]}.bin"


def read(key: str) -> tuple[str, CacheEntry | None]:
    """Look the key up: ``("hit", entry)``, ``("miss", None)`` or ``("damaged", None)``."""
    path = cache_path(key)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return "miss", None
    except OSError:
        return "damaged", None
    entry = _parse(raw, key)
    return ("hit", entry) if entry is not None else ("damaged", None)


def write(key: str, entry: CacheEntry) -> Path | None:
    """Store an entry atomically; a cache that cannot be written is skipped."""
    header = {
        "format": CACHE_FORMAT,
        "key": key,
        "sha256": hashlib.sha256(entry.payload).hexdigest(),
        "quads": entry.quads,
        "asserted": entry.asserted,
        "inferred": entry.inferred,
        "seconds": entry.seconds,
        "findings": [f.to_json() for f in entry.findings],
    }
    blob = MAGIC + b"\n" + json.dumps(header).encode() + b"\n" + entry.payload
    try:
        path = atomic_write(cache_path(key), blob)
    except OSError:
        return None
    prune(path.parent, "kg-*.bin", keep=KEEP_FILES)
    return path


def _parse(raw: bytes, key: str) -> CacheEntry | None:
    try:
        magic, header_line, payload = raw.split(b"\n", 2)
        header = json.loads(header_line)
    except (ValueError, UnicodeDecodeError):
        return None
    if magic != MAGIC or not isinstance(header, dict):
        return None
    if header.get("format") != CACHE_FORMAT or header.get("key") != key:
        return None
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        return None
    try:
        return CacheEntry(
            payload=payload,
            quads=int(header["quads"]),
            asserted=int(header["asserted"]),
            inferred=int(header["inferred"]),
            seconds=float(header["seconds"]),
            findings=[Finding.from_json(f) for f in header["findings"]],
        )
    except (KeyError, TypeError, ValueError):
        return None


def _update(digest, part: bytes) -> None:
    digest.update(len(part).to_bytes(8, "big"))
    digest.update(part)


def _owlrl_version() -> str:
    try:
        return metadata.version("owlrl")
    except metadata.PackageNotFoundError:
        return "unknown"


def prune(folder: Path, pattern: str, *, keep: int) -> None:
    """Delete all but the ``keep`` newest files of ``folder`` matching ``pattern`` (errors ignored)."""
    files = sorted(folder.glob(pattern), key=_mtime, reverse=True)
    for old in files[keep:]:
        try:
            old.unlink()
        except OSError:
            pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
