"""Renderers: table, CSV, TSV, SPARQL JSON, and RDF for graph results."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph

from csto_kg.errors import UsageError
from csto_kg.query.render import render


@pytest.fixture(scope="module")
def members(fixture_kg):
    return fixture_kg.query("members", date="2010")


def test_table_uses_labels_in_language(fixture_kg, members):
    text = render(members, fmt="table", labeler=fixture_kg.labeler(lang="fr"))
    lines = text.splitlines()
    assert lines[0].split() == ["État", "rôle", "début", "fin"]  # headers in words, in the language
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split()[:3] == ["Arménie", "membre", "1994-04-20"]
    assert "Ouzbékistan" in text and "2012-12-19" in text


def test_label_fallback_english_then_any_then_curie(fixture_kg):
    result = fixture_kg.sparql("SELECT ?x WHERE { VALUES ?x { kg:Kazakhstan csto:Agent kg:FullMember } }")
    cells = render(result, fmt="csv", labeler=fixture_kg.labeler(lang="fr")).splitlines()[1:]
    assert cells == ["Kazakhstan", "csto:Agent", "membre"]  # no fr label -> en; no label -> CURIE


def test_csv(fixture_kg, members):
    text = render(members, fmt="csv", labeler=fixture_kg.labeler())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["state", "role", "start", "end"]
    assert rows[1] == ["Armenia", "member", "1994-04-20", ""]
    assert text.endswith("\r\n")


def test_tsv(fixture_kg, members):
    lines = render(members, fmt="tsv", labeler=fixture_kg.labeler()).splitlines()
    assert lines[0] == "state\trole\tstart\tend"
    assert lines[3] == "Uzbekistan\tmember\t2006-08-16\t2012-12-19"


def test_json_is_sparql_results_json_with_iris(members):
    document = json.loads(render(members, fmt="json"))
    assert document["head"]["vars"] == ["state", "role", "start", "end"]
    first = document["results"]["bindings"][0]
    assert first["state"] == {"type": "uri", "value": "https://w3id.org/csto-kg/id/Armenia"}
    assert first["start"] == {"type": "literal", "value": "1994-04-20",
                              "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert "end" not in first  # unbound


def test_ask_renders(fixture_kg):
    result = fixture_kg.sparql("ASK { kg:Armenia a csto:State }")
    assert render(result, fmt="table") == "true\n"
    assert json.loads(render(result, fmt="json")) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt, rdf_format", [("table", "turtle"), ("turtle", "turtle"),
                                              ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_graph_results(fixture_kg, fmt, rdf_format):
    result = fixture_kg.sparql("CONSTRUCT { ?s a csto:MemberState } WHERE { ?s a csto:MemberState }")
    text = render(result, fmt=fmt)
    assert len(Graph().parse(data=text, format=rdf_format)) == 3
    if fmt == "turtle":
        assert "@prefix kg: <https://w3id.org/csto-kg/id/>" in text


def test_wrong_format_is_a_usage_error(fixture_kg, members):
    with pytest.raises(UsageError, match="format 'xml' is not available"):
        render(members, fmt="xml")
