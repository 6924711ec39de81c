"""Validation (issue 4): the invalid corpus, the valid corpus, the bundled data, the CLI, nothing lost."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csto_kg.validation.file_checks import check_file
from csto_kg.inputs.files import discover
from csto_kg import validate

from conftest import FIXTURE_ARGS, INCONSISTENT, ROOT, run_cli

INVALID = ROOT / "tests" / "data" / "invalid"
VALID = ROOT / "tests" / "data" / "valid"

# file -> [(severity, line, code, key words of the message)]; every file has at least one.
# Line 7 is the first line after the 6-line prefix header of the Turtle files.
EXPECTED: dict[str, list[tuple[str, int | None, str, tuple[str, ...]]]] = {
    # files that cannot be used at all (the graph checks are then skipped)
    "01-syntax-missing-dot.ttl": [("error", 8, "syntax", ("expected '.'",))],
    "02-unterminated-string.ttl": [("error", 7, "unterminated-string", ("newline found in string",))],
    "03-unterminated-long-string.ttl": [("error", 7, "unterminated-string", ("unterminated string",))],
    "04-undefined-prefix.ttl": [("error", 7, "undefined-prefix", ('"nope:"', "not bound"))],
    "05-not-utf8.ttl": [("error", 7, "encoding", ("not valid UTF-8", "0xe9"))],
    "06-empty.ttl": [("error", None, "empty", ("empty",))],
    "07-only-prefixes.ttl": [("error", None, "empty", ("no triples",))],
    "08-bom.ttl": [("error", 1, "encoding", ("byte order mark",))],
    "09-rdfxml-as-ttl.ttl": [("error", 1, "content-mismatch", (".ttl", "RDF/XML"))],
    "10-jsonld-as-ttl.ttl": [("error", 1, "content-mismatch", (".ttl", "JSON-LD"))],
    "11-html-as-ttl.ttl": [("error", 1, "content-mismatch", (".ttl", "HTML"))],
    "12-turtle-as-jsonld.jsonld": [("error", 1, "content-mismatch", (".jsonld", "Turtle"))],
    "13-langtag-rejected.ttl": [("error", 7, "language-tag", ("'e1'", "language tag"))],
    "14-unclosed-bracket.ttl": [("error", 7, "syntax", ("']' expected",))],
    "16-missing-object.ttl": [("error", 7, "syntax", ("objectList expected",))],
    # literals and IRIs
    "15-bad-iri.ttl": [("error", 8, "syntax", ("invalid IRI", "space"))],
    "20-invalid-date.ttl": [("error", 8, "ill-typed-literal", ("2022-13-45", "xsd:date", "month 13")),
                            ("error", 7, "shacl", ("xsd:date",))],
    "21-invalid-day.ttl": [("error", 8, "ill-typed-literal", ("2031-02-30", "day 30"))],
    "22-troops-not-integer.ttl": [("error", 8, "ill-typed-literal", ('"abc"', "not an integer")),
                                  ("error", 7, "shacl", ("troop count", "nonNegativeInteger"))],
    "23-troops-negative.ttl": [("error", 8, "ill-typed-literal", ("-5", "below the minimum 0"))],
    "24-bad-boolean.ttl": [("error", 8, "ill-typed-literal", ('"maybe"', "boolean"))],
    "25-bad-gyear.ttl": [("error", 8, "ill-typed-literal", ("20x3", "YYYY"))],
    "26-bad-gyearmonth.ttl": [("error", 8, "ill-typed-literal", ("2034-13", "month 13"))],
    "27-unknown-xsd-datatype.ttl": [("error", 8, "ill-typed-literal", ("unknown XSD datatype", "xsd:strin"))],
    "28-langtag-malformed.ttl": [("error", 8, "language-tag", ("abcdefghij", "BCP 47"))],
    "29-langtag-not-iso.ttl": [("warning", 8, "language-tag", ("english", "ISO 639"))],
    "52-casualties-negative.ttl": [("error", 8, "ill-typed-literal", ("-3", "minimum 0")),
                                   ("error", 7, "shacl", ("casualty count", "nonNegativeInteger"))],
    # terms and references
    "30-undeclared-property.ttl": [("error", 8, "undeclared-term", ("csto:memberof", "did you mean csto:memberOf")),
                                   ("error", 7, "shacl", ("exactly one member",))],
    "31-undeclared-class.ttl": [("error", 8, "undeclared-term", ("csto:Membershp", "csto:Membership"))],
    "32-dangling.ttl": [("error", 8, "dangling-reference", ("kg:Armenya", "never described"))],
    "33-duplicate-label.ttl": [("error", 7, "duplicate-label", ("@en", '"One"', '"Two"'))],
    "34-disjoint.ttl": [("error", 7, "inconsistency", ("disjoint classes", "csto:State", "csto:Organization"))],
    "35-functional.ttl": [("error", 7, "inconsistency", ("functional property csto:member", "kg:Armenia",
                                                         "kg:Belarus")),
                          ("error", 7, "shacl", ("exactly one member",))],
    # the holder's range makes kg:Armenia a person: reported where kg:Armenia is described
    "43-holder-is-state.ttl": [("error", None, "inconsistency", ("kg:Armenia", "disjoint classes",
                                                                 "csto:Person"))],
    # shapes
    "36-missing-french-label.ttl": [("error", 7, "violation-check", ("kg:inv36", "an rdfs:label in French (@fr)"))],
    "37-membership-no-member.ttl": [("error", 7, "shacl", ("exactly one member",))],
    "38-membership-no-interval.ttl": [("error", 7, "shacl", ("exactly one interval",))],
    "39-member-is-person.ttl": [("error", 7, "shacl", ("a state or an organization", "kg:Tokayev"))],
    "40-contingent-no-state.ttl": [("error", 7, "shacl", ("contributing state",))],
    "41-action-no-date.ttl": [("error", 7, "shacl", ("exactly one date",))],
    "42-action-no-state.ttl": [("error", 7, "shacl", ("has a state", "entry into force"))],
    "44-date-as-string.ttl": [("error", 7, "shacl", ("time:inXSDDate", "xsd:date"))],
    "45-two-positions.ttl": [("error", 7, "shacl", ("two positions",))],
    "46-instant-name-mismatch.ttl": [("error", 7, "shacl", ("name says 2037-05-01", "2037-05-02"))],
    "54-derived-from-state.ttl": [("error", 7, "shacl", ("csto:Passage", "kg:Serbia"))],
    # the *-violation helper queries
    "47-end-before-beginning.ttl": [("error", 7, "violation-check", ("end is certainly before",))],
    "48-overlap.ttl": [("error", 7, "violation-check", ("overlap", "kg:m-CSTO-Armenia"))],
    "49-action-before-instrument.ttl": [("error", 7, "violation-check", ("before their instrument",
                                                                         "kg:CSTOCharter"))],
    "50-no-source.ttl": [("error", 7, "violation-check", ("no source",))],
    "51-conflict-one-claim.ttl": [("error", 7, "violation-check", ("fewer than two claims",))],
    # extension
    "53-wrong-extension.txt": [("warning", None, "extension-mismatch", (".txt", "not .ttl"))],
}
# Files whose findings leak into others when loaded together (a functional property
# with two values makes OWL RL merge kg:Armenia and kg:Belarus): validated alone.
ALONE = {"35-functional.ttl", "43-holder-is-state.ttl"}
# where a finding is reported when it is not the invalid file itself
ELSEWHERE = {"43-holder-is-state.ttl": "data/states.ttl"}


def _display(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="module")
def corpus_findings():
    """Findings per invalid file: unusable files alone (no bundled data), the rest with the
    bundled data in as few runs as possible."""
    os.chdir(ROOT)
    files = sorted(INVALID.iterdir())
    fatal = [p for p in files if check_file(discover(ontology=[], data=[p], bundled_data=False)[0]).fatal]
    runs = [validate(data=[p], bundled_data=False, cache=False) for p in fatal]
    shared = [p for p in files if p not in fatal and p.name not in ALONE]
    runs.append(validate(data=shared, cache=False))
    runs += [validate(data=[INVALID / name], cache=False) for name in sorted(ALONE)]
    return [finding for run in runs for finding in run.findings]


def test_corpus_is_complete():
    names = {p.name for p in INVALID.iterdir()}
    assert names == set(EXPECTED) and len(names) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_file_gives_its_finding(name, corpus_findings):
    display = _display(INVALID / name)
    for severity, line, code, words in EXPECTED[name]:
        where = ELSEWHERE.get(name, display) if line is None and name in ELSEWHERE else display
        candidates = [f for f in corpus_findings if f.file == where and f.code == code
                      and f.severity == severity and (line is None or f.line == line)
                      and all(w in f.message for w in words)]
        assert candidates, (f"{name}: no {severity} {code} at line {line} with {words}; got:\n"
                            + "\n".join(f.render_line() for f in corpus_findings
                                        if f.file in (display, where)))


def test_valid_corpus_and_bundled_data_have_no_findings():
    report = validate(data=[VALID], cache=False)
    assert report.findings == [], [f.render_line() for f in report.findings]
    assert report.summary() == f"0 errors, 0 warnings in {len(report.files)} files"


# -- CLI ------------------------------------------------------------------------------

def test_cli_validate_text_and_json(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text((INVALID / "30-undeclared-property.ttl").read_text())
    done = run_cli("validate", *FIXTURE_ARGS[:2], "--no-bundled-data", "--data", "bad.ttl", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert "ERROR bad.ttl:8:5: csto:memberof is not declared by the ontology" in done.stdout
    assert "kg:CSTO is used but never described" in done.stdout  # no bundled data
    assert lines[-1] == "2 errors, 0 warnings in 2 files"
    done = run_cli("validate", "--format", "json", *FIXTURE_ARGS[:2], "--no-bundled-data",
                   "--data", "bad.ttl", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["errors"] == 2
    first = report["findings"][0]
    assert (first["severity"], first["file"], first["line"], first["column"], first["code"]) == \
        ("error", "bad.ttl", 8, 5, "undeclared-term")


def test_cli_validate_exit_codes(tmp_path):
    ok = run_cli("validate", *FIXTURE_ARGS)
    assert ok.returncode == 0 and ok.stdout == "0 errors, 0 warnings in 3 files\n"
    warning_only = run_cli("validate", *FIXTURE_ARGS, "--data", str(INVALID / "29-langtag-not-iso.ttl"))
    assert warning_only.returncode == 0 and warning_only.stdout.startswith("WARNING ")
    missing = run_cli("validate", *FIXTURE_ARGS, "--data", str(tmp_path / "nothing.ttl"))
    assert missing.returncode == 2 and missing.stderr.startswith("Error: --data") and missing.stdout == ""
    bad_format = run_cli("validate", "--format", "xml", *FIXTURE_ARGS)
    assert bad_format.returncode == 2 and bad_format.stderr.startswith("Error: validate --format xml")
    syntax = run_cli("validate", *FIXTURE_ARGS, "--data", str(INVALID / "04-undefined-prefix.ttl"))
    assert syntax.returncode == 1 and "graph checks skipped" in syntax.stdout


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_failed_build_leaves_earlier_output_identical(tmp_path):
    out = tmp_path / "out"
    first = run_cli("build", "--out", str(out), *FIXTURE_ARGS)
    assert first.returncode == 0, first.stderr
    before = _snapshot(out)
    for extra, code in ((INVALID / "04-undefined-prefix.ttl", 2), (INCONSISTENT / "disjoint.ttl", 1)):
        done = run_cli("build", "--out", str(out), *FIXTURE_ARGS, "--data", str(extra))
        assert done.returncode == code and done.stdout == ""
        assert "run `csto-kg validate`" in done.stderr
        assert _snapshot(out) == before


KILL_BEFORE_RENAME = """
import os, signal, sys
import csto_kg.atomicio as atomicio
real = os.replace
def killed(src, dst):  # the temporary file is written and fsynced: die before renaming it
    os.kill(os.getpid(), signal.SIGKILL)
atomicio.os.replace = killed
from csto_kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_build_killed_mid_write_leaves_earlier_output_identical(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--out", str(out), *FIXTURE_ARGS).returncode == 0
    before = _snapshot(out)
    changed = tmp_path / "more.ttl"
    changed.write_text((VALID / "contingent-example.ttl").read_text())
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", KILL_BEFORE_RENAME, "build", "--out", str(out),
                           *FIXTURE_ARGS, "--no-cache"], env=env, cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert _snapshot(out) == before


def test_build_killed_at_a_random_moment_never_leaves_a_partial_file(tmp_path):
    """SIGKILL from outside while a build runs: every output file is the old or the new one, whole."""
    out = tmp_path / "out"
    assert run_cli("build", "--out", str(out), *FIXTURE_ARGS).returncode == 0
    old = _snapshot(out)
    new_out = tmp_path / "new"
    assert run_cli("build", "--out", str(new_out), *FIXTURE_ARGS, "--no-cache").returncode == 0
    new = _snapshot(new_out)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "csto_kg", "build", "--out", str(out), *FIXTURE_ARGS,
                                "--no-cache"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    after = _snapshot(out)
    assert set(after) == set(old)
    for name, data in after.items():
        assert _normalized(data) in (_normalized(old[name]), _normalized(new[name])), name


def _normalized(data: bytes) -> bytes:
    """Blank node labels and the reasoning time differ from one build to the next."""
    data = re.sub(rb"_:[A-Za-z0-9]+", b"_:b", data)
    return re.sub(rb"reasoning time: [0-9.]+ s", b"reasoning time: - s", data)


def test_the_report_cache_is_keyed_by_content_not_by_the_working_folder(tmp_path, monkeypatch):
    """A second folder reuses the cached report, with file names shown from where it now runs."""
    import shutil

    from csto_kg import validation
    from conftest import DATA, ONTOLOGY, QUERIES

    folder = tmp_path / "work"
    folder.mkdir()
    shutil.copy(INVALID / "29-langtag-not-iso.ttl", folder / "tags.ttl")
    options = dict(ontology=[ONTOLOGY], bundled_data=False, queries=QUERIES)
    monkeypatch.chdir(folder)
    first = validate(data=[DATA, "tags.ttl"], **options)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(validation, "check_files", lambda files: pytest.fail("validated again"))
    second = validate(data=[DATA, "work/tags.ttl"], **options)
    assert [(f.file, f.line, f.code) for f in first.findings] == [("tags.ttl", 8, "language-tag")]
    assert [(f.file, f.line, f.code) for f in second.findings] == [("work/tags.ttl", 8, "language-tag")]
    assert second.files[-1] == "work/tags.ttl" and first.summary() == second.summary()


def test_shapes_are_found_however_the_ontology_is_given(tmp_path):
    """A folder, a file beside shapes.ttl, shapes.ttl itself: the shapes run; elsewhere the summary says none."""
    import shutil

    from conftest import DATA, ONTOLOGY, QUERIES

    ontology = tmp_path / "ontology"
    ontology.mkdir()
    shutil.copy(ONTOLOGY / "core.ttl", ontology / "core.ttl")
    (ontology / "shapes.ttl").write_text(
        "@prefix csto: <https://w3id.org/csto-kg/ontology#> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "csto:MembershipShape a sh:NodeShape ; sh:targetClass csto:Membership ;\n"
        "    sh:property [ sh:path csto:member ; sh:minCount 1 ; sh:message \"a membership needs a member\" ] .\n",
        encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix csto: <https://w3id.org/csto-kg/ontology#> .\n@prefix kg: <https://w3id.org/csto-kg/id/> .\n"
                   "kg:m-nobody a csto:Membership ; csto:organization kg:CSTO .\n", encoding="utf-8")
    options = dict(data=[DATA, bad], bundled_data=False, queries=QUERIES, cache=False)
    ways = {"folder": [ontology], "file": [ontology / "core.ttl"],
            "file and shapes": [ontology / "core.ttl", ontology / "shapes.ttl"]}
    for way, given in ways.items():
        report = validate(ontology=given, **options)
        assert report.shapes == str((ontology / "shapes.ttl").resolve()), way
        assert [(f.code, f.message, f.file, f.line) for f in report.findings if f.code == "shacl"] == [
            ("shacl", "a membership needs a member", str(bad.resolve()), 3)], way
        assert "no SHACL shapes" not in report.summary() and report.files[0].endswith("core.ttl"), way
        assert len(report.files) == 4, way  # core.ttl, two fixture data files, bad.ttl: shapes.ttl is never ontology
    (ontology / "shapes.ttl").unlink()
    report = validate(ontology=[ontology / "core.ttl"], **options)
    assert report.shapes is None and "shacl" not in {f.code for f in report.findings}
    assert report.summary().endswith("(no SHACL shapes: no shapes.ttl in or beside the --ontology paths; "
                                     "shape checks skipped)")


def test_labels_check_names_each_lacking_label_and_a_label_that_is_not_a_string(tmp_path):
    """One row per entity and what it lacks: an IRI as its only label is neither French nor English."""
    data = tmp_path / "labels.ttl"
    data.write_text("""@prefix kg: <https://w3id.org/csto-kg/id/> .
@prefix csto: <https://w3id.org/csto-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:inv97 a csto:Person ; rdfs:label <https://w3id.org/csto-kg/id/inv96> .
kg:inv96 a csto:Person ; rdfs:label "Un"@fr, "One"@en-GB .
""", encoding="utf-8")
    report = validate(data=[data], cache=False)
    rows = sorted((f.focus, f.message.rsplit("lacking=", 1)[1]) for f in report.findings)
    assert rows == [("kg:inv97", '"an rdfs:label in English (@en)"'), ("kg:inv97", '"an rdfs:label in French (@fr)"'),
                    ("kg:inv97", '"labels that are all strings (rdf:langString or xsd:string)"')]
    assert {(f.code, f.line, f.rule) for f in report.findings} == {
        ("violation-check", 4, "queries/entity-without-labels-violation.rq")}
