"""Every helper gives the same answer on every backend: rdflib's SPARQL engine (the reference),
Oxigraph in memory (the default), Oxigraph embedded (``--store oxigraph:PATH``) and a real ``oxigraph serve`` reached through the SPARQL 1.1
Protocol (``--endpoint URL``) after ``push`` (Graph Store Protocol). Plus the store's reopen,
lock and truncated-answer behaviour."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from csto_kg import KnowledgeGraph
from csto_kg.errors import QueryError, UsageError
from csto_kg.query.helpers import load_helpers

from conftest import run_cli

CASES = [
    ("members-at", {"date": "2004"}),
    ("members-at", {"date": "2003-06", "org": "Eurasec", "include_observers": "true"}),
    ("membership-history", {"state": "kg:Azerbaijan"}),
    ("memberships-of", {}),
    ("memberships-of", {"org": "kg:CIS"}),
    ("statuses-in", {"org": "Eurasec"}),  # two dissolution dates, a conflict, a suspension
    ("organizations-of", {"state": "ouzbekistan", "date": "2000"}),
    ("organizations-of", {"state": "kg:Armenia"}),
    ("treaty-parties", {"treaty": "kg:CST", "date": "2000-06-01"}),
    ("treaty-parties", {"treaty": "kg:CST"}),
    ("office-holders", {"date": "2024-06-01"}),
    ("office-holders", {}),
    ("interventions", {"org": "OTSC"}),
    ("timeline", {"org": "kg:CSTO", "from": "2022-01", "to": "2022-01"}),
    ("timeline", {}),
    ("conflicts", {}),
    ("describe", {"entity": "kg:CSTO"}),
    ("describe", {"entity": "kg:ct-Armenia"}),
    ("describe", {"entity": "kg:Kazakhstan"}),
] + [(name, {}) for name in sorted(load_helpers()) if name.endswith("-violation")]


def _oxigraph() -> str:
    candidate = Path(sys.executable).with_name("oxigraph")
    return str(candidate) if candidate.exists() else (shutil.which("oxigraph") or "oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def store_kg(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "kg"
    return KnowledgeGraph.load(store=f"oxigraph:{path}", cache=False)


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, bundled_kg):
    """A real ``oxigraph serve``, filled with ``push``; stopped after the module."""
    from csto_kg.store.endpoint import push

    location, port = tmp_path_factory.mktemp("server"), _free_port()
    server = subprocess.Popen([_oxigraph(), "serve", "--location", str(location),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/query"
        sent = push(bundled_kg.dataset, url)
        assert sum(count for _name, count in sent) == len(bundled_kg.dataset)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def rdflib_kg():
    """The reference: rdflib's own SPARQL engine over the bundled dataset."""
    return KnowledgeGraph.load(cache=False, engine="rdflib")


@pytest.fixture(scope="module")
def endpoint_kg(server_url):
    return KnowledgeGraph.load(endpoint=server_url)


_REFERENCE: dict = {}  # rdflib's answer per case, shared by the three backends


@pytest.mark.parametrize("backend", ["memory", "oxigraph", "server"])
@pytest.mark.parametrize("name, params", CASES, ids=[f"{n}{sorted(p.items())}" for n, p in CASES])
def test_helper_answers_are_identical_on_every_backend(backend, name, params, bundled_kg, rdflib_kg, request):
    assert (bundled_kg.backend, rdflib_kg.backend) == ("memory", "rdflib")
    key = (name, tuple(sorted(params.items())))
    if key not in _REFERENCE:  # rdflib's answer, computed once for the three backends
        _REFERENCE[key] = rdflib_kg.query(name, **params)
    expected = _REFERENCE[key]
    kg = {"memory": lambda: bundled_kg, "oxigraph": lambda: request.getfixturevalue("store_kg"),
          "server": lambda: request.getfixturevalue("endpoint_kg")}[backend]()
    result = kg.query(name, **params)
    assert result.columns == expected.columns
    assert result.rows == expected.rows
    if not name.endswith("-violation") and name != "timeline":
        assert result.rows, "a case that returns nothing proves little"


def test_every_helper_is_covered():
    assert {name for name, _ in CASES} == set(load_helpers())


@pytest.mark.parametrize("backend", ["memory", "oxigraph", "server"])
def test_sparql_select_ask_construct_on_backends(backend, rdflib_kg, request):
    bundled_kg = rdflib_kg  # the reference engine
    kg = request.getfixturevalue({"memory": "bundled_kg", "oxigraph": "store_kg"}.get(backend, "endpoint_kg"))
    select = "SELECT ?s WHERE { ?s a csto:State } ORDER BY ?s"
    assert kg.sparql(select).rows == bundled_kg.sparql(select).rows
    assert kg.sparql("ASK { kg:Armenia csto:memberOf kg:CSTO }").answer is True
    construct = "CONSTRUCT { kg:Armenia ?p ?o } WHERE { kg:Armenia ?p ?o FILTER(!isBlank(?o)) }"
    assert set(kg.sparql(construct).graph) == set(bundled_kg.sparql(construct).graph)
    with pytest.raises(QueryError, match="SERVICE"):
        kg.sparql("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")


@pytest.mark.parametrize("backend", ["memory", "rdflib", "oxigraph", "server"])
def test_columns_come_in_the_order_of_the_query_on_every_backend(backend, request):
    """Oxigraph orders SELECT * by name, rdflib by hash: csto-kg gives the query's order."""
    kg = request.getfixturevalue({"memory": "bundled_kg", "rdflib": "rdflib_kg", "oxigraph": "store_kg",
                                  "server": "endpoint_kg"}[backend])
    star = "SELECT * WHERE { kg:Armenia ?p ?o . ?o ?q ?z } LIMIT 1"
    assert kg.sparql(star).columns == ["p", "o", "q", "z"]
    projected = "SELECT ?z (STR(?o) AS ?text) ?p WHERE { kg:Armenia ?p ?o . ?o ?q ?z } LIMIT 1"
    assert kg.sparql(projected).columns == ["z", "text", "p"]


def test_store_is_reopened_without_parsing_or_reasoning(tmp_path, monkeypatch):
    from csto_kg.store import assembly

    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = KnowledgeGraph.load(store=spec, cache=False)
    expected = first.query("members-at", date="2010").rows
    report = first.reason()
    del first
    import gc

    gc.collect()  # releases the store's lock
    monkeypatch.setattr(assembly, "parse_files", lambda files: pytest.fail("parsed again"))
    again = KnowledgeGraph.load(store=spec, cache=False)
    assert again.reason().cache_status == "store"
    assert again.reason().inferred == report.inferred
    assert again.query("members-at", date="2010").rows == expected


def test_locked_store_is_a_clear_error(tmp_path):
    import pyoxigraph

    path = tmp_path / "kg"
    holder = pyoxigraph.Store(str(path))  # noqa: F841 - keeps the lock
    done = run_cli("query", "members-at", "--date", "2004", "--store", f"oxigraph:{path}")
    assert done.returncode == 2
    assert "the store is open in another process" in done.stderr
    with pytest.raises(UsageError, match="expected oxigraph:PATH"):
        KnowledgeGraph.load(store=f"sqlite:{path}")


class _Truncating(http.server.BaseHTTPRequestHandler):
    """Answers 200 with a cut SPARQL JSON body, as Oxigraph does for a cancelled query."""

    def do_POST(self):  # noqa: N802 - http.server API
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://ex'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_truncated_answer_is_an_error():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Truncating)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        kg = KnowledgeGraph.load(endpoint=f"http://127.0.0.1:{server.server_port}/query")
        with pytest.raises(QueryError, match="incomplete answer"):
            kg.sparql("SELECT ?s WHERE { ?s ?p ?o }")
    finally:
        server.shutdown()


def test_parameters_never_reach_the_query_as_text(bundled_kg):
    from rdflib import Literal, URIRef, Variable

    from csto_kg.store.values import inject_values

    text = inject_values("SELECT * WHERE { ?s ?p $x }", {Variable("x"): Literal('a" } DROP ALL { "')})
    assert 'VALUES (?x) { ("a\\" } DROP ALL { \\"") }' in text
    with pytest.raises(QueryError, match="not a valid IRI"):
        inject_values("SELECT * WHERE { ?s ?p $x }", {Variable("x"): URIRef("http://x> } DROP ALL {")})


def test_credentials_are_refused_on_the_command_line():
    done = run_cli("query", "members-at", "--date", "2004", "--endpoint", "http://u:p@127.0.0.1:9/query")
    assert done.returncode == 2 and "CSTO_KG_ENDPOINT_USER" in done.stderr


# -- the data's literals: Oxigraph's store keeps numbers, dates and booleans as values --------------

TROOPS = "SELECT ?c ?n WHERE { ?c csto:troopCount ?n } ORDER BY ?c"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_answers_carry_the_datas_own_literals(backend, rdflib_kg, request):
    """The data's "100"^^xsd:nonNegativeInteger comes back so (the store alone gives "100"^^xsd:integer):
    in a SELECT read at once or a row at a time, and in a CONSTRUCT; a value the query computes stays
    as computed, as on rdflib."""
    from rdflib import XSD, Literal
    from rdflib.compare import isomorphic

    kg = request.getfixturevalue({"memory": "bundled_kg", "oxigraph": "store_kg"}[backend])
    expected = rdflib_kg.sparql(TROOPS).rows
    assert len(expected) == 6 and {row["n"].datatype for row in expected} == {XSD.nonNegativeInteger}
    assert kg.sparql(TROOPS).rows == expected
    assert list(kg._backend.run(TROOPS, lazy=True).rows) == expected
    construct = "CONSTRUCT { ?c csto:troopCount ?n } WHERE { ?c csto:troopCount ?n }"
    assert isomorphic(kg.sparql(construct).graph, rdflib_kg.sparql(construct).graph)
    computed = "SELECT (SUM(?n) AS ?total) (100 AS ?hundred) WHERE { kg:ct-Armenia csto:troopCount ?n }"
    assert kg.sparql(computed).rows == [{"total": Literal("100", datatype=XSD.integer),
                                         "hundred": Literal("100", datatype=XSD.integer)}]


def test_the_reopened_store_gives_the_datas_literals_back(tmp_path, rdflib_kg):
    import gc

    from rdflib import URIRef

    spec = f"oxigraph:{tmp_path / 'kg'}"
    KnowledgeGraph.load(store=spec, cache=False)
    gc.collect()  # releases the store's lock
    again = KnowledgeGraph.load(store=spec, cache=False)
    assert again.reason().cache_status == "store"
    assert again.sparql(TROOPS).rows == rdflib_kg.sparql(TROOPS).rows
    armenia = URIRef("https://w3id.org/csto-kg/id/ct-Armenia")
    (count,) = again.dataset.objects(armenia, URIRef("https://w3id.org/csto-kg/ontology#troopCount"))
    assert (str(count), str(count.datatype)) == ("100", XSD_NS + "nonNegativeInteger")


def test_sparql_json_on_the_command_line_has_the_datas_datatype():
    import json

    done = run_cli("sparql", "SELECT ?n WHERE { kg:ct-Armenia csto:troopCount ?n }", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"]["bindings"] == [
        {"n": {"type": "literal", "value": "100", "datatype": XSD_NS + "nonNegativeInteger"}}]


def test_a_value_stored_in_two_forms_is_left_as_the_store_gives_it():
    """Two literals of the data with one value ("5" and "05", or two integer types): the store gives
    one literal back, which may stand for either, so it is not changed."""
    import pyoxigraph as ox

    from csto_kg.store.literal_forms import LiteralForms

    x, p = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p")

    def typed(lexical, name):
        return ox.Quad(x, p, ox.Literal(lexical, datatype=ox.NamedNode(XSD_NS + name)))

    assert len(LiteralForms.of_quads([typed("05", "integer"), typed("5", "integer")])) == 0
    assert len(LiteralForms.of_quads([typed("5", "int"), typed("5", "long")])) == 0
    assert len(LiteralForms.of_quads([typed("5", "int"), typed("6", "long")])) == 2
    nquads = ox.serialize([typed("05", "integer"), typed("true", "boolean"), typed("1", "boolean")],
                          format=ox.RdfFormat.N_QUADS)
    assert sorted((str(k), str(v)) for k, v in LiteralForms.of_nquads(nquads).items()) == [("5", "05")]


def test_values_template_constants_and_escaped_quotes_are_not_taken_for_the_datas_literals():
    """A VALUES constant and a CONSTRUCT template's constant come back as the query wrote them; a
    literal holding '"5"^^xsd:integer' as text (after an escaped quote) is no "5" of the data."""
    import pyoxigraph as ox

    from csto_kg.store.literal_forms import LiteralForms
    from csto_kg.store.oxigraph import OxigraphBackend, memory_store

    a, b, p, q, n, g = (ox.NamedNode("http://x/" + name) for name in ("a", "b", "p", "q", "n", "g"))

    def typed(lexical, name):
        return ox.Literal(lexical, datatype=ox.NamedNode(XSD_NS + name))

    quads = [ox.Quad(a, p, typed("05", "integer"), g), ox.Quad(b, q, typed('a"5', "integer"), g),
             ox.Quad(a, n, typed("100", "nonNegativeInteger"), g)]
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    expected = [['"100"^^<http://www.w3.org/2001/XMLSchema#integer>', '"100"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'],
                ['"5"^^<http://www.w3.org/2001/XMLSchema#integer>', '"05"^^<http://www.w3.org/2001/XMLSchema#integer>']]
    assert LiteralForms.of_quads(quads).pairs() == LiteralForms.of_nquads(nquads).pairs() == expected
    store = memory_store(quads)
    backend = OxigraphBackend(store, name="memory", forms=LiteralForms.of_quads(quads))
    rewritten = backend.literal_forms.rewrite_nquads(store.dump(format=ox.RdfFormat.N_QUADS))
    assert sorted(rewritten.decode().splitlines()) == sorted(nquads.decode().splitlines())
    stored = {str(row["o"]): str(row["o"].datatype) for row in backend.run("SELECT ?o WHERE { ?s ?p ?o }").rows}
    assert stored == {"05": XSD_NS + "integer", 'a"5': XSD_NS + "integer", "100": XSD_NS + "nonNegativeInteger"}
    values = backend.run("SELECT ?x WHERE { VALUES ?x { 100 5 } }").rows
    assert [(str(r["x"]), str(r["x"].datatype)) for r in values] == [("100", XSD_NS + "integer"), ("5", XSD_NS + "integer")]
    graph = backend.run("CONSTRUCT { <http://x/z> <http://x/n> 5 } WHERE {}", kind="graph").graph
    assert [(str(o), str(o.datatype)) for o in graph.objects()] == [("5", XSD_NS + "integer")]
    assert [str(o) for o in backend.run("CONSTRUCT WHERE { ?s <http://x/p> ?o }", kind="graph").graph.objects()] == ["05"]


def test_the_query_store_begun_while_reasoning_holds_every_quad_and_only_when_it_will_be_asked_for(tmp_path):
    """With ``fill_store=True`` (what ``reason`` and ``build`` ask, their violation checks querying the
    store) the asserted quads go into the query store on a thread while the reasoner runs; not by
    default, nor on rdflib's engine, with owlrl, or with no *-violation helper to ask it."""
    from csto_kg.inputs.fixtures import FIXTURE_DATA, FIXTURE_ONTOLOGY, FIXTURE_QUERIES
    from csto_kg.store.oxigraph import StoreFilling

    options = dict(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False, cache=False)
    no_checks = tmp_path / "queries"
    no_checks.mkdir()
    shutil.copy(FIXTURE_QUERIES / "members.rq", no_checks)
    early = KnowledgeGraph.load(queries=FIXTURE_QUERIES, fill_store=True, **options)
    filling = early._assembled._store_filling
    assert isinstance(filling, StoreFilling)
    for other in (dict(), dict(fill_store=True, engine="rdflib"), dict(fill_store=True, reasoner="owlrl")):
        assert KnowledgeGraph.load(queries=FIXTURE_QUERIES, **other, **options)._assembled._store_filling is None
    late = KnowledgeGraph.load(queries=no_checks, fill_store=True, **options)
    assert late._assembled._store_filling is None
    quads = early._assembled.oxigraph_quads()
    assert len(quads) > len(early._assembled.parsed[0].quads)  # asserted and inferred quads
    assert early._backend.store is filling._store  # the store filled while reasoning is the one queried
    assert set(early._backend.store) == set(late._backend.store) == set(quads)
    assert len(early._backend.store) == len(late._backend.store) == len(set(quads))
    assert early._assembled._store_filling is None  # given once
    assert early.query("members", date="2010").rows == late.query("members", date="2010").rows != []


def test_a_wait_for_the_query_store_cut_short_raises_and_the_next_one_gives_the_whole_store():
    """The --max-seconds alarm during the wait raises there; asked again, the store is whole (an
    interrupted Thread.join would have taken the running thread for stopped)."""
    import signal
    import threading

    import pyoxigraph as ox

    from csto_kg.store.oxigraph import StoreFilling

    started, release = threading.Event(), threading.Event()

    class HeldList(list):
        def __iter__(self):
            if threading.current_thread().name == "csto-kg store":
                started.set()
                release.wait(30)
            return super().__iter__()

    class Alarm(Exception):
        pass

    def ring(signum, frame):
        release.set()
        raise Alarm

    g = ox.NamedNode("http://x/g")
    filling = StoreFilling(HeldList(ox.Quad(g, g, ox.Literal(str(i)), g) for i in range(500)))
    assert started.wait(30)
    previous = signal.signal(signal.SIGALRM, ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(Alarm):
            filling.store()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert len(filling.store()) == 500


def test_a_query_store_asked_for_in_a_process_forked_while_it_was_being_filled_holds_every_quad():
    """A child forked while the filling thread works (a query under --timeout before the store was
    asked for) has no such thread: it fills its own store, the whole one, and the parent's is whole too."""
    import os
    import threading

    import pyoxigraph as ox

    from csto_kg.store.oxigraph import StoreFilling

    started, release = threading.Event(), threading.Event()

    class HeldList(list):  # the filling thread waits, inside extend, until the fork is done
        def __iter__(self):
            if threading.current_thread().name == "csto-kg store":
                started.set()
                release.wait(30)
            return super().__iter__()

    g = ox.NamedNode("http://x/g")
    quads = HeldList(ox.Quad(ox.NamedNode(f"http://x/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(str(i)), g)
                     for i in range(1000))
    filling = StoreFilling(quads)
    assert started.wait(30)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            code = 0 if len(filling.store([ox.Quad(g, g, g, g)])) == 1001 else 3
        finally:
            os._exit(code)
    release.set()
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert len(filling.store()) == 1000
