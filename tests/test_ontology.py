"""The ontology (ontology/csto.ttl) and its use by the data (data/*.ttl)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from conftest import answer_set
from csto_kg.inputs.sourcetext import plain_text

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "csto.ttl"
DATA_FILES = sorted((ROOT / "data").glob("*.ttl"))
WIKIDATA_IDS = Path(__file__).resolve().parent / "data" / "wikidata-ids.tsv"

CSTO = Namespace("https://w3id.org/csto-kg/ontology#")
KG = Namespace("https://w3id.org/csto-kg/id/")
WD = "http://www.wikidata.org/entity/"
BUILT_IN = (str(RDF), str(RDFS), str(OWL))
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def data_graphs() -> dict[str, Graph]:
    return {path.name: Graph().parse(path, format="turtle") for path in DATA_FILES}


def _declared(ontology: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef)}


# (a) -------------------------------------------------------------------------------

def test_data_files_exist():
    assert DATA_FILES, "no data/*.ttl"


def test_every_term_used_by_the_data_is_declared(ontology, data_graphs):
    properties = set().union(*(_declared(ontology, k) for k in
                               (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)))
    classes = _declared(ontology, OWL.Class)
    undeclared = []
    for name, graph in data_graphs.items():
        for predicate in sorted(set(graph.predicates())):
            if not str(predicate).startswith(BUILT_IN) and predicate not in properties:
                undeclared.append(f"{name}: predicate {graph.namespace_manager.normalizeUri(predicate)}")
        for cls in sorted({o for o in graph.objects(None, RDF.type)}):
            if isinstance(cls, URIRef) and not str(cls).startswith(BUILT_IN) and cls not in classes:
                undeclared.append(f"{name}: class {graph.namespace_manager.normalizeUri(cls)}")
    assert undeclared == [], "terms used in data/ but not declared in ontology/csto.ttl:\n" + "\n".join(undeclared)


# (b) -------------------------------------------------------------------------------

def test_declared_terms_have_one_label_in_french_english_and_russian(ontology):
    """Every declared class and property (csto: and the other vocabularies' terms the data uses) has
    exactly one ``rdfs:label`` in each language the site speaks, so a page in Russian names them in Russian."""
    problems = []
    for kind in DECLARATION_TYPES:
        for term in sorted(_declared(ontology, kind)):
            languages = [l.language for l in ontology.objects(term, RDFS.label) if isinstance(l, Literal)]
            for lang in ("fr", "en", "ru"):
                if languages.count(lang) != 1:
                    problems.append(f"{ontology.namespace_manager.normalizeUri(term)}: "
                                    f"{languages.count(lang)} rdfs:label@{lang}")
    assert problems == [], "\n".join(problems)
    assert len(_declared(ontology, OWL.Class) | _declared(ontology, OWL.ObjectProperty)) > 150


def test_russian_labels_are_cyrillic(ontology):
    """A Russian label is written in Cyrillic (not an English or French label copied), bar acronyms in brackets."""
    latin = []
    for term, label in ontology.subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language == "ru":
            words = re.sub(r"\((?:ORG|PROV|FOAF|SKOS|XSD|RDF|schema\.org)\)|XSD|RDF", "", str(label))
            if re.search(r"[A-Za-z]", words) or not re.search(r"[а-яё]", words):
                latin.append(f"{ontology.namespace_manager.normalizeUri(term)}: {label}")
    assert latin == []
    assert {str(l) for l in ontology.objects(CSTO.Treaty, RDFS.label) if l.language == "ru"} == {"договор"}
    assert {str(l) for l in ontology.objects(CSTO.hasMember, RDFS.label) if l.language == "ru"} == {
        "имеет члена (в какой-либо период)"}


def test_csto_terms_have_english_comments(ontology):
    missing = [ontology.namespace_manager.normalizeUri(term)
               for kind in DECLARATION_TYPES for term in sorted(_declared(ontology, kind))
               if str(term).startswith(str(CSTO))
               and not any(getattr(c, "language", None) == "en" for c in ontology.objects(term, RDFS.comment))]
    assert missing == [], "csto: terms without an English rdfs:comment: " + ", ".join(missing)


# (c) -------------------------------------------------------------------------------

def test_no_reasoning_error_findings(bundled_kg):
    errors = [f.render() for f in bundled_kg.reason().findings if f.severity == "error"]
    assert errors == []
    assert bundled_kg.reason().consistent


def test_nothing_is_typed_owl_nothing(bundled_kg):
    assert answer_set(bundled_kg, "SELECT ?x WHERE { ?x a owl:Nothing }") == set()


def test_no_same_as_between_distinct_resources(bundled_kg):
    assert answer_set(bundled_kg, "SELECT ?a ?b WHERE { ?a owl:sameAs ?b FILTER(?a != ?b) }") == set()


def test_no_equivalence_between_distinct_named_classes(bundled_kg):
    rows = answer_set(bundled_kg, """SELECT ?a ?b WHERE { ?a owl:equivalentClass ?b
        FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b) }""")
    assert rows == set()


# (d) -------------------------------------------------------------------------------

def test_every_quote_is_verbatim_in_its_document(bundled_kg):
    rows = answer_set(bundled_kg, """SELECT ?p ?quote ?file WHERE {
        ?p a csto:Passage ; csto:quote ?quote ; dcterms:isPartOf ?doc . ?doc dcterms:source ?file }""")
    assert len({p for p, _, _ in rows}) >= 76
    texts: dict[str, str] = {}
    not_found = []
    for passage, quote, file in sorted(rows):
        assert file.startswith("data/sources/"), f"{passage}: document source {file!r} is not a shipped file"
        if file not in texts:
            texts[file] = plain_text((ROOT / file).read_text(encoding="utf-8"))
        if quote not in texts[file]:
            not_found.append(f"{passage}: {quote!r}")
    assert not_found == [], "quotes not found verbatim:\n" + "\n".join(not_found)


def test_every_passage_has_a_quote_and_a_document(bundled_kg):
    rows = answer_set(bundled_kg, """SELECT ?p WHERE { ?p a csto:Passage
        FILTER NOT EXISTS { ?p csto:quote ?q ; dcterms:isPartOf/dcterms:source ?f } }""")
    assert rows == set()


# (e) -------------------------------------------------------------------------------

def test_ontology_header(ontology):
    headers = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert headers == [URIRef("https://w3id.org/csto-kg/ontology")]
    (header,) = headers
    assert isinstance(ontology.value(header, OWL.versionIRI), URIRef)
    for prop in (DCTERMS.title, DCTERMS.description):
        languages = {l.language for l in ontology.objects(header, prop)}
        assert {"fr", "en"} <= languages, f"{prop} needs fr and en, has {languages}"
    assert isinstance(ontology.value(header, DCTERMS.license), URIRef)
    created = ontology.value(header, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype is not None


# (f) -------------------------------------------------------------------------------

def _allowed_items() -> set[str]:
    with WIKIDATA_IDS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert rows and set(rows[0]) == {"id", "label_en", "kind"}
    return {WD + r["id"] for r in rows if r["kind"] == "item"}


def test_exact_match_only_to_listed_wikidata_items(ontology, data_graphs):
    allowed = _allowed_items()
    assert len(allowed) == 34
    wrong = []
    for name, graph in [("ontology/csto.ttl", ontology), *data_graphs.items()]:
        for s, o in graph.subject_objects(SKOS.exactMatch):
            if str(o) not in allowed:
                wrong.append(f"{name}: {s} skos:exactMatch {o}")
    assert wrong == [], "\n".join(wrong)


# (g) -------------------------------------------------------------------------------

def test_treaty_and_organization_are_distinct(bundled_kg):
    assert answer_set(bundled_kg, """SELECT ?x WHERE { VALUES ?x { kg:CST kg:CSTO }
        ?x a csto:Instrument , csto:Organization }""") == set()
    assert bundled_kg.sparql("ASK { kg:CST a csto:Treaty . kg:CSTO a csto:Organization }").answer
    assert not bundled_kg.sparql("ASK { kg:CST owl:sameAs|^owl:sameAs kg:CSTO }").answer
    assert not bundled_kg.sparql("ASK { kg:CSTO a csto:Instrument }").answer
    assert not bundled_kg.sparql("ASK { kg:CST a org:Organization }").answer


UZBEKISTAN_PATH = """
SELECT ?kind ?role ?start ?end WHERE {
  { ?c csto:statusHolder kg:Uzbekistan ; csto:statusIn kg:CST ; csto:statusRole ?r ; csto:statusDuring ?i .
    BIND("treaty" AS ?kind) }
  UNION
  { ?c csto:statusHolder kg:Uzbekistan ; csto:statusIn kg:CSTO ; csto:statusRole ?r ; csto:statusDuring ?i .
    BIND("organization" AS ?kind) }
  ?r rdfs:label ?role FILTER(LANG(?role) = "en")
  ?i time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?start .
  OPTIONAL { ?i time:hasEnd/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?end }
  BIND(STR(?start) AS ?s)
  BIND(IF(STRLEN(?s) = 4, CONCAT(?s, "-01-01"), IF(STRLEN(?s) = 7, CONCAT(?s, "-01"), ?s)) AS ?from)
}
ORDER BY ?from ?kind ?end ?role
"""


def test_uzbekistan_path_through_treaty_and_organization(bundled_kg):
    result = bundled_kg.sparql(UZBEKISTAN_PATH)
    rows = [tuple("" if row[c] is None else str(row[c]) for c in result.columns) for row in result.rows]
    assert rows == [
        ("treaty", "founding member", "1992", "1998"),             # country table
        ("treaty", "founding member", "1992-05-15", "1999"),       # history, list, cross-check
        ("treaty", "self-suspended member", "1998", "2006"),       # country table
        ("organization", "member", "2006", "2012"),                # table, list, history
        ("treaty", "member", "2006-06-23", "2012-12-19"),          # cross-check
        ("organization", "former member", "2012", ""),             # list of former signatories
        ("organization", "self-suspended member", "2012", ""),     # country table
        ("treaty", "member suspended by decision", "2012-12-19", ""),  # cross-check
    ]
    # Only the statuses in force are ORG memberships.
    assert answer_set(bundled_kg, """SELECT ?c WHERE { ?c a org:Membership ; org:member kg:Uzbekistan ;
        org:role ?r . FILTER NOT EXISTS { ?r skos:broader* csto:FullMember } }""") == set()


@pytest.mark.parametrize("state, treaty, organization", [
    ("Armenia", 1, 1), ("Belarus", 2, 1), ("Kazakhstan", 1, 1), ("Kyrgyzstan", 1, 1), ("Russia", 1, 1),
    ("Tajikistan", 1, 1), ("Azerbaijan", 2, 0), ("Georgia", 1, 0), ("Uzbekistan", 3, 1),
    ("Moldova", 0, 0), ("Ukraine", 0, 0), ("Turkmenistan", 0, 0),
])
def test_each_state_path_is_answerable(bundled_kg, state, treaty, organization):
    """Number of treaty-participation and CSTO-membership claims (in force) per state of the table;
    Uzbekistan's suspensions and its former membership are statuses, not memberships."""
    rows = answer_set(bundled_kg, f"""SELECT ?c ?kind WHERE {{
        {{ ?c csto:party kg:{state} ; csto:partyTo kg:CST . BIND("treaty" AS ?kind) }} UNION
        {{ ?c org:member kg:{state} ; org:organization kg:CSTO . BIND("organization" AS ?kind) }} }}""")
    kinds = [k for _, k in rows]
    assert (kinds.count("treaty"), kinds.count("organization")) == (treaty, organization)
