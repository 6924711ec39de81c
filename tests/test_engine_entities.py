"""Entity lookup: labels in any language, accents/case, CURIE, IRI, unknown, ambiguous."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from csto_kg.errors import UsageError

KG = "https://w3id.org/csto-kg/id/"


@pytest.mark.parametrize("text, local", [
    ("Collective Security Treaty Organization", "CSTO"),
    ("collective security treaty organization", "CSTO"),
    ("Organisation du traité de sécurité collective", "CSTO"),
    ("organisation du traite de securite collective", "CSTO"),
    ("ОДКБ", "CSTO"),
    ("одкб", "CSTO"),
    ("Узбекистан", "Uzbekistan"),
    ("Ouzbekistan", "Uzbekistan"),
    ("OUZBÉKISTAN", "Uzbekistan"),
    ("  Russian   Federation ", "Russia"),
    ("kg:Kazakhstan", "Kazakhstan"),
    ("https://w3id.org/csto-kg/id/Armenia", "Armenia"),
    ("<https://w3id.org/csto-kg/id/Armenia>", "Armenia"),
])
def test_resolves(fixture_kg, text, local):
    assert fixture_kg.resolve(text) == URIRef(KG + local)


def test_unknown_entity_suggests_nearest(fixture_kg):
    with pytest.raises(UsageError) as caught:
        fixture_kg.resolve("Kazakstan", option="--state")
    assert str(caught.value).startswith(
        "unknown entity 'Kazakstan' for --state; nearest: Kazakhstan (kg:Kazakhstan)")


def test_unknown_curie_is_refused(fixture_kg):
    with pytest.raises(UsageError, match=r"unknown entity 'kg:Kazakstan' for --org; nearest: Kazakhstan"):
        fixture_kg.resolve("kg:Kazakstan", option="--org")


def test_ambiguous_label_lists_candidates(fixture_kg):
    with pytest.raises(UsageError) as caught:
        fixture_kg.resolve("georgia", option="--state")
    message = str(caught.value)
    assert message.startswith("ambiguous entity 'georgia' for --state")
    assert "Georgia (kg:Georgia)" in message and "Georgia (kg:Georgia_US)" in message


@pytest.mark.parametrize("text", ["https://w3id.org/csto-kg/id/A B", "http://x/{a}", "<http://x/a|b>"])
def test_invalid_iri(fixture_kg, text):
    with pytest.raises(UsageError, match="invalid IRI"):
        fixture_kg.resolve(text)
