"""Property-based tests (hypothesis): random Turtle to the loader and the validator's file
checks, random parameter values to every helper and random text to the query parser find no
unhandled exception: only csto-kg's own typed errors. Example counts stay modest (fast suite)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto_kg.errors import CstoKgError
from csto_kg.inputs.loading import load
from csto_kg.query.safety import prepare

from conftest import ONTOLOGY

FAST = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PREFIXES = ("@prefix kg: <https://w3id.org/csto-kg/id/> .\n@prefix csto: <https://w3id.org/csto-kg/ontology#> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
NAMES = st.sampled_from(["kg:a", "kg:b", "csto:State", "csto:member", "rdfs:label", "a", "<http://x/y>",
                         "<http://x/ y>", "<rel>", "_:b1", "[]", "undefined:x", "kg:", "<>"])
DATATYPES = st.sampled_from(["xsd:integer", "xsd:boolean", "xsd:date", "xsd:gYear", "xsd:decimal", "xsd:double",
                             "xsd:nonNegativeInteger", "xsd:byte", "xsd:unknown", "<http://x/dt>"])
LEXICAL = st.text(alphabet=st.sampled_from('0123456789+-.eE:TZ truefalsmybX"\\\n'), max_size=12)
LITERALS = st.one_of(
    st.builds(lambda t, d: f'"{t}"^^{d}', LEXICAL, DATATYPES),
    st.builds(lambda t, l: f'"{t}"@{l}', st.text(max_size=8), st.text(alphabet="abcdefghz-1", max_size=10)),
    st.sampled_from(["0042", "1.5", "1e3", "true", "maybe", '"""long\n"""', "'x'", '"unterminated']))
PUNCT = st.sampled_from([" .", " ;", " ,", " [", " ]", " (", " )", "\n", " # c\n", "@prefix", "@base <x> ."])
STATEMENT = st.builds(lambda s, p, o, end: f"{s} {p} {o}{end}", NAMES, NAMES, st.one_of(NAMES, LITERALS),
                      st.sampled_from([" .\n", " ;\n", " ,", "\n", " . ."]))
TURTLE = st.one_of(
    st.builds(lambda parts: PREFIXES + "".join(parts), st.lists(st.one_of(STATEMENT, PUNCT), max_size=12)),
    st.text(max_size=200),
    st.binary(max_size=120).map(lambda b: b.decode("latin-1")))


def _load(text: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.ttl"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        return load(ontology=[ONTOLOGY], data=[path], bundled_data=False)


@FAST
@given(TURTLE)
def test_random_turtle_loads_or_is_a_load_error(text):
    try:
        _load(text)
    except CstoKgError:
        pass


@settings(max_examples=25, deadline=None, database=None)
@given(TURTLE)
def test_random_turtle_file_checks_report_findings_not_crashes(text):
    from csto_kg import validate

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.ttl"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            validate(ontology=[ONTOLOGY], data=[path], bundled_data=False, cache=False)
        except CstoKgError:
            pass


VALUES = st.one_of(st.text(max_size=40), st.sampled_from(["kg:CSTO", "2004", "2004-02-30", "true", "-1", "1e9"]))


@FAST
@given(st.data())
def test_random_parameters_to_every_helper(fixture_kg, data):
    helper = data.draw(st.sampled_from(fixture_kg.helpers()))
    names = [p.name for p in helper.params]
    chosen = data.draw(st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names))) if names else {}
    try:
        fixture_kg.query(helper.name, **chosen)
    except CstoKgError:
        pass


@FAST
@given(st.one_of(st.text(max_size=120),
                 st.builds(lambda a, b: f"SELECT * WHERE {{ {a} }} {b}", st.text(max_size=60), st.text(max_size=20))))
def test_random_query_text_is_parsed_or_refused(text):
    try:
        prepare(text)
    except CstoKgError:
        pass
