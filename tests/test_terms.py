"""pyoxigraph -> rdflib terms (csto_kg.inputs.terms.from_ox): the same objects rdflib's own
constructors build, slot by slot, since the fast path for IRIs and plain literals skips them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from csto_kg.inputs.terms import from_ox

SLOTS = ("_language", "_datatype", "_value", "_ill_typed")

CASES = [
    (ox.Literal("Organisation du traité de sécurité collective", language="fr"),
     Literal("Organisation du traité de sécurité collective", lang="fr")),
    (ox.Literal("Организация Договора о коллективной безопасности", language="ru"),
     Literal("Организация Договора о коллективной безопасности", lang="ru")),
    (ox.Literal("colour", language="en-gb"), Literal("colour", lang="en-gb")),
    (ox.Literal("x", language="sr-latn-rs"), Literal("x", lang="sr-latn-rs")),
    (ox.Literal(""), Literal("")),
    (ox.Literal("  spaces kept  \n"), Literal("  spaces kept  \n")),
    (ox.Literal("x", datatype=ox.NamedNode(str(XSD.string))), Literal("x")),
    (ox.Literal("0042", datatype=ox.NamedNode(str(XSD.integer))), Literal("0042", datatype=XSD.integer)),
    (ox.Literal("maybe", datatype=ox.NamedNode(str(XSD.boolean))), Literal("maybe", datatype=XSD.boolean)),
    (ox.Literal("2022-01", datatype=ox.NamedNode(str(XSD.gYearMonth))), Literal("2022-01", datatype=XSD.gYearMonth)),
    (ox.NamedNode("https://w3id.org/csto-kg/id/CSTO"), URIRef("https://w3id.org/csto-kg/id/CSTO")),
    (ox.NamedNode("http://example.org/é#x"), URIRef("http://example.org/é#x")),
    (ox.BlankNode("b1"), BNode("b1")),
]


@pytest.mark.filterwarnings("ignore:Parsing weird boolean")
@pytest.mark.parametrize("ox_term, expected", CASES, ids=[repr(case[1]) for case in CASES])
def test_from_ox_builds_what_rdflib_builds(ox_term, expected):
    made = from_ox(ox_term)
    assert type(made) is type(expected)
    assert str(made) == str(expected)
    assert made == expected and hash(made) == hash(expected)
    if isinstance(expected, Literal):
        assert [(getattr(made, s), type(getattr(made, s))) for s in SLOTS] == \
               [(getattr(expected, s), type(getattr(expected, s))) for s in SLOTS]
        assert made.n3() == expected.n3() and made.toPython() == expected.toPython()


def test_from_ox_of_nothing_is_nothing():
    assert from_ox(None) is None
