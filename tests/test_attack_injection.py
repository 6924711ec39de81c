"""Injection corpus: hostile parameter values through every helper and entity lookup.

API, CLI (in-process ``main``) and HTTP alike: a hostile value never changes the
graph or leaks data; an entity value that matches nothing is a usage error (exit 2,
no traceback); an IRI given by a user is checked before use; the server answers
4xx, never 500.
"""

from __future__ import annotations

import http.client
from urllib.parse import quote, urlsplit

import pytest
from rdflib import Literal, URIRef

from csto_kg.cli import main
from csto_kg.errors import ExitCode, UsageError
from csto_kg.web.server import ServerSettings, start_server

from conftest import FIXTURE_ARGS

PASSWORD = "http://example.org/password"
CORPUS = [
    f'Alice" . ?who <{PASSWORD}> ?v }} #',
    "x' } ; DROP ALL #",
    '"; DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } #',
    "} } SELECT * WHERE { ?s ?p ?o",
    "#", ">", "<", "{}", "$org", "?state", "' OR '1'='1",
    "<https://w3id.org/csto-kg/id/Armenia> } #",
    "https://w3id.org/csto-kg/id/Armenia> } ; CLEAR ALL #",
    "http://example.org/a b",
    "http://example.org/a>b",
    "http://example.org/a\x00b",
    "kg:Armenia> } #",
    "kg:Armenia\n} DELETE WHERE { ?s ?p ?o }",
    "Armenia\nRussia",
    "Arme\rnia",
    "\\u0022) } #",
    "\\u003E",
    "\\U0000003E } #",
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "<script>alert(1)</script>",
    "kg:",
    "a" * 5000,
]


def _fingerprint(kg) -> tuple[int, int]:
    return len(kg.dataset), hash(frozenset(kg.dataset.quads((None, None, None, None))))


def _valid(helper) -> dict[str, str]:
    """A valid value for each required parameter (so only the hostile one can fail)."""
    examples = {"date": "2004", "entity": "kg:CSTO", "string": "en", "boolean": "true", "integer": "3"}
    return {p.name: examples[p.type] for p in helper.params if p.required}


def _every_param(kg):
    for helper in kg.helpers():
        for param in helper.params:
            yield helper, param


@pytest.mark.parametrize("value", CORPUS, ids=range(len(CORPUS)))
def test_api_every_helper_and_parameter_refuses_or_ignores_hostile_values(fixture_kg, value):
    before = _fingerprint(fixture_kg)
    for helper, param in _every_param(fixture_kg):
        values = {**_valid(helper), param.name: value}
        if param.type in ("entity", "date", "boolean", "integer"):
            with pytest.raises(UsageError):
                fixture_kg.query(helper.name, **values)
        else:  # a string is bound as one literal: it matches nothing here
            assert fixture_kg.query(helper.name, **values).rows == []
    assert _fingerprint(fixture_kg) == before


def test_bundled_helpers_refuse_hostile_entities(bundled_kg):
    before = _fingerprint(bundled_kg)
    for helper, param in _every_param(bundled_kg):
        if param.type != "entity":
            continue
        for value in CORPUS:
            with pytest.raises(UsageError):
                bundled_kg.query(helper.name, **{**_valid(helper), param.name: value})
    assert _fingerprint(bundled_kg) == before


@pytest.mark.parametrize("value", CORPUS, ids=range(len(CORPUS)))
def test_entity_lookup_is_a_usage_error(fixture_kg, value):
    with pytest.raises(UsageError):
        fixture_kg.resolve(value)


def test_an_iri_given_as_uriref_is_checked_too(fixture_kg):
    for iri in ("http://x/> } ; DROP ALL #", "http://example.org/a b", "https://w3id.org/csto-kg/id/Atlantis"):
        with pytest.raises(UsageError):
            fixture_kg.query("state-label", entity=URIRef(iri))
    armenia = fixture_kg.query("state-label", entity=URIRef("https://w3id.org/csto-kg/id/Armenia"))
    assert [str(r["label"]) for r in armenia.rows] == ["Armenia"]


def test_string_parameter_is_one_literal_and_leaks_nothing(fixture_kg):
    """The measured leak: a label formatted into query text returned a password."""
    hostile = f'en" . ?who <{PASSWORD}> ?v }} #'
    result = fixture_kg.query("state-label", entity="kg:Armenia", language=hostile)
    assert result.rows == []
    assert fixture_kg.query("state-label", entity="kg:Armenia", language=Literal("en")).rows


@pytest.mark.parametrize("value", CORPUS[:12] + CORPUS[13:24], ids=range(23))
def test_cli_hostile_values_exit_2_without_traceback(capsys, value):
    code = main(["query", "members", "--date", "2004", "--org", value, *FIXTURE_ARGS])
    out, err = capsys.readouterr()
    assert code == ExitCode.USAGE and out == ""
    assert err.startswith("Error: ") and "Traceback" not in err
    code = main(["query", "members", "--date", value, *FIXTURE_ARGS])
    out, err = capsys.readouterr()
    assert code == ExitCode.USAGE and err.startswith("Error: invalid date")


@pytest.fixture(scope="module")
def server(fixture_kg):
    running = start_server(fixture_kg, settings=ServerSettings(port=0, timeout=5, workers=1, quiet=True,
                                                                quick_workers=0))
    yield running
    running.close()


def _get(server, path: str) -> int:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_http_hostile_paths_and_parameters_are_4xx_never_500(server, fixture_kg):
    before = _fingerprint(fixture_kg)
    for value in CORPUS:
        quoted = quote(value, safe="")
        assert _get(server, "/id/" + quoted) == 404, value
        assert _get(server, "/doc/id/" + quoted + ".ttl") == 404, value
        assert _get(server, "/neighbourhood/id/" + quoted + ".json") == 404, value
        assert _get(server, "/neighbourhood/id/Armenia.json?lang=" + quoted) == 400, value
        assert _get(server, "/sparql?query=" + quoted) == 400, value
        assert _get(server, "/explain?p=a&o=csto:State&s=" + quoted) == 404, value
        assert _get(server, "/explain?s=kg:Armenia&p=csto:member&o=" + quoted) == 404, value
    assert _get(server, "/id/Armenia") == 303
    assert _get(server, "/explain?s=kg:Armenia&p=a&o=csto:State") == 200
    assert _fingerprint(fixture_kg) == before
