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

import logging
import os
import re
from typing import Sequence

from rdflib import Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from csto_kg.errors import LoadError, UsageError
from csto_kg.inputs.safety import format_for, parse_rdf
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


def load_files(files: Sequence[InputFile]) -> Dataset:
    """Load the given input files into a new Dataset."""
    dataset = new_dataset()
    for input_file in files:
        parse_into(dataset.graph(input_file.graph), input_file)
    return dataset


def parse_into(graph: Graph, input_file: InputFile) -> None:
    """Parse one Turtle file into ``graph``; errors become :class:`LoadError`."""
    text = read_text(input_file)
    if not text.strip():
        raise LoadError(file=input_file.display, message="file is empty (expected Turtle triples)")
    if format_for(input_file.path) == "turtle" and _parse_natively(graph, text, base=str(input_file.graph)):
        if len(graph) == 0:
            raise LoadError(file=input_file.display, message="file contains no triples")
        return
    try:
        parse_rdf(graph, text, format=format_for(input_file.path), public_id=str(input_file.graph),
                  source=input_file.display)
    except UsageError as error:  # refused: remote context, XML entities
        raise LoadError(file=input_file.display, message=str(error).split(": ", 1)[-1]) from None
    except BadSyntax as error:
        raise _syntax_error(input_file, error) from None
    except Exception as error:  # rdflib raises assorted errors on bad terms
        raise _other_error(input_file, text, error) from None
    if len(graph) == 0:
        raise LoadError(file=input_file.display, message="file contains no triples")


# what Oxigraph's parser would read otherwise than rdflib's: left to rdflib
_READ_OTHERWISE = re.compile(r"@[A-Za-z0-9-]*[A-Z]|XMLSchema#string|xsd:string")


def _parse_natively(graph: Graph, text: str, *, base: str) -> bool:
    """Parse Turtle ``text`` with pyoxigraph into ``graph``; False (nothing added) when rdflib must.

    >>> from rdflib import Graph
    >>> g = Graph()
    >>> _parse_natively(g, '<a> <p> "0042"^^<http://www.w3.org/2001/XMLSchema#integer>, [ <q> "x" ] .', base="http://x/")
    True
    >>> sorted(str(o) for o in g.objects(None, None))[:1], len(g)
    (['0042'], 3)
    >>> _parse_natively(Graph(), '<a> <p> "x"@en-GB .', base="http://x/"), _parse_natively(Graph(), '<a b> <p> 1 .', base="http://x/")
    (False, False)
    """
    if _READ_OTHERWISE.search(text):
        return False
    import pyoxigraph as ox
    from rdflib import BNode

    from csto_kg.inputs.terms import from_ox

    BlankNode = ox.BlankNode
    memo: dict = {}

    def convert(term):
        found = memo.get(term)
        if found is None:  # a fresh blank node per label and file, as rdflib's parser makes
            found = memo[term] = BNode() if type(term) is BlankNode else from_ox(term)
        return found

    try:
        quads = [(convert(q.subject), convert(q.predicate), convert(q.object), graph)
                 for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base)]
    except (SyntaxError, ValueError, AttributeError):  # rdflib reads it again, for its messages (or accepts it)
        return False
    graph.addN(quads)
    return True


def read_text(input_file: InputFile) -> str:
    """The file's text, decoded as strict UTF-8 (clear error otherwise)."""
    try:
        raw = input_file.path.read_bytes()
    except OSError as error:
        raise LoadError(file=input_file.display, message=f"cannot read file: {error.strerror}") from None
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
                             message=f"'{tag.group(1)}' is not a valid language tag")
    if "Quote expected" in why:
        offset = stop_offset(text)
        if offset is not None:
            line, column = line_column(text, offset)
            return LoadError(file=input_file.display, line=line, column=column,
                             message="unterminated string literal (no closing quote)")
    return LoadError(file=input_file.display, message=f"{type(error).__name__}: {error}")


def _syntax_error(input_file: InputFile, error: BadSyntax) -> LoadError:
    document: bytes = error._str if isinstance(error._str, bytes) else str(error._str).encode()
    offset = min(max(error._i, 0), len(document))
    line_start = document.rfind(b"\n", 0, offset) + 1
    line_end = document.find(b"\n", offset)
    if line_end == -1:
        line_end = len(document)
    line = document[:offset].count(b"\n") + 1
    column = len(document[line_start:offset].decode("utf-8", "replace")) + 1
    context = document[line_start:line_end].decode("utf-8", "replace").strip()
    return LoadError(
        file=input_file.display,
        line=line,
        column=column,
        message=str(error._why),
        context=context or None,
    )
