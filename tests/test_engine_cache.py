"""Cache: hit, miss, invalidation when an input changes, damaged file."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from csto_kg import KnowledgeGraph
from csto_kg import reasoning
from csto_kg.store.cache import cache_dir

from conftest import DATA, INCONSISTENT, ONTOLOGY, QUERIES


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = reasoning.infer_parsed

    def counting(triple_lists, **options):
        calls.append(1)
        return real(triple_lists, **options)

    monkeypatch.setattr(reasoning, "infer_parsed", counting)
    return calls


@pytest.fixture
def inputs(tmp_path):
    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def _load(root, **kw):
    return KnowledgeGraph.load(ontology=[root / "ontology"], data=[root / "data"], bundled_data=False, **kw)


def test_second_run_does_not_reason(inputs, counted):
    first = _load(inputs)
    second = _load(inputs)
    assert len(counted) == 1
    assert (first.reason().cache_status, second.reason().cache_status) == ("miss", "hit")
    assert set(first.dataset.quads()) == set(second.dataset.quads())
    assert second.reason().inferred == first.reason().inferred


def test_a_cache_of_natively_parsed_inputs_holds_their_n_quads_only(inputs, counted):
    """No term table beside the N-Quads: the warm Dataset, store and closure come from that text."""
    from csto_kg.store import cache as kg_cache

    first = _load(inputs)
    (path,) = cache_dir().glob("kg-*.bin")
    entry = kg_cache._parse(path.read_bytes(), kg_cache.cache_key(first._assembled.files))
    assert (entry.payload, entry.native, entry.quads) == (b"", True, len(first.dataset))
    second = _load(inputs)
    assert second.reason().cache_status == "hit" and len(counted) == 1
    assert second.closure_ntriples() == first.closure_ntriples()
    assert sorted(second.dataset.quads()) == sorted(first.dataset.quads())


def test_cached_blank_nodes_stay_shared(inputs, counted):
    _load(inputs)
    kg = _load(inputs)
    assert kg.sparql("ASK { csto:MemberState owl:equivalentClass ?r . ?r owl:onProperty csto:hasMembership }").answer


def test_touching_an_input_invalidates(inputs, counted):
    _load(inputs)
    members = inputs / "data" / "members.ttl"
    members.write_text(members.read_text() + "\nkg:Belarus a csto:State .\n")
    kg = _load(inputs)
    assert len(counted) == 2 and kg.reason().cache_status == "miss"
    assert kg.sparql("ASK { kg:Belarus a csto:Agent }").answer


def test_damaged_cache_is_detected_and_rebuilt(inputs, counted):
    _load(inputs)
    (path,) = list(cache_dir().glob("kg-*.bin"))
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF
    path.write_bytes(bytes(raw))
    kg = _load(inputs)
    assert kg.reason().cache_status == "damaged" and len(counted) == 2
    assert _load(inputs).reason().cache_status == "hit"


def test_truncated_cache_is_detected(inputs, counted):
    _load(inputs)
    (path,) = list(cache_dir().glob("kg-*.bin"))
    path.write_bytes(path.read_bytes()[:20])
    assert _load(inputs).reason().cache_status == "damaged"


def test_no_cache_neither_reads_nor_writes(inputs, counted):
    _load(inputs, cache=False)
    _load(inputs, cache=False)
    assert len(counted) == 2 and not list(cache_dir().glob("kg-*.bin"))


def test_cache_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("CSTO_KG_CACHE_DIR", str(tmp_path / "a"))
    assert cache_dir() == tmp_path / "a"
    monkeypatch.delenv("CSTO_KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "csto-kg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "csto-kg"


def test_atomic_write_leaves_no_temp_files(tmp_path):
    from csto_kg.atomicio import atomic_write

    target = atomic_write(tmp_path / "x.nt", b"data")
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["x.nt"]


# -- caches verified as a whole (issue 18) ------------------------------------------------------

def _flipped(raw: bytes, position: int, mask: int = 0x01) -> bytes:
    return raw[:position] + bytes([raw[position] ^ mask]) + raw[position + 1:]


def test_every_byte_of_each_cache_file_is_checked(inputs):
    """A bit flipped anywhere in the reasoning cache or a validation report (header, counts,
    findings, payload) is found: the file is damaged, never read."""
    from csto_kg.api import validate
    from csto_kg.store import cache as kg_cache
    from csto_kg.validation import REPORT_MAGIC
    from csto_kg.store.oxigraph import STATE_MAGIC  # noqa: F401 - sealed the same way

    validate(ontology=[inputs / "ontology"], data=[inputs / "data"], bundled_data=False)
    (reasoned,) = cache_dir().glob("kg-*.bin")
    (report,) = cache_dir().glob("val-*.json")
    for path, magic in ((reasoned, kg_cache.MAGIC), (report, REPORT_MAGIC)):
        raw = path.read_bytes()
        assert kg_cache.unseal(magic, raw) is not None
        for position in range(len(raw)):
            for mask in (0x01, 0x20):
                assert kg_cache.unseal(magic, _flipped(raw, position, mask)) is None, (path.name, position)
        assert kg_cache.unseal(magic, raw[:-1]) is None and kg_cache.unseal(magic, raw + b" ") is None


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
COMMANDS = {"reason": ["reason"], "sparql": ["sparql", COUNT], "check": ["check"], "validate": ["validate"]}


def _outcomes(capsys, root, commands) -> list[tuple]:
    """What a user sees: exit code, output and messages of each command (times left out)."""
    from csto_kg.cli import main

    args = ["--ontology", str(root / "ontology"), "--data", str(root / "data"), "--no-bundled-data",
            "--queries", str(QUERIES)]
    seen = []
    for name in commands:
        code = main(COMMANDS[name] + args)
        out, err = capsys.readouterr()
        seen.append((code, re.sub(r"reasoning time: .*|stage times: .*", "", out), err))
    return seen


@pytest.mark.parametrize("cache_file, findings, commands", [
    ("kg-*.bin", False, ["reason", "sparql"]),  # counts and answers
    ("kg-*.bin", True, ["check", "sparql"]),  # findings (a disjointness clash) and their exit code
    ("val-*.json", True, ["validate", "reason"]),  # the report, and the command it refuses
], ids=["reasoning-counts", "reasoning-findings", "validation-report"])
def test_answers_and_exit_codes_survive_flipped_bytes(inputs, capsys, cache_file, findings, commands):
    """Flipped bytes at many places of a cache file: every later run answers as a clean one."""
    if findings:
        shutil.copy(INCONSISTENT / "disjoint.ttl", inputs / "data" / "disjoint.ttl")
    clean = _outcomes(capsys, inputs, commands)
    assert [code for code, _out, _err in clean] == ([1, 1] if findings else [0, 0])
    (path,) = cache_dir().glob(cache_file)
    raw = path.read_bytes()
    size, header = len(raw), max(raw.find(b"\n", raw.find(b"\n") + 1), 0)
    # the format and checksum lines, the header (counts, findings) densely, then the payload
    masks = {position: 0x20 if position % 2 else 0x01
             for position in set(range(0, min(size, header + 300), 61)) | set(range(header, size, max(size // 5, 1)))}
    # and what a reader trusts most, flipped into other valid text: a severity ("error" -> "esror"), a count
    masks.update({m.start() + 2: 0x01 for m in re.finditer(rb'"(error|findings)"', raw[:4000])})
    masks.update({m.start(1): 0x01 for m in re.finditer(rb'"(?:quads|asserted|inferred|errors)": (\d)', raw[:4000])})
    for position, mask in sorted(masks.items()):
        (path,) = cache_dir().glob(cache_file)  # rebuilt after each flip
        raw = path.read_bytes()
        path.write_bytes(_flipped(raw, position % len(raw), mask))
        assert _outcomes(capsys, inputs, commands) == clean, (position, mask)


def test_a_build_from_the_cache_writes_the_same_bytes_as_a_cold_one(tmp_path):
    """The writers take the same path from the cache as when the graph was just built (the cache says
    whether Oxigraph parsed every input): closure.ttl was Oxigraph's Turtle cold, rdflib's warm."""
    from conftest import run_cli

    cold, warm = tmp_path / "cold", tmp_path / "warm"
    first = run_cli("build", "--out", str(cold), cwd=tmp_path)
    second = run_cli("build", "--out", str(warm), cwd=tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "(cached result)" not in first.stdout and "(cached result)" in second.stdout
    names = sorted(p.name for p in cold.iterdir())
    assert names == ["closure.nt", "closure.ttl", "report.md", "void.ttl"]
    assert {n: (cold / n).read_bytes() == (warm / n).read_bytes() for n in names} == {n: True for n in names}
