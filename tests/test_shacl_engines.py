"""The SHACL engine (pyshacl-turbo) against its oracle (pySHACL), issue 12.

Every reasoned graph that validation hands to the shapes (every file of the invalid
corpus that parses, the valid corpus, the bundled data) is checked by both engines
through :func:`csto_kg.validation.shacl_checks.shacl_findings`: the same findings, field by field
(severity, message, focus, resources = focus/path/value, rule = shape + constraint +
path, file, line, column), except the two listed in ``ONLY_NATIVE``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import csto_kg.validation.shacl_checks as shacl_checks
from csto_kg.validation.file_checks import check_file
from csto_kg.reasoning.findings import Finding
from csto_kg.inputs.files import discover
from csto_kg import validate

from conftest import ROOT

INVALID = ROOT / "tests" / "data" / "invalid"
VALID = ROOT / "tests" / "data" / "valid"
# as in tests/test_validation.py: files that change the others' findings are validated alone
ALONE = ("35-functional.ttl", "43-holder-is-state.ttl")

# pyshacl-turbo always reports these two ill-typed literals, as SHACL says (an ill-typed
# literal does not conform to sh:datatype). pySHACL reports them only when rdflib flagged the
# literal ill-typed when it was made: a fresh rdflib has no converter for xsd:gYear and
# xsd:gYearMonth (Literal("20x3", datatype=XSD.gYear).ill_typed is None), so pySHACL misses
# them when this module runs alone and finds them after other tests (it always reports the
# ill-typed xsd:date of 20-invalid-date.ttl).
ONLY_NATIVE = [
    Finding("error", 'time:inXSDgYear must be one xsd:gYear (YYYY) (value: "20x3"^^xsd:gYear)',
            ("https://w3id.org/csto-kg/id/t2033", "http://www.w3.org/2006/time#inXSDgYear"),
            code="shacl", file="tests/data/invalid/25-bad-gyear.ttl", line=7, column=1, focus="kg:t2033",
            rule="cstosh:Instant sh:datatype time:inXSDgYear"),
    Finding("error", 'time:inXSDgYearMonth must be one xsd:gYearMonth (YYYY-MM) '
            '(value: "2034-13"^^xsd:gYearMonth)',
            ("https://w3id.org/csto-kg/id/t2034-12", "http://www.w3.org/2006/time#inXSDgYearMonth"),
            code="shacl", file="tests/data/invalid/26-bad-gyearmonth.ttl", line=7, column=1,
            focus="kg:t2034-12", rule="cstosh:Instant sh:datatype time:inXSDgYearMonth"),
]


def _parses(path: Path) -> bool:
    return not check_file(discover(ontology=[], data=[path], bundled_data=False)[0]).fatal


def _runs() -> dict[str, dict]:
    parsing = [p for p in sorted(INVALID.iterdir()) if _parses(p)]
    return {"invalid corpus with the bundled data": dict(data=[p for p in parsing if p.name not in ALONE]),
            **{f"{name} with the bundled data": dict(data=[INVALID / name]) for name in ALONE},
            "bundled data": dict(data=[]),
            "valid corpus with the bundled data": dict(data=[VALID])}


def shacl_inputs(*, with_findings: bool = False) -> dict[str, tuple]:
    """Per run of ``_runs``: the arguments (data, shapes, locator, asserted) with which validation
    asks a :class:`~csto_kg.validation.shacl_checks.ShaclRun` for its findings, for
    :func:`~csto_kg.validation.shacl_checks.shacl_findings` (also used by benchmarks/shacl_engines.py);
    ``with_findings``: then also whether that run was on a thread of its own, and its findings."""
    os.chdir(ROOT)
    real = shacl_checks.ShaclRun.findings
    calls = []

    def capture(run, locator, *, asserted):
        found = real(run, locator, asserted=asserted)
        calls.append((run.data, run.shapes, locator, asserted, run.in_parallel, found))
        return found

    shacl_checks.ShaclRun.findings = capture
    try:
        found = {}
        for name, options in _runs().items():
            validate(cache=False, **options)
            found[name] = calls.pop() if with_findings else calls.pop()[:4]
    finally:
        shacl_checks.ShaclRun.findings = real
    return found


@pytest.fixture(scope="module")
def validation_runs():
    return shacl_inputs(with_findings=True)


@pytest.fixture(scope="module")
def engine_findings(validation_runs):
    """Per run: (native findings, pySHACL findings) on the graph validation gave the shapes."""
    return {name: (shacl_checks.shacl_findings(data, shapes, locator, asserted=asserted),
                   shacl_checks.shacl_findings(data, shapes, locator, asserted=asserted, engine="pyshacl"))
            for name, (data, shapes, locator, asserted, _parallel, _found) in validation_runs.items()}


@pytest.mark.parametrize("run", sorted(_runs()))
def test_validation_runs_the_shapes_on_a_thread_of_their_own_with_the_same_findings(run, validation_runs,
                                                                                    engine_findings):
    *_, parallel, found = validation_runs[run]
    # the native engine on the reasoner's integer triples, begun before the file checks; in line
    # when Oxigraph refuses a term (15-bad-iri.ttl, 28-langtag-malformed.ttl: no N-Quads text)
    assert parallel == (run != "invalid corpus with the bundled data")
    in_line = engine_findings[run][0]  # what the same engine finds when run in line
    assert set(found) == set(in_line) and len(found) == len(in_line)  # the report's order is unordered


def test_the_reasoners_integer_triples_give_the_engine_what_the_n_quads_give(monkeypatch):
    from pyshacl_turbo.rdf import Input

    from csto_kg.inputs.loading import parse_file

    # the invalid corpus without the files rdflib reads (terms Oxigraph refuses or reads otherwise)
    data = [p for p in sorted(INVALID.iterdir()) if _parses(p) and p.name not in ALONE
            and parse_file(discover(ontology=[], data=[p], bundled_data=False)[0]).native]
    calls = []
    monkeypatch.setattr(shacl_checks.ShaclRun, "findings",
                        lambda run, locator, *, asserted: calls.append((run, locator, asserted)) or [])
    validate(cache=False, data=data)
    (run, locator, asserted), = calls
    reasoned = run.data
    assert all(p.native for p in reasoned.parsed) and run.in_parallel
    records, quads = shacl_checks.term_records(reasoned.reasoned_ids)
    assert len(quads) == len(reasoned.nquads().splitlines()) == reasoned.asserted + reasoned.inferred
    typed = shacl_checks._native_input(reasoned)
    assert typed.format == "terms" and typed.source == (records, quads)
    # what validation hands the engine: only the triples whose predicate a shape reads
    filtered = shacl_checks._native_input(reasoned, run.shapes)
    assert filtered.source[0] == records and set(filtered.source[1]) < set(quads)
    assert len(filtered.source[1]) < 0.8 * len(quads)  # labels, inverses, provenance links... left out
    text = Input(reasoned.nquads(), "nquads", None, {}, preserve_ids=True)
    found = [shacl_checks.findings_of_report(shacl_checks._engine_report(i, run.shapes, shacl_checks.ENGINE),
                                             run.shapes, locator, asserted=asserted) for i in (typed, text, filtered)]
    assert set(found[0]) == set(found[1]) == set(found[2])
    assert len(found[0]) == len(found[1]) == len(found[2]) == 27  # 19 files' findings
    assert len(data) == 32 and len({f.file for f in found[0]}) == 19
    oracle = shacl_checks.shacl_findings(reasoned, run.shapes, locator, asserted=asserted, engine="pyshacl")
    assert set(found[0]) == set(oracle) | set(ONLY_NATIVE)


def test_an_error_of_the_engine_on_its_thread_is_raised_where_the_findings_are_asked_for(monkeypatch,
                                                                                       validation_runs):
    data, shapes, locator, asserted, *_ = validation_runs["bundled data"]

    def broken(native, shapes, engine):
        raise RuntimeError("the engine broke")

    monkeypatch.setattr(shacl_checks, "_engine_report", broken)
    run = shacl_checks.ShaclRun(data, shapes)
    assert run.in_parallel
    with pytest.raises(RuntimeError, match="^the engine broke$"):
        run.findings(locator, asserted=asserted)
    with pytest.raises(RuntimeError, match="^the engine broke$"):  # asked again: the same error
        run.report()
    assert run.seconds is not None


@pytest.mark.parametrize("extra, prepared", [([], 1), (["inconsistent/orphan.ttl"], 0)])
def test_the_callers_work_meanwhile_is_done_only_for_data_not_rejected_already(extra, prepared):
    engine = ROOT / "tests" / "fixtures" / "engine"
    calls = []
    report = validate(ontology=[engine / "ontology"], data=[engine / "data" / "members.ttl",
                                                           *(engine / name for name in extra)],
                      bundled_data=False, queries=engine / "queries", cache=False,
                      meanwhile=lambda: calls.append("prepared"))
    # the orphan membership is a violation-check error found before the shapes' end: the closure
    # that reason and build would prepare while they finish is not made for data they refuse
    assert [f.code for f in report.errors] == ["violation-check"] * (1 - prepared)
    assert len(calls) == prepared


def test_the_oracle_and_a_graph_are_validated_in_line(validation_runs):
    data, shapes, locator, asserted, *_ = validation_runs["bundled data"]
    oracle = shacl_checks.ShaclRun(data, shapes, engine="pyshacl")
    graph = shacl_checks.ShaclRun(asserted(), shapes)
    assert not oracle.in_parallel and not graph.in_parallel and oracle.seconds is None
    assert oracle.findings(locator, asserted=asserted) == []
    assert oracle.seconds is not None


def test_every_parsing_file_of_the_corpus_is_checked():
    parsing = {p.name for p in INVALID.iterdir() if _parses(p)}
    checked = {p.name for options in _runs().values() for p in options["data"] if p.parent == INVALID}
    assert checked == parsing and len(parsing) == 36


@pytest.mark.parametrize("run", sorted(_runs()))
def test_native_engine_gives_pyshacls_findings(run, engine_findings):
    native, oracle = engine_findings[run]
    expected_extra = ONLY_NATIVE if run == "invalid corpus with the bundled data" else []
    assert set(native) == set(oracle) | set(expected_extra)
    assert len(native) == len(set(native)) and len(oracle) == len(set(oracle))


def test_the_corpus_run_has_its_shape_findings(engine_findings):
    native, oracle = engine_findings["invalid corpus with the bundled data"]
    assert len(native) == 27 and len(oracle) in (25, 27)  # see ONLY_NATIVE
    # 15-bad-iri.ttl and 28-langtag-malformed.ttl have terms that the native parser refuses:
    # the graph is checked without those triples (shacl_checks.native_terms_only), same findings
    assert not {f for f in native if f.file and ("15-bad-iri" in f.file or "28-langtag" in f.file)}


def test_native_engine_names_unknown_engines():
    with pytest.raises(ValueError, match="unknown SHACL engine 'jena'"):
        shacl_checks.shacl_report(None, None, engine="jena")
