"""Linked-data views of resources: their description as RDF, their HTML page, the index by class.

A resource's description is every triple with it as subject (asserted and
inferred), plus the triples of the blank nodes it leads to. Its HTML page
shows its labels in every language, its types, every fact as a link
(inferred facts marked "inferred"), the facts pointing at it, and its
sources: the passages it is ``prov:wasDerivedFrom`` with their quoted text
(``csto:quote``), locator and document, and the passages that mention it.
IRIs under the served base link to the server's own paths.
"""

from __future__ import annotations

from html import escape

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from csto_kg.namespaces import BASE, CSTO, INFERRED_GRAPH, KG, LABEL_PROPERTIES, curie
from csto_kg.query.render import Labeler

DOC_FORMATS = {  # suffix -> media type of a resource document
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
STYLE = """body{font-family:system-ui,sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222}
a{color:#0645ad}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em;
vertical-align:top;text-align:left}.inferred{color:#777;font-size:.8em;border:1px solid #aaa;border-radius:3px;
padding:0 .3em;margin-left:.4em}blockquote{border-left:3px solid #ccc;margin:.3em 0;padding:.2em .8em;
background:#f8f8f8}.iri{font-family:monospace;font-size:.85em;color:#555}nav a{margin-right:1em}
.lang{color:#777;font-size:.8em}a.inferred{text-decoration:none}a.inferred:hover{border-color:#0645ad;color:#0645ad}
ul.proof{list-style:none;padding-left:1.2em;border-left:1px solid #ddd;margin:.2em 0}ul.proof.root{border:0;padding:0}
.how{color:#555;font-size:.9em;margin:.1em 0 .3em}.how code{background:#f0f0f0;padding:0 .3em;border-radius:3px}"""


def page(title: str, body: str) -> str:
    """A complete HTML document with the site navigation."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            '<nav><a href="/">Index</a><a href="/sparql">SPARQL query</a><a href="/ontology">Ontology</a>'
            '<a href="/.well-known/void">Dataset (VoID)</a></nav>'
            f"{body}</body></html>\n")


def is_known(dataset: Dataset, iri: URIRef) -> bool:
    """Whether ``iri`` is the subject or object of a triple of the dataset.

    >>> from csto_kg.api import _fixture_kg
    >>> ds = _fixture_kg().dataset
    >>> is_known(ds, KG.Armenia), is_known(ds, KG.Atlantis)
    (True, False)
    """
    return (any(True for _ in dataset.triples((iri, None, None)))
            or any(True for _ in dataset.triples((None, None, iri))))


def explain_href(triple) -> str:
    """The local path of a triple's explanation: ``/explain?s=&p=&o=`` (IRIs as themselves, a literal
    in N-Triples syntax, a blank node as ``_:label``).

    >>> explain_href((KG.Serbia, CSTO.memberOf, KG.CSTO))
    '/explain?s=https%3A%2F%2Fw3id.org%2Fcsto-kg%2Fid%2FSerbia&p=https%3A%2F%2Fw3id.org%2Fcsto-kg%2Fontology%23memberOf&o=https%3A%2F%2Fw3id.org%2Fcsto-kg%2Fid%2FCSTO'
    """
    from urllib.parse import urlencode

    from csto_kg.query.explain import term_text

    return "/explain?" + urlencode({name: term_text(term) for name, term in zip("spo", triple)})


def describe(dataset: Dataset, iri: URIRef) -> Graph:
    """The triples about ``iri`` (asserted + inferred), following blank nodes.

    >>> from csto_kg.api import _fixture_kg
    >>> (KG.Armenia, RDF.type, CSTO.State) in describe(_fixture_kg().dataset, KG.Armenia)
    True
    """
    graph = Graph()
    todo, seen = [iri], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in dataset.triples((node, None, None)):
            graph.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return graph


class PageMaker:
    """HTML pages of one dataset, linking IRIs under ``base`` to local paths."""

    def __init__(self, dataset: Dataset, *, base: str = BASE, lang: str = "en"):
        self.dataset = dataset
        self.base = base
        self.label = Labeler(dataset, lang=lang)
        self._inferred = dataset.graph(INFERRED_GRAPH)

    def href(self, iri: URIRef) -> str:
        """Where a link to ``iri`` goes: a local path under the base, else the IRI."""
        text = str(iri)
        if text.startswith(self.base):
            return "/" + text[len(self.base):]
        return text

    def link(self, term) -> str:
        if isinstance(term, URIRef):
            name = self.label(term)
            return f'<a href="{escape(self.href(term), quote=True)}" title="{escape(str(term))}">{escape(name)}</a>'
        if isinstance(term, BNode):
            return self._bnode(term)
        return self._literal(term)

    def _literal(self, literal: Literal) -> str:
        text = escape(str(literal))
        if literal.language:
            return f'{text} <span class="lang">@{escape(literal.language)}</span>'
        if literal.datatype is not None:
            return f'{text} <span class="lang">{escape(curie(str(literal.datatype)) or str(literal.datatype))}</span>'
        return text

    def _bnode(self, node: BNode, depth: int = 0) -> str:
        if depth > 3:
            return "[…]"
        items = []
        for p, o in sorted(self.dataset.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            value = self._bnode(o, depth + 1) if isinstance(o, BNode) else self.link(o)
            items.append(f"{self.link(p)}: {value}")
        return "[" + "; ".join(items) + "]"

    def is_inferred(self, triple: tuple) -> bool:
        """True when the triple is only in the inferred graph."""
        if triple not in self._inferred:
            return False
        return not any(g.identifier != INFERRED_GRAPH for g in self.dataset.store.contexts(triple))

    def resource(self, iri: URIRef, *, pictures: str = "") -> str:
        """The HTML page of a resource (``pictures``: HTML put after its types, see :mod:`csto_kg.web.page_pictures`)."""
        ds = self.dataset
        title = self.label(iri)
        parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(str(iri))}</p>']
        labels = sorted({(p, o) for p in LABEL_PROPERTIES for o in ds.objects(iri, p) if isinstance(o, Literal)},
                        key=lambda po: (str(po[0]), po[1].language or "", str(po[1])))
        if labels:
            parts.append("<h2>Labels</h2><ul>")
            parts += [f"<li>{self._literal(o)} <span class='lang'>({escape(curie(str(p)) or str(p))})</span></li>"
                      for p, o in labels]
            parts.append("</ul>")
        types = sorted(set(ds.objects(iri, RDF.type)), key=lambda t: self.label(t).lower())
        if types:
            parts.append("<h2>Types</h2><ul>")
            parts += [f"<li>{self.link(t)}{self._mark((iri, RDF.type, t))}</li>" for t in types]
            parts.append("</ul>")
        parts.append(pictures)
        facts = sorted({(p, o) for p, o in ds.predicate_objects(iri) if p != RDF.type
                        and not (p in LABEL_PROPERTIES and isinstance(o, Literal))},
                       key=lambda po: (self.label(po[0]).lower(), str(po[1])))
        if facts:
            parts.append("<h2>Facts</h2><table><tr><th>property</th><th>value</th></tr>")
            parts += [f"<tr><td>{self.link(p)}</td><td>{self.link(o)}{self._mark((iri, p, o))}</td></tr>"
                      for p, o in facts]
            parts.append("</table>")
        incoming = sorted({(s, p) for s, p in ds.subject_predicates(iri) if isinstance(s, URIRef)},
                          key=lambda sp: (self.label(sp[1]).lower(), self.label(sp[0]).lower()))
        if incoming:
            parts.append("<h2>Referenced by</h2><table><tr><th>resource</th><th>property</th></tr>")
            parts += [f"<tr><td>{self.link(s)}</td><td>{self.link(p)}{self._mark((s, p, iri))}</td></tr>"
                      for s, p in incoming[:500]]
            parts.append("</table>")
        parts.append(self._sources(iri))
        alternates = " ".join(f'<a href="{escape(self.doc_path(iri, suffix))}">{suffix}</a>'
                              for suffix in DOC_FORMATS if suffix != "html")
        parts.append(f"<p>This description as: {alternates}</p>")
        return page(title, "".join(parts))

    def doc_path(self, iri: URIRef, suffix: str) -> str:
        """The local path of the document of ``iri`` in a format (by suffix)."""
        return "/doc" + self.href(iri) + "." + suffix

    def _mark(self, triple: tuple) -> str:
        """The "inferred" mark of an inferred fact: a link to its explanation (``/explain``)."""
        if not self.is_inferred(triple):
            return ""
        return (f'<a class="inferred" href="{escape(explain_href(triple), quote=True)}" '
                'title="inferred by OWL RL reasoning: why?">inferred</a>')

    def _sources(self, iri: URIRef) -> str:
        ds = self.dataset
        derived = sorted(set(ds.objects(iri, PROV.wasDerivedFrom)), key=str)
        mentioned = sorted(set(ds.subjects(CSTO.mentions, iri)) - set(derived), key=str)
        if not derived and not mentioned:
            return ""
        parts = []
        for heading, passages in (("Sources", derived), ("Mentioned in", mentioned)):
            if not passages:
                continue
            parts.append(f"<h2>{heading}</h2><ul class='sources'>")
            for passage in passages:
                item = [self.link(passage)]
                for locator in ds.objects(passage, CSTO.locator):
                    item.append(f" <span class='lang'>({escape(str(locator))})</span>")
                for document in ds.objects(passage, DCTERMS.isPartOf):
                    item.append(f" in {self.link(document)}")
                for quote in sorted(ds.objects(passage, CSTO.quote), key=str):
                    lang = f' lang="{escape(quote.language)}"' if isinstance(quote, Literal) and quote.language else ""
                    item.append(f"<blockquote{lang}>{escape(str(quote))}</blockquote>")
                parts.append(f"<li>{''.join(item)}</li>")
            parts.append("</ul>")
        return "".join(parts)

    def index(self) -> str:
        """The index page: every class with instances under the data namespace, with its instances."""
        by_class: dict[URIRef, set] = {}
        for s, o in self.dataset.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and str(s).startswith(str(KG)):
                by_class.setdefault(o, set()).add(s)
        classes = sorted(by_class, key=lambda c: self.label(c).lower())
        parts = ["<h1>csto-kg: the Collective Security Treaty Organization knowledge graph</h1>",
                 "<p>Resources by class (asserted and inferred types). Query everything at "
                 '<a href="/sparql">/sparql</a>; the ontology is documented at <a href="/ontology">/ontology</a>.</p>',
                 "<h2>Classes</h2><ul>"]
        parts += [f'<li><a href="#c{i}">{escape(self.label(c))}</a> ({len(by_class[c])})</li>'
                  for i, c in enumerate(classes)]
        parts.append("</ul>")
        for i, cls in enumerate(classes):
            parts.append(f'<h2 id="c{i}">{self.link(cls)}</h2><ul>')
            members = sorted(by_class[cls], key=lambda s: self.label(s).lower())
            parts += [f"<li>{self.link(s)}</li>" for s in members]
            parts.append("</ul>")
        return page("csto-kg", "".join(parts))
