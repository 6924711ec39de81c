"""``csto-kg sparql`` and ``query`` write an answer as it comes (issue 18): CSV, TSV and JSON a row at a
time from the query's process, the same bytes as the whole answer rendered at once; the deadline covers
the writing; a large answer does not grow the process; one stopped while writing says how much of it
was written."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import FIXTURE_ARGS, ROOT
from csto_kg.query.render import render
from csto_kg.store.results import Result

SELECT = "SELECT ?state ?label WHERE { ?state a csto:State ; rdfs:label ?label } ORDER BY ?state ?label"
EMPTY = "SELECT ?s WHERE { ?s a <urn:nothing> }"
CONSTRUCT = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a csto:State ; rdfs:label ?l FILTER(lang(?l) = 'en') }"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
@pytest.mark.parametrize("text", [SELECT, EMPTY], ids=["rows", "empty"])
def test_a_streamed_answer_is_the_whole_answer_rendered(run_main, bundled_kg, fmt, text):
    """Through the CLI's query process (the default --timeout): the bytes of render() on the whole result."""
    done = run_main("sparql", text, "--format", fmt, "--lang", "fr", "--wide")
    expected = render(bundled_kg.sparql(text), fmt=fmt, labeler=bundled_kg.labeler(lang="fr"), width=None)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == expected
    assert text == EMPTY or len(expected.splitlines()) > 40


@pytest.mark.parametrize("args", [["sparql", CONSTRUCT, "--format", "ntriples"], ["sparql", "ASK { ?s ?p ?o }"],
                                  ["sparql", SELECT, "--format", "csv", "--timeout", "0"]])
def test_graphs_ask_and_the_unlimited_path_write_the_same_text(run_main, bundled_kg, args):
    done = run_main(*args)
    fmt = args[args.index("--format") + 1] if "--format" in args else "table"
    expected = render(bundled_kg.sparql(args[1]), fmt=fmt, labeler=bundled_kg.labeler(), width=None)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


def test_a_helper_streams_and_its_violation_rows_are_counted(run_main, bundled_kg, tmp_path):
    done = run_main("query", "members-at", "--date", "2010-01-01", "--format", "csv")
    expected = render(bundled_kg.query("members-at", date="2010-01-01"), fmt="csv", labeler=bundled_kg.labeler())
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
    assert expected.splitlines()[0] == "member,role,start,end,certainty,sources" and len(expected.splitlines()) == 8  # seven members in 2010
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "two-rows-violation.rq").write_text(
        "#+ summary: Two rows, always.\n#+ columns: n\nSELECT ?n WHERE { VALUES ?n { 1 2 } }\n", encoding="utf-8")
    from csto_kg import KnowledgeGraph

    kg = KnowledgeGraph.load(cache=False, queries=queries)
    done = run_main("query", "two-rows-violation", "--format", "tsv", "--queries", str(queries), kg=kg)
    assert (done.returncode, done.stdout) == (1, "n\n1\n2\n")
    assert done.stderr == "Finding: violation check 'two-rows-violation' returned 2 row(s)\n"


def _peak_run(args: list[str], stdout) -> tuple[int, int, str]:
    """Exit code, peak RSS in kB (the process and the query process it waited for) and stderr."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen([sys.executable, "-m", "csto_kg", *args], stdout=stdout, stderr=subprocess.PIPE,
                               env=env, cwd=ROOT)
    stderr = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss, stderr


def test_a_large_answer_does_not_grow_the_process(tmp_path):
    """200,000 rows (9 MB of CSV): peak memory within 25 MB of a one-row answer's (it was 330 MB
    more when the whole answer was held, then rendered)."""
    out = tmp_path / "out.csv"
    with open(out, "wb") as stdout:
        code, peak, err = _peak_run(["sparql", "SELECT ?c ?f ?i WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT 200000",
                                     "--format", "csv", *FIXTURE_ARGS], stdout)
    assert (code, err) == (0, "")
    with open(out, "rb") as written:
        lines = written.read().split(b"\r\n")
    assert lines[0] == b"c,f,i" and len(lines) == 200_002 and lines[-1] == b""
    with open(tmp_path / "one.csv", "wb") as stdout:
        code, small, err = _peak_run(["sparql", "SELECT ?c WHERE { ?a ?b ?c } LIMIT 1", "--format", "csv",
                                      *FIXTURE_ARGS], stdout)
    assert (code, err) == (0, "")
    assert peak < small + 25_000, (peak, small)


def test_rows_written_before_the_deadline_stay_and_the_error_counts_them(tmp_path):
    """A cartesian product streams rows until --timeout kills its process: exit 2, the rows so far on
    standard output, and the message gives their exact size."""
    out = tmp_path / "out.csv"
    with open(out, "wb") as stdout:
        code, _peak, err = _peak_run(["sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                                      "--format", "csv", "--timeout", "1", *FIXTURE_ARGS], stdout)
    written = out.read_bytes()
    assert code == 2
    assert written.startswith(b"a,b,c,d,e,f,g,h,i,j,k,l\r\n") and written.count(b"\r\n") > 1000
    assert err == ("Error: query stopped after 1 s (--timeout); its process was killed: simplify the query, or "
                   "allow more time with --timeout SECONDS (0 = no limit); the "
                   f"{len(written):,} bytes written before it are an incomplete answer\n")


def test_an_error_before_any_row_writes_nothing(run_main):
    done = run_main("sparql", "SELECT ?x WHERE { ?x ?p }", "--format", "csv")
    assert (done.returncode, done.stdout) == (2, "")
    assert re.fullmatch(r"Error: query: SPARQL syntax error.*\n", done.stderr)


def test_render_pieces_of_an_iterator_keep_nothing_but_the_row():
    """The rows are read one at a time: a generator that fails after two rows has had both written."""
    from rdflib import Literal

    from csto_kg.query.render import render_pieces

    def rows():
        yield {"n": Literal("1")}
        yield {"n": Literal("2")}
        raise RuntimeError("the engine stopped")

    pieces = render_pieces(Result("select", ["n"], rows()), fmt="json")
    got = [next(pieces), next(pieces)]
    with pytest.raises(RuntimeError, match="the engine stopped"):
        next(pieces)
    assert "".join(got).endswith('"value": "2"\n        }\n      }')


def test_rows_ready_before_a_stall_are_written_before_the_process_is_killed():
    """Rows computed just before the next one takes long are sent while it is computed (the child's
    flusher), so the killed process leaves all of them, and the error counts them."""
    import time

    from csto_kg.query.pool import QueryTimeout, stream_limited

    def rows():
        yield "n\n"
        yield "1\n"
        yield "2\n"
        time.sleep(30)  # the next row never comes within the limit
        yield "3\n"

    out: list[bytes] = []
    with pytest.raises(QueryTimeout, match="the 6 bytes written before it are an incomplete answer"):
        stream_limited(rows, out.append, timeout=1)
    assert b"".join(out) == b"n\n1\n2\n"


def test_a_streamed_answer_under_a_tight_address_space_cap_still_comes():
    """The child's flusher thread has a small stack: an address-space cap a few MiB over what the
    child uses leaves room for it (with the default 8 MiB stack the thread could not start)."""
    from csto_kg.query.pool import _address_space, stream_limited

    def rows():
        yield "n\n"
        yield "1\n"
        return 1

    out: list[bytes] = []
    assert stream_limited(rows, out.append, timeout=30, max_memory=_address_space() + 4 * 1024 * 1024) == 1
    assert b"".join(out) == b"n\n1\n"


@pytest.mark.parametrize("timeout", [30, None], ids=["in its process", "here"])
def test_an_engine_failure_mid_answer_keeps_its_type_and_counts_what_was_written(timeout):
    """A failure after some rows is still a QueryEngineError (exit 3, a bug, not the query's fault),
    and says the bytes before it are an incomplete answer, with or without a limit."""
    from csto_kg.errors import ExitCode, QueryEngineError
    from csto_kg.query.pool import stream_limited

    def rows():
        yield "n\n"
        yield "1\n"
        raise QueryEngineError("the query engine failed: boom")

    out: list[bytes] = []
    with pytest.raises(QueryEngineError) as caught:
        stream_limited(rows, out.append, timeout=timeout)
    assert str(caught.value) == ("the query engine failed: boom; "
                                 "the 4 bytes written before it are an incomplete answer")
    assert caught.value.exit_code == ExitCode.INTERNAL and b"".join(out) == b"n\n1\n"
