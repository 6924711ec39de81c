"""A cache of parsed SPARQL queries, so a warm command does not parse its helper again.

rdflib's SPARQL parser (pyparsing) takes 0.05-0.15 s for one helper query: a large share
of a warm command. :func:`prepare_cached` keeps the parsed and translated algebra of a
query on disk, keyed by a sha256 of the query text, the rdflib version and this codec's
version. The algebra is written with :mod:`marshal` as plain tuples of strings and numbers
(never pickle, so loading a cache file cannot run code); functions of the algebra (the
evaluation function of each expression) are stored by name and looked up again only in
rdflib's own SPARQL modules. Anything the codec does not know makes it fall back to
parsing, and a damaged file is ignored and rewritten.

>>> from csto_kg.query.safety import prepare
>>> query = prepare("SELECT ?s WHERE { ?s a csto:State FILTER(STRLEN(STR(?s)) > 3) }")
>>> decode(encode(query.algebra)) == query.algebra
True
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import os
import sys
from collections import OrderedDict
from pathlib import Path
from types import MethodType

from rdflib import BNode, Literal, URIRef, Variable
from rdflib import paths as rdflib_paths
from rdflib.plugins.sparql.operators import TrueFilter as _TRUE_FILTER
from rdflib.plugins.sparql.parserutils import CompValue, Expr
from rdflib.plugins.sparql.sparql import Prologue, Query

from csto_kg.atomicio import atomic_write

CODEC_VERSION = "1"
_CLASSES = {"CompValue": CompValue, "Expr": Expr}
_PATHS = {name: getattr(rdflib_paths, name) for name in
          ("AlternativePath", "InvPath", "MulPath", "NegatedPath", "SequencePath")}
_FUNCTION_MODULES = ("rdflib.plugins.sparql.operators", "rdflib.plugins.sparql.aggregates",
                     "rdflib.plugins.sparql.evaluate", "rdflib.plugins.sparql.algebra")


class Unsupported(Exception):
    """The algebra holds something the codec does not encode (then the query is parsed)."""


def encode(node):
    """A marshal-able form of an algebra node (see :func:`decode`)."""
    if node is _TRUE_FILTER:
        return ("G", "TrueFilter")
    if isinstance(node, CompValue):
        attrs = object.__getattribute__(node, "__dict__")
        state = {k: encode(v) for k, v in attrs.items() if k not in ("_evalfn", "ctx")}
        function = _function_name(attrs.get("_evalfn"))
        items = [(k, encode(v)) for k, v in OrderedDict.items(node)]
        return ("C", type(node).__name__, state, function, items)
    if isinstance(node, Variable):
        return ("V", str(node))
    if isinstance(node, URIRef):
        return ("U", str(node))
    if isinstance(node, BNode):
        return ("B", str(node))
    if isinstance(node, Literal):
        return ("L", str(node), str(node.datatype) if node.datatype else None, node.language)
    if type(node).__name__ in _PATHS and isinstance(node, rdflib_paths.Path):
        return ("P", type(node).__name__, {k: encode(v) for k, v in vars(node).items()})
    if isinstance(node, list):
        return ("l", [encode(v) for v in node])
    if isinstance(node, tuple):
        return ("t", [encode(v) for v in node])
    if isinstance(node, (set, frozenset)):
        return ("s", [encode(v) for v in node])
    if isinstance(node, dict):
        return ("d", [(encode(k), encode(v)) for k, v in node.items()])
    if node is None or isinstance(node, (str, int, float, bool)):
        return ("=", node)
    raise Unsupported(type(node).__name__)


def decode(data):
    """The algebra node that :func:`encode` described."""
    tag = data[0]
    if tag == "C":
        _, class_name, state, function, items = data
        cls = _CLASSES[class_name]
        node = cls.__new__(cls)
        OrderedDict.__init__(node)
        attrs = object.__getattribute__(node, "__dict__")
        attrs.update({k: decode(v) for k, v in state.items()})
        if cls is Expr:
            attrs["_evalfn"] = MethodType(_function(function), node) if function else None
        for key, value in items:
            OrderedDict.__setitem__(node, key, decode(value))
        return node
    if tag == "G":
        return _TRUE_FILTER
    if tag == "V":
        return Variable(data[1])
    if tag == "U":
        return URIRef(data[1])
    if tag == "B":
        return BNode(data[1])
    if tag == "L":
        return Literal(data[1], datatype=data[2], lang=data[3])
    if tag == "P":
        cls = _PATHS[data[1]]
        path = cls.__new__(cls)
        vars(path).update({k: decode(v) for k, v in data[2].items()})
        return path
    if tag == "l":
        return [decode(v) for v in data[1]]
    if tag == "t":
        return tuple(decode(v) for v in data[1])
    if tag == "s":
        return {decode(v) for v in data[1]}
    if tag == "d":
        return {decode(k): decode(v) for k, v in data[1]}
    if tag == "=":
        return data[1]
    raise ValueError(f"unknown tag {tag!r}")


def _function_name(method) -> tuple[str, str] | None:
    if method is None:
        return None
    function = getattr(method, "__func__", method)
    module, name = function.__module__, function.__qualname__
    if module not in _FUNCTION_MODULES or "." in name or getattr(sys.modules.get(module), name, None) is not function:
        raise Unsupported(f"{module}.{name}")
    return module, name


def _function(reference):
    module, name = reference
    if module not in _FUNCTION_MODULES:
        raise ValueError(f"function from {module} refused")
    return getattr(importlib.import_module(module), name)


def prepare_cached(text: str, *, prepare, prefixes: dict, folder: Path | None) -> Query:
    """``prepare(text)``, or the algebra cached in ``folder`` for this exact text.

    ``prepare`` parses and checks the query (refusing SERVICE, FROM and updates); it
    runs on a cache miss, so a cached query was checked when it was first parsed.
    """
    if folder is None:
        return prepare(text)
    from importlib.metadata import version

    key = hashlib.sha256("\0".join((CODEC_VERSION, version("rdflib"), text)).encode()).hexdigest()
    path = folder / f"{key}.query"
    algebra = _read(path, key)
    if algebra is not None:
        return Query(_prologue(prefixes), algebra)
    query = prepare(text)
    try:
        payload = marshal.dumps((key, encode(query.algebra)))
    except (Unsupported, ValueError, RecursionError):
        return query
    digest = hashlib.sha256(payload).hexdigest().encode()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, digest + b"\n" + payload)
    except OSError:
        pass  # a read-only cache folder only costs speed
    return query


def _read(path: Path, key: str):
    try:
        raw = path.read_bytes()
        digest, payload = raw.split(b"\n", 1)
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            return None
        stored_key, data = marshal.loads(payload)
        return decode(data) if stored_key == key else None
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError, ImportError):
        return None


def _prologue(prefixes: dict) -> Prologue:
    prologue = Prologue()
    for prefix, namespace in prefixes.items():
        prologue.bind(prefix, namespace)
    return prologue


def query_cache_folder() -> Path | None:
    """``<cache dir>/queries``, or None when ``CSTO_KG_NO_QUERY_CACHE`` is set."""
    if os.environ.get("CSTO_KG_NO_QUERY_CACHE"):
        return None
    from csto_kg.store.cache import cache_dir

    return cache_dir() / "queries"
