"""Parse the input files into an rdflib Dataset, one named graph per file.

Nothing is fetched while parsing: files are read as bytes by us and parsed from
that text; ``owl:imports`` is never followed. A Turtle file is parsed by Oxigraph's
parser (pyoxigraph, native: several times faster than rdflib's) and its terms are
made rdflib terms once each, with the lexical forms as written and a fresh blank
node per label and file, as rdflib's parser gives them. rdflib's parser (by suffix,
through :func:`csto_kg.inputs.safety.parse_rdf`) reads every other format, a file
Oxigraph refuses (its error messages, with line and column, are the ones every
command gives) and the two things Oxigraph would read otherwise: an upper-case
language tag (Oxigraph lower-cases it) and an explicit ``xsd:string`` (a plain
literal in Oxigraph).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from itertools import chain, repeat
from typing import Sequence

from rdflib import Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from csto_kg.errors import InputRefused, LoadError, UsageError, excerpt
from csto_kg.inputs import budgets
from csto_kg.inputs.safety import UnsafeInput, format_for, parse_rdf, refuse_unread_syntax, xml_document
from csto_kg.inputs.files import InputFile, discover
from csto_kg.namespaces import bind_prefixes

# rdflib logs a warning per ill-typed literal or odd IRI; `csto-kg validate` reports
# them as findings with their position instead, so the warnings are silenced.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def new_dataset() -> Dataset:
    """An empty union Dataset with the csto-kg prefixes bound."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset.namespace_manager)
    return dataset


def load(
    *,
    ontology: Sequence[str | os.PathLike] | None = None,
    data: Sequence[str | os.PathLike] = (),
    bundled_data: bool = True,
) -> Dataset:
    """Load the asserted knowledge graph (no reasoning).

    ``ontology`` replaces the bundled ontology, ``data`` adds to the bundled
    data, ``bundled_data=False`` leaves the bundled data out.

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
    >>> ds = load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False)
    >>> len(ds) > 0
    True
    """
    files = discover(ontology=ontology, data=data, bundled_data=bundled_data)
    return load_files(files)


class ParsedFile:
    """One input file as parsed: its rdflib triples and, when Oxigraph accepts every term, its quads.

    ``triples`` are rdflib terms (what the reasoner and the checks read); ``quads`` the same
    triples as pyoxigraph Quads in the file's named graph, a blank node being the same label
    on both sides (None when some term is one Oxigraph refuses: an IRI with a space...).
    ``text`` is the file as read (the located checks scan it only when a finding needs a place);
    ``native`` says whether Oxigraph parsed it (lexical forms exactly as written; rdflib's
    parser normalises a few). ``terms``: each rdflib term of the file and its pyoxigraph term, as
    the parser made both (so an inferred triple over them is a quad without converting a term).
    """

    __slots__ = ("input_file", "triples", "quads", "text", "native", "terms")

    def __init__(self, input_file: InputFile, triples, quads: list | None, text: str | None, *,
                 native: bool = False, terms: dict | None = None):
        self.input_file, self.triples, self.quads, self.text = input_file, triples, quads, text
        self.native, self.terms = native, terms

    def __len__(self) -> int:
        return len(self.triples)


def parse_files(files: Sequence[InputFile]) -> list[ParsedFile]:
    """Parse each file once (:func:`parse_file`).

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
    >>> parsed = parse_files(discover(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False))
    >>> all(len(p) == len(p.quads) > 0 for p in parsed)
    True

    The whole stage stops past ``--max-seconds`` (:func:`csto_kg.inputs.budgets.time_limit`).
    """
    with budgets.time_limit("parsing"):
        return [parse_file(f) for f in files]


def dataset_of(parsed: Sequence[ParsedFile]) -> Dataset:
    """A new Dataset with one named graph per parsed file."""
    dataset = new_dataset()
    for entry in parsed:
        graph = dataset.graph(entry.input_file.graph)
        graph.addN((s, p, o, graph) for s, p, o in entry.triples)
    return dataset


def load_files(files: Sequence[InputFile]) -> Dataset:
    """Load the given input files into a new Dataset."""
    return dataset_of(parse_files(files))


def parse_into(graph: Graph, input_file: InputFile) -> None:
    """Parse one file into ``graph``; errors become :class:`LoadError`."""
    graph.addN((s, p, o, graph) for s, p, o in parse_file(input_file).triples)


def parse_file(input_file: InputFile) -> ParsedFile:
    """Parse one file (Turtle natively, other formats by rdflib); errors become :class:`LoadError`.

    The input budgets (:mod:`csto_kg.inputs.budgets`) are checked first on the text, then on the
    triples of the syntaxes whose text is not measured; past one, or for unsafe input,
    :class:`~csto_kg.errors.InputRefused`.
    """
    budgets.now_reading(input_file.display)
    refuse_unread_syntax(input_file.path, input_file.display)
    text = read_text(input_file)
    if not text.strip():
        raise LoadError(file=input_file.display, message="file is empty (expected Turtle triples)")
    syntax = format_for(input_file.path)
    if syntax in ("turtle", "nt"):  # measured before any parser reads it
        budgets.check_turtle_text(text, input_file.display)
    if syntax == "turtle":
        native = _parse_natively(text, base=str(input_file.graph), graph=input_file.graph)
        if native is not None:
            if not native[0]:
                raise LoadError(file=input_file.display, message="file contains no triples")
            return ParsedFile(input_file, native[0], native[1], text, native=True, terms=native[2])
    graph = Graph()
    try:
        parse_rdf(graph, text, format=syntax, public_id=str(input_file.graph),
                  source=input_file.display, budgeted=True)
    except InputRefused:
        raise
    except UnsafeInput as error:  # refused: remote context, XML entities, not UTF-8
        raise InputRefused(file=input_file.display, message=str(error).split(": ", 1)[-1]) from None
    except UsageError as error:  # invalid JSON
        raise LoadError(file=input_file.display, message=str(error).split(": ", 1)[-1]) from None
    except BadSyntax as error:
        raise _syntax_error(input_file, error) from None
    except Exception as error:  # rdflib raises assorted errors on bad terms
        raise _other_error(input_file, text, error) from None
    if len(graph) == 0:
        raise LoadError(file=input_file.display, message="file contains no triples")
    triples = list(graph)
    if syntax not in ("turtle", "nt"):  # JSON-LD, RDF/XML: measured as parsed
        budgets.check_triples(triples, input_file.display, text)
    return ParsedFile(input_file, triples, oxigraph_quads_of(triples, input_file.graph), text)


def oxigraph_quads_of(triples, graph, known: dict | None = None) -> list | None:
    """``triples`` as pyoxigraph Quads in ``graph``; None when Oxigraph refuses one of their terms.
    ``known``: rdflib terms already made as pyoxigraph terms (:attr:`ParsedFile.terms`), the others
    are converted once each.

    >>> from rdflib import Literal, URIRef
    >>> import pyoxigraph as ox
    >>> a = URIRef("http://x/a")
    >>> oxigraph_quads_of([(a, a, Literal("1"))], URIRef("http://x/g"), {a: ox.NamedNode("http://x/a")})
    [<Quad subject=<NamedNode value=http://x/a> predicate=<NamedNode value=http://x/a> object=<Literal value=1 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>> graph_name=<NamedNode value=http://x/g>>]
    """
    from csto_kg.inputs.terms import TermConverter

    convert = TermConverter()
    Quad = convert.ox.Quad
    terms = _Terms(known or {}, convert.to_ox)  # a dict lookup per term, in C, for the known ones
    try:
        name = convert.to_ox(graph)
        return [Quad(terms[s], terms[p], terms[o], name) for s, p, o in triples]
    except (ValueError, TypeError):  # a refused term, or a blank node or literal where RDF has none
        return None


class _Terms(dict):
    """rdflib term -> pyoxigraph term: the known ones, and each other converted on first use."""

    def __init__(self, known: dict, convert):
        super().__init__(known)
        self._convert = convert

    def __missing__(self, term):
        made = self[term] = self._convert(term)
        return made


# what Oxigraph's parser would read otherwise than rdflib's: left to rdflib
_READ_OTHERWISE = re.compile(r"@[A-Za-z0-9-]*[A-Z]|XMLSchema#string|xsd:string")


def _parse_natively(text: str, *, base: str, graph) -> tuple[list, list, dict] | None:
    """Parse Turtle ``text`` with pyoxigraph: ``(rdflib triples, pyoxigraph quads, rdflib term ->
    pyoxigraph term)``, or None when rdflib must.

    A new blank node per label and file, as rdflib's parser makes, the same on both sides,
    named after the file's graph and its order of appearance (so the same input gives the
    same labels, and the closure the same bytes, every time); a triple written twice is kept once.

    >>> triples, quads, _terms = _parse_natively('<a> <p> "0042"^^<http://www.w3.org/2001/XMLSchema#integer>, [ <q> "x" ] .', base="http://x/", graph="http://x/g")
    >>> sorted(str(o) for s, p, o in triples)[:1], len(triples), len(quads)
    (['0042'], 3, 3)
    >>> _parse_natively('<a> <p> "x"@en-GB .', base="http://x/", graph="http://x/g"), _parse_natively('<a b> <p> 1 .', base="http://x/", graph="http://x/g")
    (None, None)
    """
    if _READ_OTHERWISE.search(text):
        return None
    import pyoxigraph as ox
    from rdflib import BNode

    from csto_kg.inputs.terms import from_ox

    BlankNode = ox.BlankNode
    name = ox.NamedNode(str(graph))
    try:
        # a triple written twice is one triple: deduplicated in C, in the order of the file
        parsed = dict.fromkeys(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base))
    except (SyntaxError, ValueError, AttributeError):  # rdflib reads it again, for its messages (or accepts it)
        return None
    except MemoryError:  # a token over Oxigraph's 16 MiB parser buffer (a literal the budget was raised for)
        return None
    subjects = [q.subject for q in parsed]
    predicates = [q.predicate for q in parsed]
    objects = [q.object for q in parsed]
    # each term once, in order of first appearance (subject, predicate, object of each triple)
    terms = dict.fromkeys(chain.from_iterable(zip(subjects, predicates, objects)))
    prefix = "b" + hashlib.sha256(str(graph).encode()).hexdigest()[:12] + "x"
    fresh_count = 0
    stored: dict = {}  # parsed blank node -> the blank node as stored (renamed)
    for term in terms:
        if type(term) is BlankNode:  # a new blank node per label and file, named in order of appearance
            fresh_count += 1
            fresh = BNode(f"{prefix}{fresh_count}")
            terms[term] = fresh
            stored[term] = BlankNode(str(fresh))
        else:
            terms[term] = from_ox(term)
    rdflib_of = terms.__getitem__
    triples = list(zip(map(rdflib_of, subjects), map(rdflib_of, predicates), map(rdflib_of, objects)))
    if stored:
        as_stored = stored.get
        subjects = [as_stored(t, t) for t in subjects]
        objects = [as_stored(t, t) for t in objects]
    quads = list(map(ox.Quad, subjects, predicates, objects, repeat(name)))
    known = {made: stored.get(term, term) for term, made in terms.items()}
    return triples, quads, known


def read_text(input_file: InputFile) -> str:
    """The file's text, decoded as strict UTF-8 (clear error otherwise); no more than
    ``--max-file-bytes`` of it is read, and an RDF/XML file passes the XML safety checks
    (:func:`csto_kg.inputs.safety.xml_document`: no document type declaration in any encoding)
    before anything else looks at it."""
    try:
        raw = budgets.read_bounded(input_file.path, input_file.display)
    except OSError as error:
        raise LoadError(file=input_file.display, message=f"cannot read file: {error.strerror}") from None
    if format_for(input_file.path) == "xml":
        try:
            xml_document(raw, source=input_file.display)
        except UnsafeInput as error:
            raise InputRefused(file=input_file.display, message=str(error).split(": ", 1)[-1]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); Turtle files must be UTF-8"
        raise LoadError(file=input_file.display, line=line, column=column, message=message) from None


def _other_error(input_file: InputFile, text: str, error: Exception) -> LoadError:
    """Locate the errors rdflib raises without a position (bad string, bad language tag)."""
    from csto_kg.inputs.turtle_scan import line_column, stop_offset

    why = str(error)
    tag = re.search(r"'([^']*)' is not a valid language tag", why)
    if tag:
        found = re.search(r"""["']@""" + re.escape(tag.group(1)) + r"(?![\w-])", text)
        if found:
            line, column = line_column(text, found.start() + 1)
            return LoadError(file=input_file.display, line=line, column=column,
                             message=f"'{excerpt(tag.group(1))}' is not a valid language tag")
    if "Quote expected" in why:
        offset = stop_offset(text)
        if offset is not None:
            line, column = line_column(text, offset)
            return LoadError(file=input_file.display, line=line, column=column,
                             message="unterminated string literal (no closing quote)")
    return LoadError(file=input_file.display, message=f"{type(error).__name__}: {excerpt(str(error), 160)}")


def _syntax_error(input_file: InputFile, error: BadSyntax) -> LoadError:
    document: bytes = error._str if isinstance(error._str, bytes) else str(error._str).encode()
    offset = min(max(error._i, 0), len(document))
    line_start = document.rfind(b"\n", 0, offset) + 1
    line_end = document.find(b"\n", offset)
    if line_end == -1:
        line_end = len(document)
    line = document[:offset].count(b"\n") + 1
    before = document[max(line_start, offset - 4 * _NEAR):offset].decode("utf-8", "replace")[-_NEAR:]
    column = len(document[line_start:offset].decode("utf-8", "replace")) + 1
    after = document[offset:min(line_end, offset + 4 * _NEAR)].decode("utf-8", "replace")[:_NEAR]
    context = near(before, after, cut_before=offset - line_start > len(before.encode("utf-8")),
                   cut_after=line_end - offset > len(after.encode("utf-8")))
    return LoadError(
        file=input_file.display,
        line=line,
        column=column,
        message=excerpt(str(error._why), 160),
        context=context or None,
    )


_NEAR = 30  # characters quoted on each side of a syntax error


def near(before: str, after: str, *, cut_before: bool = False, cut_after: bool = False) -> str:
    r"""The excerpt of a line around an error: escaped, at most 30 characters on each side.

    >>> near("kg:a kg:p ", '"open .')
    'kg:a kg:p "open .'
    >>> near("x" * 30, "\x1b[2J", cut_before=True)
    '...xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\x1b[2J'
    """
    text = excerpt(before.lstrip(), _NEAR) + excerpt(after.rstrip(), _NEAR)
    return ("..." if cut_before else "") + text.strip() + ("..." if cut_after else "")
