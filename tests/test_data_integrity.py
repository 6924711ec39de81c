"""Data integrity: lexical forms kept from input to every export, ill-typed literals
refused, one atomic-write helper for every file, write locks between writers."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from csto_kg import KnowledgeGraph
from csto_kg.atomicio import WriterBusy, write_lock
from csto_kg.store.exports import FORMATS, export, parse_export
from csto_kg.query.render import render_graph

from conftest import FIXTURE_ARGS, ONTOLOGY, QUERIES, ROOT, run_cli

KG = "https://w3id.org/csto-kg/id/"
#: well-typed but not canonical: rdflib would rewrite each of them
KEPT = [("0042", XSD.integer), ("+5", XSD.integer), ("1", XSD.decimal), ("+1.50", XSD.decimal),
        ("1E0", XSD.double), (".5e1", XSD.double), ("1", XSD.boolean), ("0", XSD.boolean),
        ("0042", XSD.nonNegativeInteger), ("2002-10-07", XSD.date)]
ILL_TYPED = [("maybe", XSD.boolean), ("forty-two", XSD.integer)]


def _data(tmp_path: Path, literals) -> Path:
    lines = ["@prefix kg: <https://w3id.org/csto-kg/id/> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             'kg:Numbers rdfs:label "Numbers"@en, "Nombres"@fr .']
    for i, (text, datatype) in enumerate(literals):
        lines.append(f'kg:Numbers rdfs:comment "{text}"^^<{datatype}> .')
    path = tmp_path / "numbers.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _forms(graph_or_dataset) -> set[tuple[str, str]]:
    return {(str(o), str(o.datatype)) for o in graph_or_dataset.objects() if isinstance(o, Literal) and o.datatype}


@pytest.mark.parametrize("cache", [False, True])
def test_lexical_forms_survive_every_export_and_the_cache(tmp_path, cache):
    data = _data(tmp_path, KEPT + ILL_TYPED)
    wanted = {(text, str(datatype)) for text, datatype in KEPT + ILL_TYPED}
    for _ in range(2 if cache else 1):  # with the cache: the second load is a hit
        kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[data], bundled_data=False, cache=cache, queries=QUERIES)
    assert kg.reason().cache_status == ("hit" if cache else "off")
    assert wanted <= _forms(kg.dataset)
    for fmt in FORMATS:
        back = parse_export(export(kg.dataset, fmt=fmt, scope="asserted"), fmt=fmt)
        assert wanted <= _forms(back), fmt
    for fmt, rdflib_name in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"), ("xml", "xml")):
        text = render_graph(kg.closure(), fmt=fmt)
        assert wanted <= _forms(Graph().parse(data=text, format=rdflib_name)), fmt


def test_turtle_export_writes_the_forms_as_given():
    graph_name = URIRef("https://w3id.org/csto-kg/graph/data/x.ttl")
    quads = [(URIRef(KG + "x"), URIRef(KG + "p"), Literal(text, datatype=dt), graph_name) for text, dt in KEPT]
    from csto_kg.store.exports import serialize

    text = serialize(quads, fmt="turtle").decode()
    assert '"0042"^^xsd:integer' in text and '"1"^^xsd:decimal' in text and '"1"^^xsd:boolean' in text
    assert "1E0" in text and "1e+00" not in text


def test_ill_typed_literals_are_validation_errors_and_build_refuses_them(tmp_path):
    data = _data(tmp_path, ILL_TYPED)
    done = run_cli("validate", *FIXTURE_ARGS, "--data", str(data), "--format", "json")
    assert done.returncode == 1
    assert done.stdout.count('"code": "ill-typed-literal"') == 2, done.stdout
    out = tmp_path / "out"
    refused = run_cli("export", *FIXTURE_ARGS, "--data", str(data), "-o", str(out / "x.ttl"))
    assert refused.returncode == 1 and not (out / "x.ttl").exists()


def test_cli_export_keeps_lexical_forms(tmp_path):
    data = _data(tmp_path, KEPT)
    for fmt in ("turtle", "jsonld", "nquads"):
        target = tmp_path / f"export.{fmt}"
        done = run_cli("export", *FIXTURE_ARGS, "--data", str(data), "--asserted", "--format", fmt,
                       "-o", str(target))
        assert done.returncode == 0, done.stderr
        back = parse_export(target.read_bytes(), fmt=fmt)
        assert {(t, str(d)) for t, d in KEPT} <= _forms(back), fmt


WRITES = re.compile(r"\.write_text\(|\.write_bytes\(|open\([^)]*['\"][wax]b?['\"]|destination\s*=|\.savefig\((?!buffer)")


def test_every_writer_goes_through_atomic_write():
    """No module writes a file itself: only csto_kg/atomicio.py opens files for writing."""
    offenders = []
    for path in sorted((ROOT / "csto_kg").rglob("*.py")):  # every stage folder too
        if path == ROOT / "csto_kg" / "atomicio.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if WRITES.search(code) and ">>>" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_a_second_writer_waits_then_fails_clearly(tmp_path):
    target = tmp_path / "export.ttl"
    held = threading.Event()
    release = threading.Event()

    def holder():
        with write_lock(target):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    with pytest.raises(WriterBusy, match=r"export.ttl is being written by another csto-kg process"):
        with write_lock(target, wait=0.3):
            pass
    assert time.monotonic() - started >= 0.3
    release.set()
    thread.join()
    with write_lock(target, wait=0.3):  # free again
        pass


def test_cli_export_fails_clearly_while_another_process_holds_the_lock(tmp_path):
    target = tmp_path / "export.nt"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from csto_kg.atomicio import write_lock\n"
                               f"with write_lock({str(target)!r}):\n print('held', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        import os

        env_wait = dict(os.environ, CSTO_KG_LOCK_WAIT="0.5")
        done = subprocess.run([sys.executable, "-m", "csto_kg", "export", "--format", "ntriples", *FIXTURE_ARGS,
                               "-o", str(target)], capture_output=True, text=True, cwd=ROOT, env=env_wait, timeout=120)
        assert done.returncode == 2 and "is being written by another csto-kg process" in done.stderr
        assert not target.exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_line_separator_inside_a_literal_stays_inside_its_line_of_the_closure(tmp_path):
    """U+2028, U+2029 and U+0085 are line breaks to Python's splitlines but plain characters in
    N-Triples: written raw, as rdflib writes them, each inside the one line of its triple."""
    data = _data(tmp_path, KEPT)
    text = "a\u2028b\u2029c\x85d <http://x/p> e"
    data.write_text(data.read_text(encoding="utf-8") + f'kg:Numbers rdfs:comment "{text}"@en .\n', encoding="utf-8")
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[data], bundled_data=False, cache=False, queries=QUERIES)
    assert kg._assembled.natively_parsed  # written by Oxigraph
    written = kg.closure_ntriples()
    lines = written.split("\n")[:-1]
    assert len(lines) == len(kg.closure()) and lines == sorted(lines)
    assert [line for line in lines if "a\u2028" in line] == [
        f'<https://w3id.org/csto-kg/id/Numbers> <http://www.w3.org/2000/01/rdf-schema#comment> "{text}"@en .']
    assert isomorphic(Graph().parse(data=written, format="nt"), kg.closure())


def test_escapes_after_backslashes_in_a_literal_come_out_as_rdflib_writes_them(tmp_path):
    """Oxigraph escapes a tab, a backspace, a form feed, the other control characters, DEL, U+FFFE
    and U+FFFF, which rdflib writes raw: only those are undone, never a backslash the literal holds
    followed by t, b, f or u00.., and the lines are sorted as rdflib's are, raw (a tab before a space)."""
    data = _data(tmp_path, KEPT)
    text = (r'tab\t, backslash t \\t, two backslashes b \\\\b, three then tab \\\\\\\t, bell \u0007, '
            r'\\u0007 and \\\u0007 \", backspace \b, form feed \f, escape \u001B, delete \u007F, \uFFFE\uFFFF')
    extra = "".join(f'kg:Numbers rdfs:comment "{value}"@en .\n' for value in (text, r"a\tb", "a b", r"a\u0001", r"a\\"))
    data.write_text(data.read_text(encoding="utf-8") + extra, encoding="utf-8")
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[data], bundled_data=False, cache=False, queries=QUERIES)
    assert kg._assembled.natively_parsed  # written by Oxigraph
    expected = "".join(line + "\n" for line in sorted(  # "\n" only: a form feed is no line break here
        line for line in kg.closure().serialize(format="nt").split("\n") if line.strip()))
    written = kg.closure_ntriples()
    assert written == expected
    assert kg.closure_ntriples(encoding="utf-8") == expected.encode("utf-8")
    comments = [line.split("rdf-schema#comment> ", 1)[1] for line in written.split("\n")
                if "rdf-schema#comment> " in line and line.endswith('"@en .')]
    assert comments == ['"a\x01"@en .', '"a\tb"@en .', '"a b"@en .', '"a\\\\"@en .',
                        '"tab\t, backslash t \\\\t, two backslashes b \\\\\\\\b, three then tab \\\\\\\\\\\\\t, '
                        'bell \x07, \\\\u0007 and \\\\\x07 \\", backspace \x08, form feed \x0c, escape \x1b, '
                        'delete \x7f, \ufffe\uffff"@en .']


@pytest.mark.parametrize("extra", ['"plain"^^xsd:string , "b"@en-GB', '"x\\ty\\u0001z\\fw"^^xsd:string , "a\\tb"@en , "a b"@en'],
                         ids=["tags-and-xsd-string", "control-characters"])
def test_the_closure_of_a_file_rdflib_parsed_keeps_its_terms_as_rdflib_writes_them(tmp_path, extra):
    """A file that rdflib parses (an explicit xsd:string, an upper-case language tag): the closure is
    rdflib's sorted N-Triples (Oxigraph would drop the xsd:string and lower-case the tag)."""
    data = _data(tmp_path, KEPT)
    data.write_text(data.read_text(encoding="utf-8") + f"kg:Numbers rdfs:comment {extra} .\n", encoding="utf-8")
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[data], bundled_data=False, cache=False, queries=QUERIES)
    assert not kg._assembled.natively_parsed
    expected = "".join(line + "\n" for line in sorted(
        line for line in kg.closure().serialize(format="nt").split("\n") if line.strip()))
    assert kg.closure_ntriples() == expected
    assert kg.closure_ntriples(encoding="utf-8") == expected.encode("utf-8")
    assert ('"plain"^^<http://www.w3.org/2001/XMLSchema#string> .\n' in expected and '"b"@en-GB .\n' in expected
            if "plain" in extra else '"x\ty\x01z\x0cw"^^<http://www.w3.org/2001/XMLSchema#string> .\n' in expected)


def test_a_form_feed_or_line_separator_in_a_literal_stays_in_its_line_when_rdflib_writes_the_closure(tmp_path):
    """An upper-case language tag leaves the file and the closure to rdflib; its N-Triples hold a form
    feed, U+0085 and U+2028 raw, each inside the one line of its triple."""
    data = _data(tmp_path, KEPT)
    data.write_text(data.read_text(encoding="utf-8") + 'kg:Numbers rdfs:comment "x\\fy\u0085z\u2028w"@en-GB .\n',
                    encoding="utf-8")
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[data], bundled_data=False, cache=False, queries=QUERIES)
    assert not kg._assembled.natively_parsed
    written = kg.closure_ntriples()
    lines = written.split("\n")[:-1]
    assert len(lines) == len(kg.closure()) and lines == sorted(lines)
    assert [line for line in lines if "x\f" in line] == [
        '<https://w3id.org/csto-kg/id/Numbers> <http://www.w3.org/2000/01/rdf-schema#comment> "x\fy\x85z\u2028w"@en-GB .']
    assert isomorphic(Graph().parse(data=written, format="nt"), kg.closure())


@pytest.mark.parametrize("extra", ["", 'kg:Numbers rdfs:comment "tab\\there"@en-GB .\n'], ids=["oxigraph", "rdflib"])
def test_the_closure_is_written_as_rdflib_writes_it(tmp_path, extra, bundled_kg):
    """closure.nt is written by Oxigraph (or rdflib where Oxigraph would write it otherwise): same bytes."""
    data = _data(tmp_path, KEPT + ILL_TYPED)
    data.write_text(data.read_text(encoding="utf-8") + extra, encoding="utf-8")
    small = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[data], bundled_data=False, cache=False, queries=QUERIES)
    for kg in (small, bundled_kg):
        text = kg.closure().serialize(format="nt")
        expected = "".join(line + "\n" for line in sorted(line for line in text.splitlines() if line.strip()))
        assert kg.closure_ntriples() == expected
    written = small.closure_ntriples()
    assert '"0042"^^<http://www.w3.org/2001/XMLSchema#integer>' in written and '"maybe"^^' in written
    assert ('"tab\there"@en-GB' in written) == bool(extra)
