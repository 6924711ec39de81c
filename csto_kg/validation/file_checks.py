"""Checks of one input file on its own: encoding, content, syntax, literals.

Each file is parsed alone (with the engine's loader, so the messages are the
ones every command gives) and its text is scanned for term positions
(:mod:`csto_kg.inputs.turtle_scan`). A file that cannot be parsed is *fatal*: the
graph-wide checks are then skipped, since they would only report the
consequences of the missing triples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef  # Graph: for the doctests

from csto_kg.errors import InputRefused, LoadError, excerpt
from csto_kg.inputs.characters import unwritable_character, unwritable_message
from csto_kg.reasoning.findings import ERROR, WARNING, Finding
from csto_kg.inputs.files import InputFile
from csto_kg.validation.literal_checks import language_tag_problem, lexical_problem
from csto_kg.inputs.loading import parse_file, read_text
from csto_kg.namespaces import curie
from csto_kg.inputs.turtle_scan import Scan, line_column, scan, triples_scan

TURTLE_EXTENSION = ".ttl"
# what a file's extension says its content is (the loader parses by extension)
EXTENSION_FORMATS = {".ttl": "Turtle", ".turtle": "Turtle", ".nt": "N-Triples", ".n3": "Turtle",
                     ".trig": "TriG", ".nq": "N-Quads", ".jsonld": "JSON-LD", ".json": "JSON-LD",
                     ".rdf": "RDF/XML", ".owl": "RDF/XML", ".xml": "RDF/XML"}

# content sniffing: (pattern at the start of the text, what it looks like)
_OTHER_FORMATS = [
    (re.compile(r"<\?xml|<rdf:RDF", re.IGNORECASE), "RDF/XML"),
    (re.compile(r"<!doctype html|<html", re.IGNORECASE), "HTML"),
    (re.compile(r"\{\s*\"|\[\s*[{\"]"), "JSON-LD"),
]


@dataclass
class FileResult:
    """What checking one file found, and what later checks need from it.

    ``scan`` (the positions of the file's terms, :func:`~csto_kg.inputs.turtle_scan.scan`) is
    made on first use only: a check reads it when it has a finding to place. A file in another
    syntax (JSON-LD, RDF/XML) has the terms of its triples with the file as their place
    (:func:`~csto_kg.inputs.turtle_scan.triples_scan`).
    """

    input_file: InputFile
    findings: list[Finding] = field(default_factory=list)
    fatal: bool = False
    text: str | None = None  # the Turtle text whose terms can be located (None: other formats)
    triples: object = None  # the file's parsed triples (what the graph checks pre-filter on)
    _scanned: Scan | None = field(default=None, repr=False)

    @property
    def scan(self) -> Scan | None:
        if self._scanned is None:
            if self.text is not None:
                self._scanned = scan(self.text)
            elif self.triples is not None:
                self._scanned = triples_scan(self.triples)
        return self._scanned


def check_file(input_file: InputFile, *, parsed=None) -> FileResult:
    """Check one file: encoding, emptiness, format, syntax, literals and language tags.

    ``parsed`` is the file as loading already parsed it (a
    :class:`~csto_kg.inputs.loading.ParsedFile`; it is then not parsed again). The text is
    scanned for positions only when a literal has a problem to place (always for a file that
    rdflib's parser read, since it normalises some lexical forms).

    >>> from csto_kg.inputs.files import discover
    >>> from csto_kg.inputs.fixtures import FIXTURE_DATA
    >>> [check_file(f).findings for f in discover(ontology=[], data=[FIXTURE_DATA], bundled_data=False)]
    [[], []]
    """
    result = FileResult(input_file)
    display = input_file.display
    try:
        text = read_text(input_file)
    except LoadError as error:
        if isinstance(error, InputRefused) or error.message.startswith("cannot read"):
            raise  # unusable or refused input, not a finding about its content
        return _fatal(result, _from_load_error(error, "encoding"))
    if text.startswith("\ufeff"):
        return _fatal(result, Finding(ERROR, "file starts with a byte order mark (BOM); save it as UTF-8 "
                                      "without BOM", code="encoding", file=display, line=1, column=1))
    extension = input_file.path.suffix.lower()
    looks_like = _other_format(text) or "Turtle"
    expected = EXTENSION_FORMATS.get(extension)
    if expected is None and looks_like != "Turtle" or expected and _family(expected) != _family(looks_like):
        return _fatal(result, Finding(ERROR, f"file has the extension {extension or '(none)'} but its "
                                      f"content looks like {looks_like}", code="content-mismatch",
                                      file=display, line=1, column=1))
    if not _has_content(text):
        return _fatal(result, Finding(ERROR, "file is empty (expected Turtle triples)", code="empty",
                                      file=display))
    if parsed is None:
        try:
            parsed = parse_file(input_file)
        except InputRefused:
            raise  # unsafe, or over an input budget: exit 2, as for every command
        except LoadError as error:
            return _fatal(result, _from_load_error(error, _syntax_code(error.message)))
    triples = result.triples = parsed.triples
    if not parsed.native:  # Oxigraph's parser refuses such an IRI: a file it parsed has none
        result.findings += invalid_iri_findings(triples, text, display)
    if expected is None:
        result.findings.append(Finding(WARNING, f"extension {extension or '(none)'} is not .ttl; the file "
                                       "was read as Turtle (rename it to .ttl)",
                                       code="extension-mismatch", file=display))
    if looks_like == "Turtle":  # positions are known for Turtle (and N-Triples) only
        result.text = text
        if not parsed.native or any_literal_problem(triples):
            result.findings += literal_findings(result.scan, display)
    elif any_literal_problem(triples):  # JSON-LD, RDF/XML: the file is the place
        result.findings += literal_findings(result.scan, display)
    return result


def any_literal_problem(triples) -> bool:
    """Whether some literal object of ``triples`` is ill-typed or has a bad language tag.

    What :func:`literal_findings` reports, asked of the parsed terms first, so that the text
    is scanned for positions only when there is something to place.

    >>> from rdflib import Literal, URIRef
    >>> a, p = URIRef("http://x/a"), URIRef("http://x/p")
    >>> any_literal_problem([(a, p, Literal("2002-13-01", datatype=URIRef(XSD_DATE)))]), any_literal_problem([(a, p, Literal("x", lang="fr"))])
    (True, False)
    """
    # by id: the parser makes each distinct term once (rdflib's Literal hash is slow)
    literals = {id(o): o for _s, _p, o in triples if type(o) is Literal}.values()
    # one search over all the texts at once: each character XML cannot carry is one character
    if unwritable_character("".join(literals)) is not None:
        return True
    tags: set = set()  # each language tag checked once (a file has a few, on thousands of literals)
    for o in literals:
        language = o.language
        if language is not None:
            if language not in tags:
                if language_tag_problem(language):
                    return True
                tags.add(language)
        elif o.datatype is not None and lexical_problem(str(o), str(o.datatype)):
            return True
    return False


XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def literal_findings(scanned: Scan, display: str) -> list[Finding]:
    """Ill-typed literals, bad language tags and characters XML cannot carry, at their position in the file."""
    findings = []
    for term in scanned.terms:
        if term.kind != "literal":
            continue
        unwritable = unwritable_message(term.value)
        if unwritable:
            findings.append(Finding(ERROR, unwritable, code="control-character",
                                    file=display, line=term.line, column=term.column, rule="XML 1.0 characters"))
        if term.lang is not None:
            problem = language_tag_problem(term.lang)
            if problem:
                findings.append(Finding(problem[0], problem[1], code="language-tag", file=display,
                                        line=term.line, column=term.column, rule="BCP 47"))
            continue
        why = lexical_problem(term.value, term.datatype)
        if why:
            datatype = curie(term.datatype or "") or f"<{term.datatype}>"
            findings.append(Finding(ERROR, f"ill-typed literal \"{excerpt(term.value)}\"^^{datatype}: {why}",
                                    code="ill-typed-literal", file=display, line=term.line,
                                    column=term.column, rule=datatype))
    return findings


def invalid_iri_findings(graph, text: str, display: str) -> list[Finding]:
    """IRIs with characters IRIs may not contain (rdflib only logs a warning for them).

    >>> g = Graph().parse(data="<http://x/a b> <http://x/p> 1 .", format="turtle")
    >>> [f.render_line() for f in invalid_iri_findings(g, "<http://x/a b> <http://x/p> 1 .", "t.ttl")]
    ['ERROR t.ttl:1:1: invalid IRI <http://x/a b>: it contains a space (IRI syntax)']
    """
    findings = []
    bad = sorted({str(term) for triple in graph for term in triple
                  if isinstance(term, URIRef) and _BAD_IRI.search(str(term))})
    for iri in bad:
        char = _BAD_IRI.search(iri).group()
        what = "a space" if char == " " else f"the character {char!r}"
        offset = text.find("<" + iri)
        line, column = line_column(text, offset) if offset >= 0 else (None, None)
        findings.append(Finding(ERROR, f"invalid IRI <{excerpt(iri)}>: it contains {what}", (iri,), code="syntax",
                                file=display, line=line, column=column, rule="IRI syntax"))
    return findings


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _fatal(result: FileResult, finding: Finding) -> FileResult:
    result.findings.append(finding)
    result.fatal = True
    return result


def _from_load_error(error: LoadError, code: str) -> Finding:
    message = error.message
    if error.context:
        message += f" (near: {error.context})"
    return Finding(ERROR, message, code=code, file=error.file, line=error.line, column=error.column)


def _syntax_code(message: str) -> str:
    if "not bound" in message:
        return "undefined-prefix"
    if "string" in message or "Quote" in message:
        return "unterminated-string"
    if "language tag" in message:
        return "language-tag"
    if "empty" in message or "no triples" in message:
        return "empty"
    return "syntax"


def _family(name: str) -> str:
    """Formats that content sniffing cannot tell apart share a family."""
    return "Turtle" if name in ("Turtle", "N-Triples", "TriG", "N-Quads") else name


def _other_format(text: str) -> str | None:
    start = text.lstrip()
    for pattern, name in _OTHER_FORMATS:
        if pattern.match(start):
            return name
    return None


def _has_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
