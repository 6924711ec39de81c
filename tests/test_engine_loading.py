"""Loading: named graphs, options, and exact error messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, URIRef

from csto_kg.errors import LoadError, UsageError
from csto_kg.inputs.files import discover
from csto_kg.inputs.loading import load

from conftest import DATA, ONTOLOGY

KG = "https://w3id.org/csto-kg/id/"


def _write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_one_named_graph_per_file_with_file_uri(tmp_path):
    ds = load(ontology=[ONTOLOGY], data=[DATA], bundled_data=False)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    expected = {(ONTOLOGY / "core.ttl").resolve().as_uri(), (DATA / "members.ttl").resolve().as_uri(),
                (DATA / "extra" / "ambiguous.ttl").resolve().as_uri()}
    assert names == expected  # recursive folder, shapes.ttl left out


def test_shapes_file_is_never_loaded_as_ontology():
    files = discover(ontology=[ONTOLOGY], data=[], bundled_data=False)
    assert [f.path.name for f in files] == ["core.ttl"]


def test_union_default_graph():
    ds = load(ontology=[ONTOLOGY], data=[DATA], bundled_data=False)
    assert (URIRef(KG + "CSTO"), None, None) in ds


def test_syntax_error_names_file_line_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "bad.ttl", '@prefix kg: <https://w3id.org/csto-kg/id/> .\n\n'
                                 'kg:a kg:b kg:c .\nkg:d kg:e "unterminated .\nkg:x kg:y kg:z .\n')
    with pytest.raises(LoadError) as caught:
        load(ontology=[], data=["bad.ttl"], bundled_data=False)
    error = caught.value
    assert (error.file, error.line) == ("bad.ttl", 4)
    assert str(error).startswith("bad.ttl:4:26: newline found in string literal")
    assert 'near: kg:d kg:e "unterminated .' in str(error)


def test_unbound_prefix_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "p.ttl", "@prefix kg: <https://w3id.org/csto-kg/id/> .\nkg:a kg:b nope:c .\n")
    with pytest.raises(LoadError, match=r'^p\.ttl:2:11: Prefix "nope:" not bound'):
        load(ontology=[], data=["p.ttl"], bundled_data=False)


def test_non_utf8_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "latin1.ttl", '@prefix kg: <https://w3id.org/csto-kg/id/> .\nkg:a kg:b "caf\xe9" .\n'.encode("latin-1"))
    with pytest.raises(LoadError, match=r"^latin1\.ttl:2:15: not valid UTF-8 \(byte 0xe9\)"):
        load(ontology=[], data=["latin1.ttl"], bundled_data=False)


@pytest.mark.parametrize("content", ["", "  \n", "# only a comment\n@prefix kg: <https://w3id.org/csto-kg/id/> .\n"])
def test_empty_file(tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "empty.ttl", content)
    with pytest.raises(LoadError, match=r"^empty\.ttl: file (is empty|contains no triples)"):
        load(ontology=[], data=["empty.ttl"], bundled_data=False)


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="--data .*nothing-here.ttl: no such file or folder"):
        load(ontology=[], data=[tmp_path / "nothing-here.ttl"], bundled_data=False)


def test_owl_imports_are_not_fetched(tmp_path, monkeypatch):
    """The fixture ontology imports SKOS; loading must not fetch it (no skos triples appear)."""
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    ds = load(ontology=[ONTOLOGY], data=[], bundled_data=False)
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert not any(str(s).startswith(skos) for s in ds.subjects())


def test_blank_nodes_get_the_same_labels_on_every_load(tmp_path):
    """The same input gives the same blank-node labels, so ``reason -o`` writes the same bytes;
    two files' blank nodes stay apart, and a triple written twice counts once."""
    from csto_kg import KnowledgeGraph

    for name in ("a", "b"):
        (tmp_path / f"{name}.ttl").write_text(
            "@prefix kg: <https://w3id.org/csto-kg/id/> .\n"
            f"kg:{name} kg:p [ kg:q 1 ], [ kg:q 2 ] .\nkg:{name} kg:r 3 .\nkg:{name} kg:r 3 .\n",
            encoding="utf-8")

    def closure():
        kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[tmp_path], bundled_data=False, cache=False)
        return kg.closure_ntriples(), kg._assembled.parsed

    first, parsed = closure()
    second, _ = closure()
    assert first == second
    data = [p for p in parsed if p.input_file.role == "data"]
    assert [len(p) for p in data] == [5, 5]
    labels = [{str(t) for triple in p.triples for t in triple if isinstance(t, BNode)} for p in data]
    assert all(len(found) == 2 for found in labels) and not labels[0] & labels[1]
