"""The ontology's HTML documentation in one language, generated with pyLODE from the loaded ontology graph.

pyLODE (3.3.4) is given a parsed graph, never a path or URL, so it reads and fetches
nothing; its output for the same graph is identical each time. It shows every label and
comment it finds, so a graph with labels in three languages gives headings such as
``instantinstant``; :func:`graph_in_language` therefore gives it a copy of the ontology that
speaks one language:

- of the text literals of each subject and property (``rdfs:label``, ``rdfs:comment``,
  ``skos:definition``, ``dcterms:title``, ...), those in the page's language, else the English
  ones, else the untagged ones;
- one title per term (pyLODE joins ``rdfs:label``, ``skos:prefLabel``, ``dcterms:title``...);
- only the ``owl:Ontology`` as the documented ontology: a ``skos:ConceptScheme`` of the
  ontology (``csto:StatusScheme``) would be merged into its metadata;
- the ontology's own terms first, by their label in that language, then the terms of the
  other vocabularies it declares (``dcterms:LinguisticSystem``...).

:func:`ontology_html` then gives each term a fixed anchor, the same in every language (a
csto term's local name, ``#memberOf``, as in its IRI, so that ``/ontology#memberOf`` is the
term; another vocabulary's term its CURIE, ``#org:Membership``), names the linked terms of
other vocabularies by this ontology's labels (not pyLODE's English ones), and puts
``<html lang>``, the site's header (a way back to the site, the search box, the language
switcher) and the catalogue's words (:mod:`csto_kg.i18n`) for pyLODE's own headings.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import unicodedata

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, PROF, RDF, RDFS, SDO, SKOS, Namespace

from csto_kg.i18n import DEFAULT
from csto_kg.i18n import text as t
from csto_kg.web.frame import HEADER_STYLE, header

VANN = Namespace("http://purl.org/vocab/vann/")
#: the properties pyLODE takes for a term's title, in the order one is chosen here
TITLES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, DC.title, SDO.name)
#: pyLODE's own words (headings, table of contents, legend, property names), translated by the catalogue
PYLODE_WORDS = ("Metadata", "Classes", "Properties", "Object Properties", "Datatype Properties",
                "Annotation Properties", "Functional Properties", "Namespaces", "Legend", "Table of Contents",
                "Title", "Description", "Date Created", "Date Modified", "License", "Version Iri", "Version Info",
                "Preferred Namespace Prefix", "Preferred Namespace Uri", "Source", "Note", "Sub Class Of",
                "Super Class Of", "In Domain Of", "In Range Of", "Sub Property Of", "Super Property Of", "Domain",
                "Range", "Restriction", "Equivalentclass", "Is Defined By", "Has Instance", "Example",
                "OWL/RDFS Class", "RDF Property", "OWL Object Property", "OWL Datatype Property",
                "OWL Annotation Property", "OWL Functional Property")
_TEXT_NODE = re.compile(r">(\s*)([^<>]+?)(\s*)<")
_TITLE_ATTRIBUTE = re.compile(r'(<sup class="sup-[a-z]+" title=")([^"]*)(")')
_HOVER = re.compile(r'(<a class="hover_property" href="[^"]*") title="[^"]*"')


def _is_text(term) -> bool:
    return isinstance(term, Literal) and (term.language is not None or term.datatype is None)


def _choose(literals: list[Literal], lang: str) -> list[Literal]:
    """The literals in ``lang``, else in English, else untagged, else all of them."""
    for wanted in (lang, DEFAULT, None):
        found = [lit for lit in literals if lit.language == wanted]
        if found:
            return found
    return literals


def graph_in_language(ontology: Graph, lang: str) -> tuple[Graph, dict]:
    """A copy of ``ontology`` that speaks ``lang`` (see the module's text), and each subject's title.

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY
    >>> from csto_kg.namespaces import CSTO
    >>> g = Graph().parse(FIXTURE_ONTOLOGY / "core.ttl")
    >>> copy, titles = graph_in_language(g, "fr")
    >>> sorted(str(o) for o in copy.objects(CSTO.State, RDFS.label)), str(titles[CSTO.State])
    (['État'], 'État')
    """
    ontologies = set(ontology.subjects(RDF.type, OWL.Ontology))
    by_pair: dict = {}
    kept = []
    for s, p, o in ontology:
        if p == RDF.type and o in (SKOS.ConceptScheme, PROF.Profile) and ontologies and s not in ontologies:
            continue  # pyLODE would take it for a second ontology and merge it into the metadata
        if _is_text(o):
            by_pair.setdefault((s, p), []).append(o)
        else:
            kept.append((s, p, o))
    titles: dict = {}
    for subject in {s for s, _ in by_pair}:
        for prop in TITLES:
            if (subject, prop) in by_pair:
                titles[subject] = min(_choose(by_pair[(subject, prop)], lang), key=str)
                break
    for (s, p), literals in by_pair.items():
        if p in TITLES:
            if s in titles and titles[s] in literals:
                kept.append((s, p, titles[s]))
        else:
            kept.extend((s, p, lit) for lit in _choose(literals, lang))
    namespace = _own_namespace(ontology)
    for ontology_iri in ontologies:
        if ontology_iri not in titles:  # pyLODE needs a title
            titles[ontology_iri] = Literal(str(ontology_iri))
            kept.append((ontology_iri, DCTERMS.title, titles[ontology_iri]))
        if namespace:
            kept.append((ontology_iri, VANN.preferredNamespaceUri, Literal(namespace[1])))
            kept.append((ontology_iri, VANN.preferredNamespacePrefix, Literal(namespace[0])))

    def order(triple):
        s = triple[0]
        if isinstance(s, BNode):
            return (3, "", str(s), str(triple[1]), str(triple[2]))
        group = 0 if s in ontologies else 1 if namespace and str(s).startswith(namespace[1]) else 2
        return (group, _sort_key(str(titles.get(s, s))), str(s), str(triple[1]), str(triple[2]))

    graph = Graph()  # pyLODE lists a section's terms in the order their triples were added
    for prefix, ns in ontology.namespace_manager.namespaces():
        graph.bind(prefix, ns, override=True)
    for triple in sorted(kept, key=order):
        graph.add(triple)
    return graph, titles


def _sort_key(title: str) -> str:
    """A title as it is sorted: accents and case ignored (``État`` among the e's).

    >>> sorted(["zone", "État", "accord"], key=_sort_key)
    ['accord', 'État', 'zone']
    """
    return "".join(c for c in unicodedata.normalize("NFKD", title.casefold()) if not unicodedata.combining(c))


def _own_namespace(ontology: Graph) -> tuple[str, str] | None:
    """The prefix and namespace of the ontology's terms: the bound namespace that extends its IRI."""
    for ontology_iri in ontology.subjects(RDF.type, OWL.Ontology):
        for prefix, ns in sorted(ontology.namespace_manager.namespaces()):
            if str(ns) != str(ontology_iri) and str(ns).startswith(str(ontology_iri)):
                return prefix, str(ns)
    return None


def anchor(ontology: Graph, term: URIRef) -> str:
    """The id of ``term``'s entry in the documentation: a csto term's local name, another's CURIE.

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY
    >>> from csto_kg.namespaces import CSTO
    >>> g = Graph().parse(FIXTURE_ONTOLOGY / "core.ttl")
    >>> anchor(g, CSTO.memberOf), anchor(g, URIRef("http://www.w3.org/ns/org#Membership"))
    ('memberOf', 'org:Membership')
    """
    namespace = _own_namespace(ontology)
    if namespace and str(term).startswith(namespace[1]):
        return str(term)[len(namespace[1]):]
    return ontology.namespace_manager.normalizeUri(term).strip("<>")


def ontology_html(ontology: Graph, lang: str = DEFAULT) -> str:
    """HTML documentation of an ontology graph in ``lang`` (pyLODE's OntPub profile, with the site's header).

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY
    >>> g = Graph().parse(FIXTURE_ONTOLOGY / "core.ttl")
    >>> page = ontology_html(g, "fr")
    >>> page.startswith('<!DOCTYPE html>\\n<html lang="fr">'), 'id="hasMembership"' in page, '<header class="site">' in page
    (True, True, True)
    """
    from pylode import OntPub

    graph, titles = graph_in_language(ontology, lang)
    previous = logging.root.level
    try:
        doc = OntPub(graph, sort_subjects=False)
        # fixed anchors, and the linked terms named by this ontology's labels in this language
        doc.fids.update({str(s): anchor(graph, s) for s in titles if isinstance(s, URIRef)})
        for subject, title in titles.items():
            doc.back_onts.set((subject, DCTERMS.title, title))
        page = doc.make_html()
    finally:
        logging.root.setLevel(previous)
    return _frame(page, lang)


def _frame(page: str, lang: str) -> str:
    """pyLODE's page with ``<html lang>``, its words in ``lang``, and the site's header and style.

    Of pyLODE's text, only whole text nodes (and its legend's ``title`` attributes) that are one of
    :data:`PYLODE_WORDS` are translated; the hover texts of its property names, English
    descriptions, are left out of pages in other languages. The OWL keywords of its restrictions
    (``min``, ``some``) are notation, as in Manchester syntax, and stay as they are.
    """
    if lang != DEFAULT:
        words = {word: html_lib.escape(t(word, lang)) for word in PYLODE_WORDS}
        page = _TEXT_NODE.sub(lambda m: f">{m[1]}{words.get(m[2], m[2])}{m[3]}<", page)
        page = _TITLE_ATTRIBUTE.sub(lambda m: m[1] + words.get(m[2], m[2]) + m[3], page)
        page = _HOVER.sub(r"\1", page)
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    page = page.replace("<head>", '<head>\n    <meta name="viewport" content="width=device-width, initial-scale=1">'
                        f"\n    <style>{HEADER_STYLE}</style>", 1)
    return page.replace("<body>", "<body>\n" + header(lang, here="/ontology"), 1)
