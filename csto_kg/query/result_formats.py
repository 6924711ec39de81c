"""SPARQL 1.1 Query Results writers (JSON, XML, CSV, TSV) of a :class:`~csto_kg.store.results.Result`.

CSV and TSV follow the SPARQL 1.1 Query Results CSV/TSV spec (raw values in
CSV, N-Triples-encoded terms in TSV), unlike the CLI's labelled tables. The
XML writer refuses a value holding a character XML cannot carry (NUL, other
C0 controls), as the RDF/XML writer does, rather than write XML that does not
parse. The query workers of ``csto-kg serve`` write results with these.
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from csto_kg.query.render import render_json
from csto_kg.store.results import Result

def render_results(result: Result, *, fmt: str) -> str:
    """A SELECT/ASK result in ``json``, ``xml``, ``csv`` or ``tsv``.

    >>> r = Result(kind="select", columns=["s", "n"], rows=[{"s": URIRef("http://x/a"), "n": Literal("a\\tb", lang="en")}])
    >>> print(render_results(r, fmt="tsv"), end="")
    ?s	?n
    <http://x/a>	"a\\tb"@en
    >>> print(render_results(r, fmt="csv"), end="")
    s,n
    http://x/a,a	b
    """
    if fmt == "json":
        return render_json(result)
    if fmt == "xml":
        _refuse_unwritable_in_xml(result)
        return _xml(result)
    if result.kind == "ask":
        return ("true" if result.answer else "false") + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if row.get(c) is None else _csv_value(row[c]) for c in result.columns])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + c for c in result.columns)]
        for row in result.rows:
            lines.append("\t".join("" if row.get(c) is None else _tsv_term(row[c]) for c in result.columns))
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown result format {fmt}")


def _tsv_term(term) -> str:
    if not isinstance(term, Literal):
        return term.n3()
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    text = text.replace("\r", "\\r").replace("\t", "\\t")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _csv_value(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _refuse_unwritable_in_xml(result: Result) -> None:
    """:class:`~csto_kg.errors.UsageError` when a value of ``result`` holds a character XML cannot carry.

    >>> render_results(Result("select", ["s"], [{"s": Literal("a\\x00b")}]), fmt="xml")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: cannot write SPARQL XML results: the literal "a\\x00b" of <?s> holds U+0000 (NUL), which XML cannot carry; choose another format (turtle, ntriples), or remove the character from the data (csto-kg validate reports where)
    """
    from csto_kg.inputs.characters import refuse_unwritable_in_xml

    if result.kind == "select":
        refuse_unwritable_in_xml(((URIRef("?" + c), None, row[c]) for row in result.rows for c in result.columns
                                  if row.get(c) is not None), what="SPARQL XML results")


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f"    <variable name={quoteattr(c)}/>" for c in result.columns]
    out.append("  </head>")
    if result.kind == "ask":
        out.append(f"  <boolean>{'true' if result.answer else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in result.rows:
            out.append("    <result>")
            for c in result.columns:
                term = row.get(c)
                if term is not None:
                    out.append(f"      <binding name={quoteattr(c)}>{_xml_term(term)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"
