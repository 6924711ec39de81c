"""Query limits: size (413), nesting and pattern count (400 with a message), and the
hard timeout holding regex and string blow-ups, for the API, the CLI and HTTP alike."""

from __future__ import annotations

import http.client
import json
import time
from urllib.parse import quote, urlsplit

import pytest

from csto_kg.cli import main
from csto_kg.errors import ExitCode, QueryError
from csto_kg.query.limits import QueryLimits, QueryTooComplex, QueryTooLarge
from csto_kg.query.safety import prepare
from csto_kg.web.server import ServerSettings, start_server

from conftest import FIXTURE_ARGS

TIMEOUT = 2.0
NESTED_26 = "SELECT * WHERE { FILTER(" + "(" * 26 + "1" + ")" * 26 + ") }"  # ~90 bytes: RecursionError before
NESTED_100 = "SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }"
BRACES_100 = "SELECT * WHERE " + "{" * 100 + " ?s ?p ?o " + "}" * 100
PATTERNS_1000 = "SELECT * WHERE { " + " ".join(f"?s{i} ?p ?o{i} ." for i in range(1000)) + " }"
PATTERNS_300 = "ASK { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(300)) + " }"
LARGE = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
REGEX = 'SELECT * WHERE { BIND("' + "a" * 32 + '!" AS ?o) FILTER(regex(?o, "(a+)+$")) }'
CONCAT = ('SELECT (STRLEN(?a30) AS ?n) WHERE { BIND("aaaaaaaaaaaaaaaa" AS ?a0) '
          + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(30)) + " }")


def test_limits_through_prepare():
    assert prepare(NESTED_26).algebra.name == "SelectQuery"
    assert prepare(PATTERNS_300).algebra.name == "AskQuery"
    for text, what in ((NESTED_100, "nested 102 levels deep; the limit is 64"),
                       (BRACES_100, "nested 100 levels deep"),
                       (PATTERNS_1000, "about 1001 triple patterns; the limit is 500")):
        with pytest.raises(QueryTooComplex, match=what):
            prepare(text)
    with pytest.raises(QueryTooLarge, match="the limit is 65536"):
        prepare(LARGE)


def test_limits_are_configurable(monkeypatch):
    with pytest.raises(QueryTooComplex, match="the limit is 10"):
        prepare(NESTED_26, limits=QueryLimits(max_depth=10))
    monkeypatch.setenv("CSTO_KG_MAX_QUERY_PATTERNS", "200")
    with pytest.raises(QueryTooComplex, match="the limit is 200"):
        prepare(PATTERNS_300)
    monkeypatch.setenv("CSTO_KG_MAX_QUERY_PATTERNS", "2000")
    monkeypatch.setenv("CSTO_KG_MAX_QUERY_BYTES", "100")
    with pytest.raises(QueryTooLarge, match="the limit is 100"):
        prepare(PATTERNS_1000)
    monkeypatch.setenv("CSTO_KG_MAX_QUERY_DEPTH", "zero")
    with pytest.raises(Exception, match="CSTO_KG_MAX_QUERY_DEPTH: expected a positive whole number"):
        prepare(NESTED_26)


def test_api_gets_query_errors(fixture_kg):
    assert fixture_kg.sparql(NESTED_26).kind == "select"
    for text in (NESTED_100, PATTERNS_1000, LARGE):
        with pytest.raises(QueryError):
            fixture_kg.sparql(text)


def test_cli_exit_2_with_the_limit_named(capsys):
    for text, what in ((PATTERNS_1000, "triple patterns; the limit is 500"),
                       (NESTED_100, "levels deep; the limit is 64"), (LARGE, "bytes; the limit is 65536")):
        code = main(["sparql", text, *FIXTURE_ARGS])
        out, err = capsys.readouterr()
        assert code == ExitCode.USAGE and out == "", err
        assert err.startswith("Error: query: ") and what in err and "Traceback" not in err


@pytest.fixture(scope="module")
def server(fixture_kg):
    running = start_server(fixture_kg, settings=ServerSettings(port=0, timeout=TIMEOUT, workers=2, quiet=True))
    yield running
    running.close()


def _request(server, method: str, path: str, body: bytes | None = None, headers=None):
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_http_statuses_for_each_limit(server):
    status, body = _request(server, "POST", "/sparql", LARGE.encode(),
                            {"Content-Type": "application/sparql-query"})
    assert status == 413 and "the limit is 65536" in body
    status, body = _request(server, "GET", "/sparql?query=" + quote(LARGE))
    assert status == 414, body  # the request line is refused before the rest is read
    assert body == ("Error: the request target is longer than 65536 bytes; send a long query with POST "
                    "(Content-Type: application/sparql-query, or a form with query=)\n")
    status, body = _request(server, "POST", "/sparql", ("query=" + quote(LARGE)).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413 and "the limit is 65536" in body
    for text, what in ((NESTED_100, "levels deep"), (BRACES_100, "levels deep"),
                       (PATTERNS_1000, "triple patterns")):
        status, body = _request(server, "POST", "/sparql", text.encode(),
                                {"Content-Type": "application/sparql-query"})
        assert status == 400 and body.startswith("Error: ") and what in body, body
    status, body = _request(server, "GET", "/sparql?query=" + quote(NESTED_26))
    assert status == 200, body


def test_http_catastrophic_regex_is_answered_by_oxigraphs_linear_time_engine(server):
    """rdflib's backtracking regex took exponential time on (a+)+$; Oxigraph's (Rust regex) does not."""
    started = time.monotonic()
    status, body = _request(server, "GET", "/sparql?query=" + quote(REGEX))
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"] == []  # "aaa...!" does not end in a's
    assert time.monotonic() - started < TIMEOUT


@pytest.mark.parametrize("text", [CONCAT], ids=["concat"])
def test_http_string_blow_ups_are_held_by_the_timeout(server, text):
    started = time.monotonic()
    status, body = _request(server, "GET", "/sparql?query=" + quote(text))
    elapsed = time.monotonic() - started
    assert status in (503, 400) and status != 500, body  # 503: timeout; 400: out of memory
    assert elapsed < TIMEOUT + 3
    status, _ = _request(server, "GET", "/sparql?query=" + quote("ASK { ?s ?p ?o }"))
    assert status in (200, 503)  # a replacement worker may still be starting
