"""Cache: hit, miss, invalidation when an input changes, damaged file."""

from __future__ import annotations

import os
import shutil

import pytest

from csto_kg import KnowledgeGraph
from csto_kg import reasoning
from csto_kg.store.cache import cache_dir

from conftest import DATA, ONTOLOGY


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
