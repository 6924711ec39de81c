"""Parse RDF input without fetching or reading anything it points to.

rdflib's JSON-LD parser fetches a remote ``@context`` (and reads ``file:``
contexts); an XML parser may expand external entities. Every RDF text that
csto-kg parses (input files of any syntax, exports parsed back) goes through
:func:`parse_rdf`, which refuses:

- in JSON-LD, an ``@context`` (anywhere) given as a reference instead of an
  object, and ``@import`` — except csto-kg's own context IRI, which is
  replaced by the shipped ``context.jsonld`` (read from the package);
- in RDF/XML, any document type declaration (``<!DOCTYPE``, ``<!ENTITY``),
  so neither internal nor external entities are expanded. The text is first decoded
  the way an XML processor would read it (byte order mark, the UTF-16/32 byte patterns of
  ``<?xml`` without one, the encoding declaration: XML 1.0 appendix F), so no encoding
  hides a declaration, and a document that is not UTF-8 is refused once it is known to
  hold none; then the parser itself (expat, hardened as ``defusedxml`` does it) stops at
  the first declaration it meets, should one get past the text check.

Turtle, N-Triples, N-Quads and TriG cannot point at other documents.
``owl:imports`` is data to csto-kg: it is never followed (owlrl's import
interpretation is not used).
"""

from __future__ import annotations

import codecs
import json
import re
from functools import lru_cache
from pathlib import Path
from xml.sax import expatreader, handler as sax_handler

from rdflib import Dataset, Graph
from rdflib.plugin import register
from rdflib.parser import Parser
from rdflib.plugins.parsers.rdfxml import ErrorHandler, RDFXMLHandler, RDFXMLParser

from csto_kg.errors import InputRefused, UsageError, excerpt

CONTEXT_IRI = "https://w3id.org/csto-kg/context.jsonld"
CONTEXT_FILE = Path(__file__).resolve().parent.parent / "web" / "context.jsonld"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

class UnsafeInput(UsageError):
    """Input refused by :func:`parse_rdf` because of what it would make a parser do: fetch a
    context, expand an entity, read an encoding other than the one that was checked."""


#: Suffixes of syntaxes csto-kg writes but does not read as input (a file is one named graph).
UNREAD_SUFFIXES = {".trig": "TriG", ".nq": "N-Quads"}


def refuse_unread_syntax(path: str | Path, display: str) -> None:
    """Refuse an input file in a syntax of named graphs (TriG, N-Quads): an input file is loaded
    into one named graph of its own, so the graph names in it would be lost.

    >>> refuse_unread_syntax("x.ttl", "x.ttl")
    >>> refuse_unread_syntax("dump.nq", "dump.nq")
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: dump.nq: N-Quads input is not read (csto-kg loads each input file into a named graph of its own, so the graph names in it would be lost); convert it to N-Triples or Turtle
    """
    name = UNREAD_SUFFIXES.get(Path(path).suffix.lower())
    if name:
        raise InputRefused(file=display, message=(
            f"{name} input is not read (csto-kg loads each input file into a named graph of its own, "
            "so the graph names in it would be lost); convert it to N-Triples or Turtle"))


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
              public_id: str | None = None, source: str = "input", budgeted: bool = False) -> None:
    """Parse ``data`` into ``target`` after refusing what would fetch or read files.

    >>> g = Graph()
    >>> parse_rdf(g, '{"@context": {"name": "http://schema.org/name"}, "@id": "http://x/a", "name": "A"}',
    ...           format="json-ld")
    >>> len(g)
    1
    >>> parse_rdf(Graph(), '{"@context": "http://127.0.0.1:9/ctx", "@id": "http://x/a"}', format="json-ld")
    Traceback (most recent call last):
    ...
    csto_kg.inputs.safety.UnsafeInput: input: remote JSON-LD context 'http://127.0.0.1:9/ctx' refused (csto-kg never fetches contexts; inline the context)
    >>> parse_rdf(Graph(), '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r/>', format="xml")
    Traceback (most recent call last):
    ...
    csto_kg.inputs.safety.UnsafeInput: input: XML document type declarations and entities are refused (no entity is expanded)
    >>> parse_rdf(Graph(), '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r/>'.encode("utf-16-le"), format="xml")
    Traceback (most recent call last):
    ...
    csto_kg.inputs.safety.UnsafeInput: input: XML document type declarations and entities are refused (no entity is expanded)

    ``budgeted``: a JSON-LD document is measured against the input budgets
    (:func:`csto_kg.inputs.budgets.check_json`) before it is expanded into triples.
    """
    if format in ("json-ld", "jsonld"):
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        try:
            document = json.loads(text)
            document = _inline_contexts(document, source=source)
        except RecursionError:
            raise UsageError(f"{source}: invalid JSON: nested too deeply") from None
        except ValueError as error:
            raise UsageError(f"{source}: invalid JSON: {error}") from None
        if budgeted:
            from csto_kg.inputs.budgets import check_json

            check_json(document, source, text)
        target.parse(data=json.dumps(document), format="json-ld", publicID=public_id)
        return
    if format in ("xml", "rdfxml", "application/rdf+xml"):
        raw = xml_document(data, source=source)
        try:
            target.parse(data=raw, format=HARDENED_RDFXML, publicID=public_id)
        except _Declaration:
            raise UnsafeInput(_REFUSED_DTD.format(source=source)) from None
        return
    target.parse(data=data, format=format, publicID=public_id)


_REFUSED_DTD = "{source}: XML document type declarations and entities are refused (no entity is expanded)"
# the byte patterns that start an XML document in each encoding with no byte order mark (XML 1.0, F.1)
_BYTE_ORDER_MARKS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                     (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8"))
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._\-]{1,40})["']""")


def xml_encoding(raw: bytes) -> str:
    """The encoding an XML processor reads ``raw`` in: its byte order mark, else the pattern of
    its first bytes (a UTF-16 or UTF-32 document with no mark), else its encoding declaration,
    else UTF-8 (XML 1.0, appendix F).

    >>> xml_encoding('<?xml version="1.0"?><r/>'.encode("utf-16-le")), xml_encoding(b'<?xml version="1.0" encoding="ISO-8859-1"?><r/>')
    ('utf-16-le', 'iso8859-1')
    >>> xml_encoding(' <r/>'.encode("utf-32-be")), xml_encoding(b"<r/>")
    ('utf-32-be', 'utf-8')
    """
    for mark, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return name
    head = raw[:4].ljust(4, b"\x01")
    zeros = [byte == 0 for byte in head]
    if zeros[:3] == [True, True, True]:
        return "utf-32-be"
    if zeros[1:4] == [True, True, True]:
        return "utf-32-le"
    if zeros[0] and not zeros[1]:
        return "utf-16-be"
    if zeros[1] and not zeros[0]:
        return "utf-16-le"
    declared = _DECLARED.match(raw.lstrip()[:200])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return codecs.lookup(name).name
        except LookupError:
            return name
    return "utf-8"


def xml_document(data: str | bytes, *, source: str = "input") -> bytes:
    """The UTF-8 bytes of an RDF/XML document after the checks: no document type declaration or
    entity in whatever encoding it is written, and UTF-8 (or ASCII) it must be.

    >>> xml_document('<?xml version="1.0" encoding="UTF-8"?><r/>')
    b'<?xml version="1.0" encoding="UTF-8"?><r/>'
    >>> xml_document('<?xml version="1.0"?><r/>'.encode("utf-16-le"), source="f.rdf")
    Traceback (most recent call last):
    ...
    csto_kg.inputs.safety.UnsafeInput: f.rdf: the XML document is in UTF-16-LE; csto-kg reads UTF-8 only (save the file as UTF-8)
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    encoding = xml_encoding(raw)
    try:
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        raise UnsafeInput(f"{source}: the XML document declares the unknown encoding "
                         f"'{excerpt(encoding, 40)}'; csto-kg reads UTF-8 only") from None
    if _DOCTYPE_TEXT.search(text) or _DOCTYPE.search(raw):
        raise UnsafeInput(_REFUSED_DTD.format(source=source))
    if encoding not in ("utf-8", "ascii") or b"\x00" in raw:
        shown = encoding.upper() if encoding != "utf-8" else "UTF-8 with NUL bytes (UTF-16 or UTF-32?)"
        raise UnsafeInput(f"{source}: the XML document is in {shown}; csto-kg reads UTF-8 only "
                         "(save the file as UTF-8)")
    return raw


_DOCTYPE_TEXT = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class _Declaration(Exception):
    """A document type declaration or an entity met by the hardened XML parser."""


class _HardenedExpatReader(expatreader.ExpatParser):
    """expat, as ``defusedxml`` hardens it: a document type declaration, an entity declaration
    or an external entity reference stops the parse where it is met."""

    def reset(self):
        super().reset()
        parser = self._parser
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        parser.UnparsedEntityDeclHandler = self._refuse
        parser.ExternalEntityRefHandler = self._refuse

    def _refuse(self, *args):
        raise _Declaration()


class HardenedRDFXMLParser(RDFXMLParser):
    """rdflib's RDF/XML parser on the hardened expat reader (registered as ``csto-rdfxml``)."""

    def parse(self, source, sink, **args) -> None:
        reader = _HardenedExpatReader()
        reader.start_namespace_decl("xml", "http://www.w3.org/XML/1998/namespace")
        reader.setFeature(sax_handler.feature_namespaces, 1)
        reader.setFeature(sax_handler.feature_external_ges, 0)
        content = RDFXMLHandler(sink)
        content.setDocumentLocator(source)
        reader.setContentHandler(content)
        reader.setErrorHandler(ErrorHandler())
        self._parser = reader
        reader.parse(source)


HARDENED_RDFXML = "csto-rdfxml"
register(HARDENED_RDFXML, Parser, "csto_kg.inputs.safety", "HardenedRDFXMLParser")


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
            raise UnsafeInput(f"{source}: JSON-LD @import '{excerpt(value)}' refused (csto-kg never fetches contexts)")
        else:
            result[key] = _inline_contexts(value, source=source)
    return result


def _checked_context(value, *, source: str):
    if isinstance(value, list):
        return [_checked_context(item, source=source) for item in value]
    if isinstance(value, str):
        if value == CONTEXT_IRI:
            return shipped_context()
        raise UnsafeInput(f"{source}: remote JSON-LD context '{excerpt(value)}' refused (csto-kg never "
                         "fetches contexts; inline the context)")
    if isinstance(value, dict):
        return _inline_contexts(value, source=source)
    return value
