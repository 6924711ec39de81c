"""The parsed-query cache: same algebra and same answers as parsing, safe against bad files."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from csto_kg.query.helpers import load_helpers
from csto_kg.namespaces import PREFIXES
from csto_kg.query.codec import decode, encode, prepare_cached
from csto_kg.query.safety import prepare

ROOT = Path(__file__).resolve().parent.parent
HELPERS = load_helpers(ROOT / "queries")


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_every_helper_round_trips(name):
    algebra = prepare(HELPERS[name].text).algebra
    assert decode(marshal.loads(marshal.dumps(encode(algebra)))) == algebra


def test_cached_query_gives_the_same_answers(bundled_kg, tmp_path):
    helper = bundled_kg.helper("treaty-parties")
    bindings = helper.bindings({"treaty": "CST", "date": "1998"}, resolve_entity=bundled_kg._resolve_for)
    parsed = prepare(helper.text)
    first = prepare_cached(helper.text, prepare=prepare, prefixes=PREFIXES, folder=tmp_path)
    assert len(list(tmp_path.glob("*.query"))) == 1
    calls = []
    cached = prepare_cached(helper.text, prepare=lambda t: calls.append(t) or prepare(t), prefixes=PREFIXES,
                            folder=tmp_path)
    assert calls == []  # read from the cache, not parsed
    answers = [[tuple(r) for r in bundled_kg.dataset.query(q, initBindings=bindings)] for q in (parsed, first, cached)]
    assert answers[0] == answers[1] == answers[2] and len(answers[0]) == 12


def test_a_damaged_file_is_ignored_and_rewritten(tmp_path):
    text = "SELECT ?s WHERE { ?s a csto:State }"
    prepare_cached(text, prepare=prepare, prefixes=PREFIXES, folder=tmp_path)
    (path,) = tmp_path.glob("*.query")
    good = path.read_bytes()
    path.write_bytes(good[:-5])
    calls = []
    query = prepare_cached(text, prepare=lambda t: calls.append(t) or prepare(t), prefixes=PREFIXES, folder=tmp_path)
    assert calls == [text] and query.algebra.name == "SelectQuery"
    assert path.read_bytes() == good


def test_a_foreign_function_reference_is_refused(tmp_path):
    text = "SELECT ?s WHERE { ?s ?p ?o FILTER(STRLEN(?o) > 1) }"
    prepare_cached(text, prepare=prepare, prefixes=PREFIXES, folder=tmp_path)
    (path,) = tmp_path.glob("*.query")
    digest, payload = path.read_bytes().split(b"\n", 1)
    tampered = payload.replace(b"rdflib.plugins.sparql.operators", b"os.system\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"[:31])
    import hashlib
    path.write_bytes(hashlib.sha256(tampered).hexdigest().encode() + b"\n" + tampered)
    calls = []
    query = prepare_cached(text, prepare=lambda t: calls.append(t) or prepare(t), prefixes=PREFIXES, folder=tmp_path)
    assert calls == [text]  # refused, parsed again
    assert query.algebra.name == "SelectQuery"


def test_the_cache_refuses_nothing_it_should_not_store(tmp_path):
    with pytest.raises(Exception, match="SERVICE"):
        prepare_cached("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", prepare=prepare, prefixes=PREFIXES,
                       folder=tmp_path)
    assert list(tmp_path.glob("*.query")) == []
