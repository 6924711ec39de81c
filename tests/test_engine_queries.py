"""Helper queries: headers match the query text; bindings reach every position.

The header checks run for every ``queries/*.rq`` present (bundled) and for the
fixture queries; every bundled ``*-violation`` check must return no rows.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef, Variable

from csto_kg import KnowledgeGraph
from csto_kg.cli.parser import RESERVED_PARAM_NAMES
from csto_kg.errors import UsageError
from csto_kg.query.helpers import load_helpers
from csto_kg.inputs.files import bundled_root
from csto_kg.query.safety import prepare

from conftest import QUERIES

BUNDLED_QUERIES = sorted(bundled_root("queries").glob("*.rq")) if bundled_root("queries").is_dir() else []
FIXTURE_QUERIES = sorted(QUERIES.glob("*.rq"))
ALL_QUERIES = BUNDLED_QUERIES + FIXTURE_QUERIES


def _helper(path):
    return load_helpers(path.parent)[path.stem]


@pytest.mark.parametrize("path", ALL_QUERIES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_header_matches_query(path):
    helper = _helper(path)
    assert helper.summary, "missing '#+ summary:'"
    assert helper.prepared is not None  # parses with rdflib prepareQuery
    declared = {p.name for p in helper.params}
    assert declared == helper.dollar_variables(), "declared params != $variables in the query"
    assert not declared & RESERVED_PARAM_NAMES, "param names must not clash with CLI options"
    if helper.prepared.algebra.name == "SelectQuery":
        assert helper.columns == helper.select_variables(), "'#+ columns:' != SELECT variables"


@pytest.mark.parametrize("path", BUNDLED_QUERIES, ids=lambda p: p.name)
def test_bundled_subqueries_name_what_they_give(path):
    """No ``SELECT *`` in a bundled query: Oxigraph's planner (half or more of a helper's time on the
    bundled data) then carries every inner variable through the outer query's plan (measured: 7-20%
    more planning per helper than the variables the outer query reads, named)."""
    body = _helper(path)._body
    assert "SELECT *" not in " ".join(body.split()).upper()


def test_bundled_violation_checks_return_no_rows():
    if not any(p.stem.endswith("-violation") for p in BUNDLED_QUERIES):
        pytest.skip("no bundled *-violation queries yet")
    kg = KnowledgeGraph.load()
    failing = {name: len(r) for name, r in kg.check_violations().items() if len(r)}
    assert failing == {}


def test_fixture_violation_check_fires(tmp_path):
    from conftest import DATA, INCONSISTENT, ONTOLOGY

    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA, INCONSISTENT / "orphan.ttl"],
                             bundled_data=False, cache=False, queries=QUERIES)
    assert {n: len(r) for n, r in kg.check_violations().items()} == {"orphan-membership-violation": 1}


# -- initBindings reach every position (rdflib 7.6 checked; keep this test) --

_DATA = """@prefix ex: <http://ex/> .
ex:a ex:v 1 . ex:b ex:v 5 . ex:c ex:v 9 . ex:b ex:d "x" ."""


@pytest.mark.parametrize("body, expected", [
    ("?s ex:v ?v FILTER(?v > $min)", {"b", "c"}),
    ("?s ex:v ?v OPTIONAL { ?s ex:d ?d FILTER(?v > $min) } FILTER(BOUND(?d))", {"b"}),
    ("?s ex:v ?v BIND(?v - $min AS ?x) FILTER(?x > 0)", {"b", "c"}),
    ("{ SELECT ?s WHERE { ?s ex:v ?v FILTER(?v > $min) } }", {"b", "c"}),
    ("?s ex:v ?v FILTER EXISTS { ?s ex:v ?w FILTER(?w > $min) }", {"b", "c"}),
    ("?s ex:v ?v MINUS { ?s ex:v ?w FILTER(?w > $min) }", {"a"}),
    ("{ ?s ex:v ?v FILTER(?v > $min) } UNION { ?s ex:d ?d FILTER(?d = 'never') }", {"b", "c"}),
    ("?s ex:v ?v FILTER(!BOUND($min) || ?v > $min)", {"b", "c"}),
])
def test_init_bindings_reach_nested_positions(body, expected):
    graph = Graph().parse(data=_DATA, format="turtle")
    query = prepare("PREFIX ex: <http://ex/> SELECT ?s WHERE { " + body + " }")
    rows = graph.query(query, initBindings={Variable("min"): Literal(4)})
    assert {str(r[0]).rsplit("/", 1)[1] for r in rows} == expected


def test_optional_param_left_out_is_unbound():
    graph = Graph().parse(data=_DATA, format="turtle")
    query = prepare("PREFIX ex: <http://ex/> SELECT ?s WHERE { ?s ex:v ?v FILTER(!BOUND($min) || ?v > $min) }")
    assert len(graph.query(query)) == 3


# -- running fixture helpers ---------------------------------------------------

def _states(result):
    return [str(r["state"]).rsplit("/", 1)[1] for r in result.rows]


def test_members_on_dates(fixture_kg):
    assert _states(fixture_kg.query("members", date="2010")) == ["Armenia", "Russia", "Uzbekistan"]
    assert _states(fixture_kg.query("members", date="2013-01")) == ["Armenia", "Russia"]
    assert _states(fixture_kg.query("members", date="2012-12-19")) == ["Armenia", "Russia", "Uzbekistan"]
    assert _states(fixture_kg.query("members", date="1994-04-19")) == []


def test_entity_param_by_label_and_optional_entity(fixture_kg):
    rows = fixture_kg.query("members", date="2010", org="ОДКБ", as_role="membre").rows
    assert len(rows) == 3


def test_string_boolean_integer_params(fixture_kg):
    def labels(**kw):
        return fixture_kg.query("state-label", **kw).values("label")

    assert labels(entity="kg:Russia") == ["Russia"]
    assert labels(entity="kg:Russia", include_alt="true") == ["Russia", "Russian Federation"]
    assert labels(entity="kg:Russia", include_alt=True, max_length=10) == ["Russia"]
    assert labels(entity="Russie", language="fr") == ["Russie"]


def test_missing_and_unknown_params(fixture_kg):
    with pytest.raises(UsageError, match="helper 'members' needs --date"):
        fixture_kg.query("members")
    with pytest.raises(UsageError, match="has no parameter 'colour'"):
        fixture_kg.query("members", date="2010", colour="red")
    with pytest.raises(UsageError, match="unknown helper 'member'; did you mean: members"):
        fixture_kg.query("member")


def test_values_are_never_formatted_into_query_text(fixture_kg):
    injection = 'x" } ?s ?p ?o { "'
    assert fixture_kg.query("state-label", entity="kg:Russia", language=injection).rows == []


def test_a_helper_that_says_service_is_refused_before_oxigraph_could_call_out(tmp_path):
    """Oxigraph performs SERVICE calls over HTTP: a helper asking for one never reaches it."""
    import shutil
    import socket

    from conftest import DATA, ONTOLOGY, QUERIES, run_cli

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    folder = tmp_path / "queries"
    shutil.copytree(QUERIES, folder)
    (folder / "remote.rq").write_text("#+ summary: Reaches out.\n#+ columns: s\n"
                                      f"SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}\n",
                                      encoding="utf-8")
    (folder / "elsewhere.rq").write_text("#+ summary: Another dataset.\n#+ columns: s\n"
                                         "SELECT ?s FROM <http://127.0.0.1/x> WHERE { ?s ?p ?o }\n", encoding="utf-8")
    args = ["--ontology", str(ONTOLOGY), "--data", str(DATA), "--no-bundled-data", "--queries", str(folder)]
    done = run_cli("query", "remote", *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "Error: remote.rq: SERVICE is not allowed (csto-kg never fetches remote data)\n"
    done = run_cli("query", "elsewhere", *args)
    assert done.returncode == 2 and "elsewhere.rq: FROM / FROM NAMED is not allowed" in done.stderr
    with pytest.raises(socket.timeout):
        listener.accept()  # nobody called
    listener.close()
