"""The CLI end to end, through subprocesses: exit codes, stdout vs stderr."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, FIXTURE_ARGS, INCONSISTENT, ONTOLOGY, QUERIES, run_cli


def test_query_list():
    done = run_cli("query", "--list", "--queries", str(QUERIES))
    assert done.returncode == 0 and done.stderr == ""
    assert "members: Member states of an organization on a date" in done.stdout
    assert "--date DATE  (required)" in done.stdout
    assert "--org ENTITY  (default kg:CSTO)" in done.stdout
    assert "--as-role ENTITY  (optional)" in done.stdout


def test_query_runs_with_labels_and_options_anywhere():
    done = run_cli("--no-cache", "query", "members", "--date", "2013", "--lang", "ru", *FIXTURE_ARGS)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[2].split()[0] == "Армения"
    assert "Узбекистан" not in done.stdout


def test_boolean_flag_and_json():
    done = run_cli("query", "state-label", "--entity", "Russie", "--include-alt", "--format", "json",
                   *FIXTURE_ARGS)
    assert done.returncode == 0, done.stderr
    values = [b["label"]["value"] for b in json.loads(done.stdout)["results"]["bindings"]]
    assert values == ["Russia", "Russian Federation"]


@pytest.mark.parametrize("args, message", [
    (["query", "members", "--date", "2013-02-30"],
     "Error: invalid date '2013-02-30' for --date: February 2013 has no day 30; "
     "accepted forms: YYYY, YYYY-MM or YYYY-MM-DD"),
    (["query", "members", "--date", "2013", "--org", "Kazakstan"],
     "Error: unknown entity 'Kazakstan' for --org; nearest: Kazakhstan (kg:Kazakhstan)"),
    (["query", "state-label", "--entity", "Georgia"], "Error: ambiguous entity 'Georgia' for --entity"),
    (["query", "members"], "Error: helper 'members' needs --date (date)"),
    (["query", "members", "--date", "2010", "--colour", "red"], "Error: helper 'members' does not take --colour"),
    (["query", "nope"], "Error: unknown helper 'nope'"),
    (["sparql", "SELEC ?s WHERE { ?s ?p ?o }"], "Error: query: SPARQL syntax error:"),
    (["sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"],
     "Error: query: SERVICE is not allowed"),
    (["sparql", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"],
     "Error: query: FROM / FROM NAMED is not allowed"),
    (["sparql", "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }"],
     "Error: query: FROM / FROM NAMED is not allowed"),
    (["sparql", "LOAD <http://example.org/data.ttl>"], "Error: query: SPARQL Update (LOAD) is not allowed"),
    (["frobnicate"], "Error: argument COMMAND: invalid choice: 'frobnicate'"),
])
def test_usage_errors_exit_2_on_stderr(args, message):
    done = run_cli(*args, *FIXTURE_ARGS)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message), done.stderr
    assert "Traceback" not in done.stderr


def test_load_error_exit_2_with_file_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/csto-kg/id/> .\nkg:a kg:b kg:c ;\n   kg:d ]  .\n")
    done = run_cli("reason", *FIXTURE_ARGS, "--data", "bad.ttl", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("Error: bad.ttl:3:8: objectList expected")


def test_traceback_option_shows_traceback(tmp_path):
    done = run_cli("query", "members", "--date", "20x", *FIXTURE_ARGS, "--traceback")
    assert done.returncode != 0 and "Traceback" in done.stderr


@pytest.mark.parametrize("extra, axiom", [
    ("disjoint.ttl", "csto:State owl:disjointWith csto:Organization"),
    ("functional.ttl", "csto:foundingDate a owl:FunctionalProperty"),
])
def test_inconsistency_exits_1_with_findings_on_stderr(extra, axiom):
    done = run_cli("check", *FIXTURE_ARGS, "--data", str(INCONSISTENT / extra))
    assert done.returncode == 1
    assert done.stderr.startswith("Finding: error: ") and f"[axiom: {axiom}]" in done.stderr
    # reason and query refuse data with errors (issue 4) and point to `validate`
    for args in (["reason"], ["query", "members", "--date", "2010"]):
        again = run_cli(*args, *FIXTURE_ARGS, "--data", str(INCONSISTENT / extra))
        assert again.returncode == 1 and again.stdout == ""
        assert re.match(rf"Error: tests/fixtures/engine/inconsistent/{extra}:\d+:1: kg:", again.stderr)
        assert again.stderr.rstrip().endswith("run `csto-kg validate` to see every finding")


def test_violation_check_exit_codes():
    assert run_cli("check", *FIXTURE_ARGS).returncode == 0
    done = run_cli("check", *FIXTURE_ARGS, "--data", str(INCONSISTENT / "orphan.ttl"))
    assert done.returncode == 1
    assert "orphan-membership-violation: 1 row(s)" in done.stdout
    assert "Finding: violation check 'orphan-membership-violation' returned 1 row(s)" in done.stderr


def test_sparql_select_from_file_and_construct(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?s a csto:MemberState } ORDER BY ?s")
    done = run_cli("sparql", "--file", str(query), "--format", "csv", *FIXTURE_ARGS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["s", "Armenia", "Russia", "Uzbekistan"]
    done = run_cli("sparql", "CONSTRUCT { ?s a csto:Agent } WHERE { ?s a csto:State }", "--format", "ntriples",
                   *FIXTURE_ARGS)
    assert done.returncode == 0 and done.stdout.count(" .\n") == 5


def test_reason_writes_closure(tmp_path):
    out = tmp_path / "closure.nt"
    done = run_cli("reason", "-o", str(out), *FIXTURE_ARGS)
    assert done.returncode == 0, done.stderr
    counts = dict(line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    total = int(counts["total triples"])
    assert total == int(counts["asserted triples"]) + int(counts["inferred triples"])
    lines = out.read_text().splitlines()
    assert len(lines) == total and lines == sorted(lines)


def test_reason_prepares_the_closure_while_the_shapes_finish_and_says_how_long_they_ran(tmp_path):
    out, again = tmp_path / "closure.nt", tmp_path / "again.nt"
    done = run_cli("--no-cache", "reason", "-o", str(out))  # the bundled data and shapes
    assert done.returncode == 0, done.stderr
    seconds = r"\d+\.\d\d s"
    alongside = f" \\({seconds} in all, alongside other stages\\)"  # run on a thread of its own: the wait, then the whole
    stages = ", ".join(f"{stage} {seconds}" + (alongside if stage in ("violation checks", "shacl") else "")
                       for stage in ("parse", "reason", "violation checks", "store", "check files", "graph checks",
                                     "write", "shacl"))
    assert re.fullmatch(f"stage times: {stages}; total {seconds}", done.stdout.splitlines()[-1]), done.stdout
    assert run_cli("reason", "-o", str(again)).returncode == 0  # validation's report from the cache: written after
    assert run_cli("reason", "-o", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_reason_without_violation_helpers_fills_no_query_store(tmp_path):
    """With no ``*-violation`` query nothing asks the query store anything: it is not filled (a
    1,500-link chain took 9.0 s and 1.1 GB filling it, 2.8 s and 0.5 GB without)."""
    (tmp_path / "queries").mkdir()
    out = tmp_path / "closure.nt"
    done = run_cli("--no-cache", "reason", "-o", str(out), *FIXTURE_ARGS[:-2], "--queries", str(tmp_path / "queries"))
    assert done.returncode == 0, done.stderr
    seconds = r"\d+\.\d\d s"
    stages = ", ".join(f"{stage} {seconds}" for stage in ("parse", "reason", "violation checks", "check files",
                                                         "graph checks", "write"))  # no store stage
    stages += f", shacl {seconds} \\({seconds} in all, alongside other stages\\)"
    assert re.fullmatch(f"stage times: {stages}; total {seconds}", done.stdout.splitlines()[-1]), done.stdout
    assert out.read_text().count(" .\n") == int(dict(line.split(":", 1) for line in done.stdout.splitlines()
                                                      if ":" in line)["total triples"])


def test_build_writes_outputs(tmp_path):
    done = run_cli("build", "--out", str(tmp_path / "out"), *FIXTURE_ARGS)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["closure.nt", "closure.ttl", "report.md", "void.ttl"]
    report = (tmp_path / "out" / "report.md").read_text()
    assert "| members | not run (needs --date) |" in report
    assert "| orphan-membership-violation | 0 |" in report


def test_warm_run_uses_cache(tmp_path):
    first = run_cli("reason", *FIXTURE_ARGS)
    second = run_cli("reason", *FIXTURE_ARGS)
    assert "(cached result)" not in first.stdout and "(cached result)" in second.stdout


def _console_script() -> str | None:
    candidate = Path(sys.executable).parent / "csto-kg"
    return str(candidate) if candidate.exists() else shutil.which("csto-kg")


@pytest.mark.skipif(_console_script() is None, reason="csto-kg console script not installed")
def test_console_script(tmp_path):
    done = subprocess.run([_console_script(), "query", "members", "--date", "2010", "--format", "tsv",
                           *FIXTURE_ARGS], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("Armenia\tmember\t1994-04-20")
    missing = subprocess.run([_console_script(), "query"], capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("Error: missing helper name")


def test_build_works_on_data_without_the_default_entities(tmp_path):
    """Helpers whose default entity (--org kg:CSTO) is absent are skipped with a note, not a failure."""
    data = tmp_path / "atlantis.ttl"
    data.write_text("@prefix csto: <https://w3id.org/csto-kg/ontology#> .\n"
                    "@prefix kg: <https://w3id.org/csto-kg/id/> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    'kg:Atlantis a csto:State ; rdfs:label "Atlantis"@en, "Atlantide"@fr .\n', encoding="utf-8")
    done = run_cli("build", "--no-bundled-data", "--data", str(data), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| memberships-of | not run (the default --org kg:CSTO is not in the graph) |" in report
    assert "| office-holders | not run (the default --org kg:CSTO is not in the graph) |" in report
    assert "| members-at | not run (needs --date) |" in report and "| conflicts | 0 |" in report
