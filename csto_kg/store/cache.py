"""On-disk cache of the reasoned knowledge graph.

One file per input set, named after its key: sha256 over every input file
(role, absolute path, bytes), the rdflib and owlrl versions, the noise filter
version, the reasoner (and its version), the input budgets and the cache format. The file holds a
JSON header line (key, quad count, counts, findings) followed by the whole dataset
(asserted and inferred graphs) as N-Quads text written by Oxigraph (none when Oxigraph refuses
a term) and, unless Oxigraph parsed every input, the same quads before it in
:mod:`csto_kg.reasoning.dataset_codec` form (rdflib's terms exactly), so a warm start neither
parses Turtle nor imports owlrl.

The whole file is verified (:func:`seal`, :func:`unseal`): a first line names the format,
a second holds the sha256 of every byte after it, header and payload alike, so no byte
that can change an answer (a count, a finding, a term) goes unchecked. A file whose
checksum, key or count does not match is treated as damaged and rebuilt. The validation
reports (:mod:`csto_kg.validation`) and the state of an Oxigraph store are sealed the same way.
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

CACHE_FORMAT = 6  # 2: lexical forms kept (csto_kg.inputs.lexical); 3: the whole file checksummed; 4: N-Quads section; 5: "native"; 6: no term table beside native N-Quads
MAGIC = b"CSTO-KG-CACHE 4"
KEEP_FILES = 8  # most recent cache files kept in the folder


@dataclass
class CacheEntry:
    """What the cache stores next to the encoded dataset."""

    payload: bytes  # the dataset_codec term table and quads; b"" when ``native`` (the N-Quads say it all)
    quads: int
    asserted: int
    inferred: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    nquads: bytes = b""  # the same quads as N-Quads text written by Oxigraph (b"": none), for the query store
    native: bool = False  # whether Oxigraph parsed every input (the writers then take the same path as when built)


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
        "quads": entry.quads,
        "asserted": entry.asserted,
        "inferred": entry.inferred,
        "seconds": entry.seconds,
        "findings": [f.to_json() for f in entry.findings],
        "nquads_bytes": len(entry.nquads),
        "native": entry.native,
    }
    blob = seal(MAGIC, json.dumps(header).encode() + b"\n" + entry.payload + entry.nquads)
    try:
        path = atomic_write(cache_path(key), blob)
    except OSError:
        return None
    prune(path.parent, "kg-*.bin", keep=KEEP_FILES)
    return path


def seal(magic: bytes, body: bytes) -> bytes:
    """``body`` behind a line naming its format and a line holding the sha256 of the body.

    >>> sealed = seal(b"X 1", b"{}")
    >>> sealed.split(b"\\n")[0], unseal(b"X 1", sealed)
    (b'X 1', b'{}')
    >>> [unseal(b"X 1", sealed[:i] + bytes([sealed[i] ^ 1]) + sealed[i + 1:]) for i in range(len(sealed))].count(None) == len(sealed)
    True
    """
    return magic + b"\n" + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body


def unseal(magic: bytes, raw: bytes) -> bytes | None:
    """The body of a :func:`seal`-ed file, None when any byte of it differs from what was sealed.

    >>> unseal(b"X 1", seal(b"X 1", b"body")), unseal(b"X 2", seal(b"X 1", b"body")), unseal(b"X 1", b"X 1")
    (b'body', None, None)
    """
    first = raw.find(b"\n")
    second = raw.find(b"\n", first + 1)
    if first < 0 or second < 0 or raw[:first] != magic:
        return None
    body = raw[second + 1:]
    if hashlib.sha256(body).hexdigest().encode("ascii") != raw[first + 1:second]:
        return None
    return body


def _parse(raw: bytes, key: str) -> CacheEntry | None:
    body = unseal(MAGIC, raw)
    if body is None:
        return None
    try:
        header_line, payload = body.split(b"\n", 1)
        header = json.loads(header_line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict):
        return None
    if header.get("format") != CACHE_FORMAT or header.get("key") != key:
        return None
    try:
        size = int(header["nquads_bytes"])
        if not 0 <= size <= len(payload):
            return None
        return CacheEntry(
            payload=payload[:len(payload) - size],
            nquads=payload[len(payload) - size:] if size else b"",
            quads=int(header["quads"]),
            asserted=int(header["asserted"]),
            inferred=int(header["inferred"]),
            seconds=float(header["seconds"]),
            findings=[Finding.from_json(f) for f in header["findings"]],
            native=header["native"] is True,
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
