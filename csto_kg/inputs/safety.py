"""Parse RDF input without fetching or reading anything it points to.

rdflib's JSON-LD parser fetches a remote ``@context`` (and reads ``file:``
contexts); an XML parser may expand external entities. Every RDF text that
csto-kg parses (input files of any syntax, exports parsed back) goes through
:func:`parse_rdf`, which refuses:

- in JSON-LD, an ``@context`` (anywhere) given as a reference instead of an
  object, and ``@import`` — except csto-kg's own context IRI, which is
  replaced by the shipped ``context.jsonld`` (read from the package);
- in RDF/XML, any document type declaration (``<!DOCTYPE``, ``<!ENTITY``),
  so neither internal nor external entities are expanded.

Turtle, N-Triples, N-Quads and TriG cannot point at other documents.
``owl:imports`` is data to csto-kg: it is never followed (owlrl's import
interpretation is not used).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph

from csto_kg.errors import UsageError

CONTEXT_IRI = "https://w3id.org/csto-kg/context.jsonld"
CONTEXT_FILE = Path(__file__).resolve().parent.parent / "web" / "context.jsonld"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

#: File suffix -> rdflib parser name, for input files.
SUFFIX_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml",
                  ".xml": "xml"}


def format_for(path: str | Path) -> str:
    """The rdflib parser name for a file name (Turtle when the suffix is unknown).

    >>> format_for("a/b.jsonld"), format_for("x.rdf"), format_for("x.ttl"), format_for("x")
    ('json-ld', 'xml', 'turtle', 'turtle')
    """
    return SUFFIX_FORMATS.get(Path(path).suffix.lower(), "turtle")


def parse_rdf(target: Graph | Dataset, data: str | bytes, *, format: str,
              public_id: str | None = None, source: str = "input") -> None:
    """Parse ``data`` into ``target`` after refusing what would fetch or read files.

    >>> g = Graph()
    >>> parse_rdf(g, '{"@context": {"name": "http://schema.org/name"}, "@id": "http://x/a", "name": "A"}',
    ...           format="json-ld")
    >>> len(g)
    1
    >>> parse_rdf(Graph(), '{"@context": "http://127.0.0.1:9/ctx", "@id": "http://x/a"}', format="json-ld")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: input: remote JSON-LD context 'http://127.0.0.1:9/ctx' refused (csto-kg never fetches contexts; inline the context)
    >>> parse_rdf(Graph(), '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r/>', format="xml")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: input: XML document type declarations and entities are refused (no entity is expanded)
    """
    if format in ("json-ld", "jsonld"):
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        try:
            document = json.loads(text)
        except ValueError as error:
            raise UsageError(f"{source}: invalid JSON: {error}") from None
        document = _inline_contexts(document, source=source)
        target.parse(data=json.dumps(document), format="json-ld", publicID=public_id)
        return
    if format in ("xml", "rdfxml", "application/rdf+xml"):
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if _DOCTYPE.search(raw):
            raise UsageError(f"{source}: XML document type declarations and entities are refused "
                             "(no entity is expanded)")
    target.parse(data=data, format=format, publicID=public_id)


@lru_cache(maxsize=1)
def shipped_context() -> dict:
    """The shipped JSON-LD context object (the value of its ``@context``).

    >>> shipped_context()["kg"]
    'https://w3id.org/csto-kg/id/'
    """
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def _inline_contexts(node, *, source: str):
    if isinstance(node, list):
        return [_inline_contexts(item, source=source) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            result[key] = _checked_context(value, source=source)
        elif key == "@import":
            raise UsageError(f"{source}: JSON-LD @import '{value}' refused (csto-kg never fetches contexts)")
        else:
            result[key] = _inline_contexts(value, source=source)
    return result


def _checked_context(value, *, source: str):
    if isinstance(value, list):
        return [_checked_context(item, source=source) for item in value]
    if isinstance(value, str):
        if value == CONTEXT_IRI:
            return shipped_context()
        raise UsageError(f"{source}: remote JSON-LD context '{value}' refused (csto-kg never "
                         "fetches contexts; inline the context)")
    if isinstance(value, dict):
        return _inline_contexts(value, source=source)
    return value
