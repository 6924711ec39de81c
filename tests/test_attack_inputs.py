"""Hostile and unusual input files (issue 18): every syntax `--data` accepts works end to end;
XML declarations are refused in any encoding; symbolic links cannot lead out of a data folder;
the input budgets stop a file at its place (exit 2, nothing written) in bounded memory and
time; characters XML cannot carry are located; messages quote short escaped excerpts only.

Budgets are lowered through the options so that the files stay small; the 1, 10 and 100 MB
cases are measured by ``benchmarks/hostile_inputs.py``. Peak memory is that of a child
process (``os.wait4``), the only measure not inflated by the rest of the test session.
"""

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
from rdflib import Graph, Literal, URIRef

from csto_kg.cli import main
from csto_kg.errors import InputRefused, UsageError
from csto_kg.inputs.budgets import InputBudget, InputTimeExceeded, applied, check_turtle_text
from csto_kg.inputs.safety import CONTEXT_IRI, shipped_context, xml_encoding

from conftest import DATA, FIXTURE_ARGS, ONTOLOGY, QUERIES, ROOT

PREFIXES = """@prefix csto: <https://w3id.org/csto-kg/ontology#> .
@prefix kg: <https://w3id.org/csto-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
# a valid addition to the fixture graph: one more member state of the CSTO
BELARUS = PREFIXES + """
kg:Belarus a csto:State ; rdfs:label "Belarus"@en, "Biélorussie"@fr .
kg:membership-belarus a csto:Membership ; csto:organization kg:CSTO ; csto:member kg:Belarus ;
    csto:role kg:FullMember ; csto:start "1993-12-31"^^xsd:date .
"""
MEMBERS_2010 = ["Armenia", "Belarus", "Russia", "Uzbekistan"]
HINT = "  nothing was done; run `csto-kg validate` to see every finding\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, *FIXTURE_ARGS])
    out, err = capsys.readouterr()
    return code, out, err


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


# Forks and execs the command, then writes its exit code and peak RSS (KiB) to the file argv[1]. The
# command is started from this small process, not from pytest: a child's peak RSS counts the memory
# of the process it was forked from until its exec (Linux keeps the old image's high-water mark), and
# pytest may have grown to hundreds of MB by then.
LAUNCHER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_pid, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def measured(*args: str, cwd: Path, timeout: float = 60) -> tuple[int, str, str, int, float]:
    """Run ``csto-kg ARGS`` in a child process: exit code, stdout, stderr, peak RSS (bytes), seconds."""
    out, err, report = cwd / "child.out", cwd / "child.err", cwd / "child.report"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    report.unlink(missing_ok=True)  # never an earlier run's
    started = time.monotonic()
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(report), "-m", "csto_kg", *args],
                                    cwd=cwd, env=env, stdout=stdout, stderr=stderr, start_new_session=True)
        try:
            launcher.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)  # the command too
            launcher.wait()
    code, peak_kib = report.read_text().split() if report.exists() else ("-9", "0")
    return int(code), out.read_text(), err.read_text(), int(peak_kib) * 1024, time.monotonic() - started


# -- every syntax --data accepts ---------------------------------------------------------------

def _syntaxes(folder: Path) -> dict[str, Path]:
    graph = Graph().parse(data=BELARUS, format="turtle")
    inline = json.loads(graph.serialize(format="json-ld", context={
        "kg": "https://w3id.org/csto-kg/id/", "csto": "https://w3id.org/csto-kg/ontology#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))
    from csto_kg.inputs.lexical import jsonld_document
    from csto_kg.store.exports import _sort_key, rdfxml_text

    shipped = jsonld_document(graph, context=shipped_context())
    shipped["@context"] = CONTEXT_IRI  # our own context, by its IRI: the shipped file is used
    return {
        "ntriples": write(folder, "belarus.nt", graph.serialize(format="nt")),
        "rdfxml": write(folder, "belarus.rdf", rdfxml_text(sorted(graph, key=_sort_key), graph.namespace_manager)),
        "jsonld-inline": write(folder, "belarus.jsonld", json.dumps(inline)),
        "jsonld-shipped": write(folder, "belarus-shipped.json", json.dumps(shipped)),
    }


@pytest.mark.parametrize("syntax", ["ntriples", "rdfxml", "jsonld-inline", "jsonld-shipped"])
def test_every_accepted_syntax_works_end_to_end(tmp_path, capsys, syntax):
    path = _syntaxes(tmp_path)[syntax]
    data = ("--data", str(path))
    assert run(capsys, "validate", *data) == (0, "0 errors, 0 warnings in 4 files\n", "")
    code, out, err = run(capsys, "reason", *data)
    assert (code, err) == (0, "") and "findings:         0" in out
    code, out, err = run(capsys, "query", "members", "--date", "2010", "--format", "csv", *data)
    assert (code, err) == (0, "") and [line.split(",")[0].rsplit("/", 1)[-1]
                                       for line in out.splitlines()[1:]] == MEMBERS_2010
    code, out, err = run(capsys, "build", "--out", str(tmp_path / "out"), *data)
    written = ", ".join(str(tmp_path / "out" / name) for name in ("closure.nt", "closure.ttl", "report.md", "void.ttl"))
    assert (code, err) == (0, f"wrote {written}\n")  # the status line, on standard error
    assert "kg:Belarus" in (tmp_path / "out" / "closure.ttl").read_text()
    for fmt in ("rdfxml", "jsonld"):
        target = tmp_path / f"export.{fmt}"
        code, out, err = run(capsys, "export", "--format", fmt, "-o", str(target), *data)
        assert code == 0 and err.startswith(f"wrote {target}")


@pytest.mark.parametrize("name, what", [("dump.nq", "N-Quads"), ("dump.trig", "TriG")])
def test_named_graph_syntaxes_are_refused_clearly(tmp_path, capsys, name, what):
    path = write(tmp_path, name, "<https://w3id.org/csto-kg/id/a> <http://x/p> \"x\" <http://x/g> .\n")
    message = (f"Error: {path}: {what} input is not read (csto-kg loads each input file into a named graph "
               "of its own, so the graph names in it would be lost); convert it to N-Triples or Turtle\n")
    assert run(capsys, "validate", "--data", str(path)) == (2, "", message)
    assert run(capsys, "reason", "--data", str(path)) == (2, "", message.replace("Turtle\n", "Turtle\n" + HINT))


def test_findings_in_other_syntaxes_name_the_file(tmp_path, capsys):
    path = write(tmp_path, "x.jsonld", json.dumps({"@context": CONTEXT_IRI, "@id": "kg:Armenia",
                                                    "member": {"@id": "kg:Nowhere"}}))
    code, out, err = run(capsys, "validate", "--data", str(path))
    assert code == 1 and err == ""
    assert out.splitlines()[0].startswith(f"ERROR {path}: kg:Nowhere is used but never described")


# -- XML: no declaration in any encoding, refused before anything parses it ----------------------

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
          + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x/">'
          '<rdf:Description rdf:about="http://x/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n')
ENCODINGS = {
    "utf-16-le": LAUGHS.encode("utf-16-le"), "utf-16-le-bom": b"\xff\xfe" + LAUGHS.encode("utf-16-le"),
    "utf-16-be": LAUGHS.encode("utf-16-be"), "utf-32-le": LAUGHS.encode("utf-32-le"),
    "utf-8": LAUGHS.encode(), "utf-8-bom": b"\xef\xbb\xbf" + LAUGHS.encode(),
    "utf-7-declared": LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-7"?>')
                            .replace("<!DOCTYPE", "+ADwAIQ-DOCTYPE").encode(),
}
REFUSED_DTD = "XML document type declarations and entities are refused (no entity is expanded)"


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_xml_declarations_are_refused_in_any_encoding_by_every_command(tmp_path, capsys, encoding):
    path = write(tmp_path, "laughs.rdf", ENCODINGS[encoding])
    message = f"Error: {path}: {REFUSED_DTD}\n"
    started = time.monotonic()
    assert run(capsys, "sparql", "SELECT * WHERE { ?s <http://x/p> ?o }", "--data", str(path)) == (2, "", message)
    assert run(capsys, "check", "--data", str(path)) == (2, "", message)
    assert run(capsys, "validate", "--data", str(path)) == (2, "", message)
    assert run(capsys, "reason", "--data", str(path)) == (2, "", message + HINT)
    assert time.monotonic() - started < 10  # refused at once: nothing expanded


def test_billion_laughs_in_utf16_is_refused_at_once_in_little_memory(tmp_path):
    path = write(tmp_path, "laughs.rdf", LAUGHS.encode("utf-16-le"))
    code, out, err, peak, seconds = measured("sparql", "SELECT * WHERE { ?s ?p ?o }", "--no-bundled-data",
                                             "--ontology", str(ONTOLOGY), "--data", str(path), cwd=tmp_path)
    assert (code, out, err) == (2, "", f"Error: laughs.rdf: {REFUSED_DTD}\n")
    assert peak < 200e6 and seconds < 30, (peak, seconds)  # expanded, it would be 10^9 "lol"s


def test_encodings_are_sniffed_as_xml_processors_do():
    assert [xml_encoding(raw) for raw in ENCODINGS.values()] == [
        "utf-16-le", "utf-16-le", "utf-16-be", "utf-32-le", "utf-8", "utf-8", "utf-7"]


def test_xml_that_is_not_utf8_is_refused_once_checked(tmp_path, capsys):
    document = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                '<rdf:Description rdf:about="http://x/a"/></rdf:RDF>')
    path = write(tmp_path, "x.rdf", document.encode("utf-16-le"))
    assert run(capsys, "validate", "--data", str(path)) == (2, "", (
        f"Error: {path}: the XML document is in UTF-16-LE; csto-kg reads UTF-8 only (save the file as UTF-8)\n"))


# -- symbolic links and special files in a data folder ------------------------------------------

@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "elsewhere" / "secret.ttl"
    path.parent.mkdir()
    path.write_text("TOP-SECRET first line\n")
    return path


@pytest.mark.parametrize("case, message", [
    ("outside", "link.ttl is a symbolic link to a file outside the folder; refused (a folder is read without "
                "leaving it: copy the file in, or give it with --data FILE)"),
    ("folder", "sub/up is a symbolic link to a folder outside the folder; refused (a folder is read without "
               "leaving it: copy the folder in, or give it with --data FOLDER)"),
    ("loop", "link.ttl is a symbolic link that loops (it never leads to a file)"),
    ("dangling", "link.ttl is a symbolic link to nothing (its target does not exist)"),
    ("fifo", "fifo.ttl is not a regular file (a device, socket or pipe)"),
])
def test_a_data_folder_cannot_lead_elsewhere(tmp_path, capsys, secret, case, message):
    folder = tmp_path / "data"
    (folder / "sub").mkdir(parents=True)
    write(folder, "ok.ttl", BELARUS)
    if case == "outside":
        (folder / "link.ttl").symlink_to(secret)
    elif case == "folder":
        (folder / "sub" / "up").symlink_to(secret.parent)
    elif case == "loop":
        (folder / "link.ttl").symlink_to(folder / "link.ttl")
    elif case == "dangling":
        (folder / "link.ttl").symlink_to(folder / "gone.ttl")
    else:
        os.mkfifo(folder / "fifo.ttl")
    for command in ("validate", "reason", "sparql"):
        extra = ["ASK {}"] if command == "sparql" else []
        assert run(capsys, command, *extra, "--data", str(folder)) == (2, "", f"Error: --data {folder}: {message}\n")


def test_a_link_inside_the_folder_is_read_once(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "belarus.ttl", BELARUS)
    (folder / "again.ttl").symlink_to(folder / "belarus.ttl")
    assert run(capsys, "validate", "--data", str(folder)) == (0, "0 errors, 0 warnings in 4 files\n", "")


@pytest.mark.parametrize("case", ["loop", "dangling"])
def test_a_link_given_itself_is_a_clear_error(tmp_path, capsys, case):
    link = tmp_path / "link.ttl"
    link.symlink_to(link if case == "loop" else tmp_path / "gone.ttl")
    what = "that loops (it never leads to a file)" if case == "loop" else "to nothing (its target does not exist)"
    assert run(capsys, "reason", "--data", str(link)) == (2, "", f"Error: --data {link}: a symbolic link {what}\n")


# -- budgets: located, exit 2, nothing written -----------------------------------------------------

def _budget_cases(folder: Path) -> dict:
    bytes_file = write(folder, "big.ttl", BELARUS + "#" + "x" * 4000 + "\n")
    literal = write(folder, "literal.ttl", PREFIXES + 'kg:CSTO rdfs:comment "ok",\n    "' + "é" * 600 + '" .\n')
    items = write(folder, "list.ttl", PREFIXES + "kg:CSTO rdfs:seeAlso (1 2 3 (4 5) [ rdfs:label \"x\" ] 6 7) .\n")
    blanks = write(folder, "blanks.ttl", PREFIXES + "".join(f"_:b{i} rdfs:seeAlso _:b{i + 1} .\n" for i in range(20)))
    jsonld = write(folder, "list.jsonld", json.dumps({"@id": "http://x/a", "http://x/p": {"@list": list(range(8))}}))
    rdfxml = write(folder, "literal.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                   '22-rdf-syntax-ns#" xmlns:ex="http://x/">\n<rdf:Description rdf:about="http://x/a"><ex:p>'
                   + "x" * 2000 + "</ex:p></rdf:Description></rdf:RDF>\n")
    return {
        "file bytes": (bytes_file, ["--max-file-bytes", "3000"],
                       f"{bytes_file}: a file of {bytes_file.stat().st_size:,} bytes is over --max-file-bytes "
                       "(3,000; $CSTO_KG_MAX_FILE_BYTES)"),
        "input bytes": (bytes_file, ["--max-input-bytes", "5000"],
                        f"{bytes_file}: the input files come to "),
        "literal bytes": (literal, ["--max-literal-bytes", "1000"],
                          f"{literal}:6:5: a literal of 1,200 bytes is over --max-literal-bytes (1,000; "
                          "$CSTO_KG_MAX_LITERAL_BYTES)"),
        "list items": (items, ["--max-list-items", "6"],
                       f"{items}:5:22: a list of more than 6 items is over --max-list-items (6; $CSTO_KG_MAX_LIST_ITEMS)"),
        "blank nodes": (blanks, ["--max-blank-nodes", "10"],
                        f"{blanks}:14:19: more than 10 blank nodes in one file is over --max-blank-nodes (10; "
                        "$CSTO_KG_MAX_BLANK_NODES)"),
        "json-ld list": (jsonld, ["--max-list-items", "5"],
                         f"{jsonld}: a list of 8 items is over --max-list-items (5; $CSTO_KG_MAX_LIST_ITEMS)"),
        "rdf/xml literal": (rdfxml, ["--max-literal-bytes", "1000"],
                            f"{rdfxml}:3:47: a literal of 2,000 bytes is over --max-literal-bytes (1,000; "
                            "$CSTO_KG_MAX_LITERAL_BYTES)"),
    }


CASES = ["file bytes", "input bytes", "literal bytes", "list items", "blank nodes", "json-ld list", "rdf/xml literal"]


@pytest.mark.parametrize("case", CASES)
def test_each_budget_stops_the_file_at_its_place_and_writes_nothing(tmp_path, capsys, case):
    path, option, message = _budget_cases(tmp_path)[case]
    out = tmp_path / "out"
    for command in (["validate"], ["build", "--out", str(out)], ["sparql", "ASK {}"]):
        code, stdout, stderr = run(capsys, *command, "--data", str(path), *option)
        assert (code, stdout) == (2, "") and stderr.startswith("Error: " + message), stderr
    assert not out.exists()


def test_budgets_come_from_the_environment_too(tmp_path, capsys, monkeypatch):
    path, _option, message = _budget_cases(tmp_path)["list items"]
    monkeypatch.setenv("CSTO_KG_MAX_LIST_ITEMS", "6")
    assert run(capsys, "validate", "--data", str(path)) == (2, "", "Error: " + message + "\n")
    monkeypatch.setenv("CSTO_KG_MAX_LIST_ITEMS", "many")
    assert run(capsys, "validate", "--data", str(path)) == (
        2, "", "Error: --max-list-items: expected a positive number, got 'many'\n")


def test_the_defaults_cover_the_bundled_data_a_thousand_fold():
    budget = InputBudget()
    assert (budget.max_file_bytes >= 1000 * 71_606 and budget.max_input_bytes >= 1000 * 319_633
            and budget.max_literal_bytes >= 1000 * 566 and budget.max_list_items >= 1000 * 6
            and budget.max_blank_nodes >= 1000 * 253)


def test_a_budget_met_exactly_passes_and_one_more_does_not():
    text = PREFIXES + 'kg:a rdfs:seeAlso ("a" "b"@en "c"^^xsd:string [ rdfs:label """d""" ]) , _:x, _:x .'
    check_turtle_text(text, "t.ttl", InputBudget(max_list_items=4, max_blank_nodes=6, max_literal_bytes=1))
    with pytest.raises(InputRefused, match="more than 5 blank nodes"):
        check_turtle_text(text, "t.ttl", InputBudget(max_blank_nodes=5))
    with pytest.raises(InputRefused, match="a list of more than 3 items"):
        check_turtle_text(text, "t.ttl", InputBudget(max_list_items=3))


@pytest.mark.parametrize("subject", ["ex:a\\#b", "<http://x/\\u0041#frag>"], ids=["name escape", "iri escape"])
def test_a_literal_cannot_hide_behind_what_looks_like_a_comment(subject):
    """``\\#`` in a name and ``#`` after a ``\\u`` escape in an IRI start no comment (for the parser
    neither), so the literal after them is measured."""
    text = f'@prefix ex: <http://x/> .\n{subject} ex:p """' + "a" * 5000 + '""" .\n'
    with pytest.raises(InputRefused, match=r"a literal of 5,000 bytes is over --max-literal-bytes"):
        check_turtle_text(text, "t.ttl", InputBudget(max_literal_bytes=1000))


def test_a_big_literal_is_refused_in_little_memory(tmp_path):
    """4 MB in one literal (the default budget is 1 MB): refused before any parser reads it.
    Before the budgets, the located scan alone took about 1 GB for this file."""
    path = write(tmp_path, "big.ttl", PREFIXES + 'kg:CSTO rdfs:comment "' + "a" * 4_000_000 + '"^^xsd:string .\n')
    code, out, err, peak, seconds = measured("validate", "--no-bundled-data", "--ontology", str(ONTOLOGY),
                                             "--data", str(path), cwd=tmp_path)
    assert (code, out, err) == (2, "", "Error: big.ttl:5:22: a literal of 4,000,000 bytes is over "
                                       "--max-literal-bytes (1,000,000; $CSTO_KG_MAX_LITERAL_BYTES)\n")
    # the constant is the same command refusing a 100-byte literal (the interpreter and its imports)
    small = write(tmp_path, "small.ttl", PREFIXES + 'kg:CSTO rdfs:comment "' + "a" * 100 + '"^^xsd:string .\n')
    code, _out, _err, baseline, _seconds = measured("validate", "--no-bundled-data", "--ontology", str(ONTOLOGY),
                                                    "--data", str(small), "--max-literal-bytes", "10", cwd=tmp_path)
    assert code == 2
    assert peak < baseline + 10 * path.stat().st_size, (peak, baseline)


# -- time: --max-seconds over parsing and validation -------------------------------------------

def test_parsing_stops_at_max_seconds(tmp_path, capsys):
    chain = write(tmp_path, "chain.ttl", PREFIXES + "".join(f"_:b{i} rdfs:seeAlso _:b{i + 1} .\n"
                                                            for i in range(150_000)))
    started = time.monotonic()
    code, out, err = run(capsys, "reason", "--data", str(chain), "--max-seconds", "0.2")
    elapsed = time.monotonic() - started
    assert (code, out) == (2, "")
    assert re.fullmatch(r"Error: parsing stopped: more than 0\.2 s of parsing \(budget --max-seconds; "
                        rf"\$CSTO_KG_MAX_SECONDS\), in {re.escape(str(chain))} after 0\.[2-9] s\n", err), err
    assert elapsed < 0.2 + 5  # the limit fired (the whole run takes several seconds)


def test_validation_stops_at_max_seconds(monkeypatch):
    from csto_kg import validation
    from csto_kg.api import validate

    def slow(*args, **kwargs):
        time.sleep(30)

    monkeypatch.setattr(validation, "report_for", slow)
    started = time.monotonic()
    with applied(InputBudget(max_seconds=0.3)), pytest.raises(InputTimeExceeded) as caught:
        validate(ontology=[ONTOLOGY], data=[DATA], bundled_data=False, queries=QUERIES, cache=False)
    assert str(caught.value).startswith("validation stopped: more than 0.3 s of validation (budget --max-seconds")
    assert time.monotonic() - started < 0.3 + 5


def test_validation_stops_at_max_seconds_while_the_shapes_run_on_their_thread(monkeypatch):
    from csto_kg.api import validate
    from csto_kg.validation import shacl_checks

    waited = []

    def slow(native, shapes, engine):  # the engine, stuck (on its thread: the interpreter is free)
        time.sleep(30)

    monkeypatch.setattr(shacl_checks, "_engine_report", slow)
    started = time.monotonic()
    with applied(InputBudget(max_seconds=1.0)), pytest.raises(InputTimeExceeded) as caught:
        validate(ontology=[ONTOLOGY], data=[DATA], bundled_data=False, queries=QUERIES, cache=False,
                 meanwhile=lambda: waited.append(time.monotonic()))
    # in the shapes file, as when the shapes were checked in line: the time ran out on them
    assert re.fullmatch(r"validation stopped: more than 1 s of validation \(budget --max-seconds; "
                        r"\$CSTO_KG_MAX_SECONDS\), in tests/fixtures/engine/ontology/shapes\.ttl after 1\.\d s",
                        str(caught.value)), str(caught.value)
    assert time.monotonic() - started < 1.0 + 5  # the wait for the thread was interrupted
    assert len(waited) == 1  # the caller's work ran before the wait


# -- characters XML cannot carry ----------------------------------------------------------------

def test_control_characters_are_located_and_never_written_as_xml(tmp_path, capsys):
    path = write(tmp_path, "nul.ttl", PREFIXES + 'kg:CSTO rdfs:comment "a\\u0000b",\n    "raw\x01" .\n')
    code, out, err = run(capsys, "validate", "--data", str(path))
    assert (code, err) == (1, "")
    assert out.splitlines()[:2] == [
        f'ERROR {path}:5:22: the literal "a\\x00b" holds U+0000 (NUL), which XML cannot carry (an RDF/XML '
        "export would not parse); remove the character (XML 1.0 characters)",
        f'ERROR {path}:6:5: the literal "raw\\x01" holds U+0001 (START OF HEADING), which XML cannot carry (an '
        "RDF/XML export would not parse); remove the character (XML 1.0 characters)"]
    assert run(capsys, "export", "--format", "rdfxml", "--data", str(path), "-o", str(tmp_path / "x.rdf"))[0] == 1
    code, out, err = run(capsys, "sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = \"a\\u0000b\") }",
                         "--format", "xml", "--data", str(path))
    assert (code, out) == (2, "") and err.startswith('Error: cannot write RDF/XML: the literal "a\\x00b" of '
                                                     "<https://w3id.org/csto-kg/id/CSTO> holds U+0000 (NUL)")
    assert not (tmp_path / "x.rdf").exists()


def test_the_rdfxml_writer_refuses_what_xml_cannot_carry():
    from csto_kg.store.exports import rdfxml_text

    with pytest.raises(UsageError, match=r"holds U\+001B \(ESCAPE\), which XML cannot carry"):
        rdfxml_text([(URIRef("http://x/a"), URIRef("http://x/p"), Literal("\x1b[2J"))], Graph().namespace_manager)


# -- messages quote short, escaped excerpts ---------------------------------------------------------

def test_a_syntax_error_quotes_a_short_escaped_excerpt(tmp_path, capsys):
    path = write(tmp_path, "bad.ttl", PREFIXES + 'kg:a rdfs:label "\x1b]0;owned\x07' + "x" * 100_000 + '" kg:b kg:c .\n')
    code, out, err = run(capsys, "reason", "--data", str(path))
    assert (code, out) == (2, "") and "\x1b" not in err and "\x07" not in err
    assert max(len(line) for line in err.splitlines()) < 300, err


def test_an_error_message_never_prints_the_file_a_link_points_to(tmp_path, capsys, secret):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "passwd.ttl").symlink_to(secret)
    code, out, err = run(capsys, "reason", "--data", str(folder))
    assert code == 2 and "TOP-SECRET" not in out + err


def test_the_text_is_measured_without_copying_it():
    """The pass over a Turtle text before any parser holds nothing of the size of the text:
    2 MB of a literal and a 20,000-item list (budgets raised) take less than 1 MB (Python's
    allocations; the located scan used to need about 240 bytes per byte of a literal)."""
    import tracemalloc

    text = (PREFIXES + 'kg:a rdfs:comment "' + "a" * 2_000_000 + '" ;\n  rdfs:seeAlso ('
            + " ".join(f'"{i}"' for i in range(20_000)) + ") .\n")
    tracemalloc.start()
    try:
        check_turtle_text(text, "t.ttl", InputBudget(max_literal_bytes=3_000_000, max_list_items=20_000))
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, peak


def test_shapes_that_do_not_parse_are_an_input_error(tmp_path, capsys):
    import shutil

    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    write(tmp_path / "ontology", "shapes.ttl", "this is not Turtle\n")
    code = main(["validate", "--ontology", str(tmp_path / "ontology"), "--data", str(DATA), "--no-bundled-data"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "") and err.startswith(f"Error: {tmp_path / 'ontology' / 'shapes.ttl'}:1:1: ")


def test_export_stops_at_max_seconds(tmp_path, capsys):
    """Canonical blank node labels take super-linear time on a long chain (600 links: about 5 s,
    1,000: 25 s): the export is held by --max-seconds too, and writes nothing."""
    chain = write(tmp_path, "chain.ttl", PREFIXES + "".join(f"_:b{i} rdfs:seeAlso _:b{i + 1} .\n" for i in range(600)))
    target = tmp_path / "x.nt"
    started = time.monotonic()
    code, out, err = run(capsys, "export", "--format", "ntriples", "-o", str(target), "--data", str(chain),
                         "--max-seconds", "1")
    assert (code, out) == (2, "") and re.fullmatch(
        r"Error: export stopped: more than 1 s of export \(budget --max-seconds; \$CSTO_KG_MAX_SECONDS\) "
        r"after 1\.\d s\n", err), err
    assert time.monotonic() - started < 1 + 5 and not target.exists()


def test_empty_lexical_forms_of_numbers_and_dates_are_findings_not_crashes(tmp_path, capsys):
    """owlrl's converters raise IndexError on "" (xsd:date) and decimal.InvalidOperation (xsd:decimal):
    the reasoner's datatype rules take them as ill-typed literals, as validation does (found by hypothesis)."""
    from csto_kg.cli import main

    data = tmp_path / "empty.ttl"
    data.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix kg: <https://w3id.org/csto-kg/id/> .\n'
                    'kg:a kg:a ""^^xsd:date .\nkg:a kg:b ""^^xsd:decimal .\n', encoding="utf-8")
    code = main(["validate", "--data", str(data), "--no-cache"])
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    assert f'ERROR {data}:3:11: ill-typed literal ""^^xsd:date: not of the form YYYY-MM-DD (xsd:date)' in out
    assert (f'ERROR {data}:4:11: ill-typed literal ""^^xsd:decimal: not a decimal number (digits, optional point) '
            "(xsd:decimal)") in out


def test_a_literal_over_oxigraphs_parser_buffer_is_read_when_its_budget_allows_it(tmp_path):
    """Oxigraph's Turtle parser stops at a 16 MiB token (MemoryError, once an internal error, exit 3):
    such a file is then read by rdflib's parser, whole."""
    from csto_kg.inputs.budgets import InputBudget, applied
    from csto_kg.inputs.files import discover
    from csto_kg.inputs.loading import _parse_natively, parse_file

    text = '<http://x/a> <http://x/p> "' + "a" * 17_000_000 + '" .\n'
    assert _parse_natively(text, base="http://x/", graph="http://x/g") is None
    path = tmp_path / "long.ttl"
    path.write_text(text, encoding="utf-8")
    (found,) = discover(ontology=[], data=[path], bundled_data=False)
    with applied(InputBudget(max_literal_bytes=20_000_000)):
        parsed = parse_file(found)
    assert [len(str(o)) for _s, _p, o in parsed.triples] == [17_000_000] and len(parsed.quads) == 1


def test_a_literal_over_oxigraphs_parser_buffer_is_queried_cold_and_from_the_cache(tmp_path):
    """The cached N-Quads of such a graph are loaded into the query store without Oxigraph's parser
    reading the long line (once exit 3: MemoryError on the second, cached, run)."""
    from conftest import ONTOLOGY, QUERIES
    from csto_kg import KnowledgeGraph
    from csto_kg.inputs.budgets import InputBudget, applied

    path = tmp_path / "long.ttl"
    path.write_text('<http://x/a> <http://x/p> "say \\"' + "a" * 17_000_000 + '\\"\\n"@fr .\n', encoding="utf-8")
    answers = []
    with applied(InputBudget(max_literal_bytes=20_000_000)):
        for _ in range(2):  # the first run writes the reasoning cache, the second reads it
            kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[path], bundled_data=False, queries=QUERIES)
            result = kg.sparql("SELECT (STRLEN(?o) AS ?n) (SUBSTR(?o, 1, 6) AS ?head) (LANG(?o) AS ?lang) "
                               "WHERE { <http://x/a> <http://x/p> ?o }")
            answers.append([(int(r["n"]), str(r["head"]), str(r["lang"])) for r in result.rows])
    assert answers == [[(17_000_007, 'say "a', "fr")]] * 2
