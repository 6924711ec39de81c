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

import json
import re
from html import escape

from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDFS, SKOS, TIME, XSD

from csto_kg.i18n import text
from csto_kg.namespaces import BASE, CSTO, INFERRED_GRAPH, KG, LABEL_PROPERTIES, curie
from csto_kg.query.render import Labeler
from csto_kg.web.frame import page, with_lang

SCHEMA = Namespace("https://schema.org/")

DOC_FORMATS = {  # suffix -> media type of a resource document
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}


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


#: the themes of an entity page's facts, in page order: a property belongs to the first theme
#: that names it or one of its super-properties (from the ontology) or, for ``dates``, whose
#: values are dates; the rest are "Other facts"
THEMES = (
    ("Dates", (CSTO.onDate, TIME.hasTime), (XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTime)),
    ("Members and structure", (ORG.member, ORG.organization, ORG.role, ORG.hasUnit, ORG.unitOf, ORG.holds,
                               ORG.heldBy, ORG.memberDuring, CSTO.hasMember, CSTO.memberOf, CSTO.hasMembership,
                               CSTO.statusHolder, CSTO.statusIn, CSTO.statusRole, CSTO.affiliatedWith,
                               CSTO.hasParticipation, CSTO.isPartyTo), ()),
    ("Places and languages", (SCHEMA.location, CSTO.place, DCTERMS.language), ()),
    ("Description", (RDFS.comment, SKOS.note, SKOS.definition, DCTERMS.description), ()),
    ("Identifiers and links", (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, SKOS.notation, RDFS.seeAlso), ()),
    ("Sources", (PROV.wasDerivedFrom, CSTO.mentions, DCTERMS.references, DCTERMS.source), ()),
)
OTHER_THEME = "Other facts"
DATE_TYPES = THEMES[0][2]
#: footnote marks left in quotes by the text extraction (``accomplir^{4,5}``), hidden on pages only
FOOTNOTE_MARK = re.compile(r"\^\{[^{}]*\}|\^\d+(?:,\d+)*")
WIKIDATA = "http://www.wikidata.org/entity/"
SCHEMA_TYPES = {CSTO.State: "Country", ORG.Organization: "Organization", CSTO.Person: "Person",
                CSTO.Instrument: "Legislation", CSTO.Event: "Event", CSTO.Place: "Place"}
RDF_LINK_TYPES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
                  "rdf": "application/rdf+xml"}


def display_quote(text: str) -> str:
    """A quote as shown on a page: footnote marks such as ``^{4,5}`` removed (the data keeps them).

    >>> display_quote("L'OTSC a diverses missions à accomplir^{4,5} : - Garantir")
    "L'OTSC a diverses missions à accomplir : - Garantir"
    """
    return re.sub(r"\s+([:;,.])", r" \1", FOOTNOTE_MARK.sub("", text)).replace("  ", " ")


def super_properties(dataset: Dataset) -> dict[URIRef, set[URIRef]]:
    """Each property's strict super-properties, read from ``rdfs:subPropertyOf`` and ``owl:equivalentProperty``
    (transitively; an equivalent property counts as a super-property both ways).

    >>> from csto_kg.api import _fixture_kg
    >>> supers = super_properties(_fixture_kg().dataset)
    >>> all(p != q for p, qs in supers.items() for q in qs)
    True
    """
    direct: dict[URIRef, set[URIRef]] = {}
    for p, q in dataset.subject_objects(RDFS.subPropertyOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef) and p != q:
            direct.setdefault(p, set()).add(q)
    for p, q in dataset.subject_objects(OWL.equivalentProperty):
        if isinstance(p, URIRef) and isinstance(q, URIRef) and p != q:
            direct.setdefault(p, set()).add(q)
            direct.setdefault(q, set()).add(p)
    closed = {}
    for start in direct:
        seen, todo = set(), list(direct[start])
        while todo:
            node = todo.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            todo.extend(direct.get(node, ()))
        closed[start] = seen
    return closed


def fold_facts(facts: set[tuple], supers: dict[URIRef, set[URIRef]]) -> dict[URIRef, list]:
    """Property -> values, each value under its most specific property only.

    A fact ``(q, o)`` is left out when the resource also has ``(p, o)`` with ``q`` a super-property
    (or equivalent) of ``p``: the inferred ORG, PROV or W3C property that restates a csto property
    is folded into it. Of two equivalent properties the csto one (else the first by IRI) is kept.

    >>> from rdflib import URIRef as U
    >>> p, q, o = U("https://w3id.org/csto-kg/ontology#headquarters"), U("https://schema.org/location"), U("x:M")
    >>> fold_facts({(p, o), (q, o), (q, U("x:N"))}, {p: {q}})
    {rdflib.term.URIRef('https://schema.org/location'): [rdflib.term.URIRef('x:N')], rdflib.term.URIRef('https://w3id.org/csto-kg/ontology#headquarters'): [rdflib.term.URIRef('x:M')]}
    """
    by_value: dict = {}
    for p, o in facts:
        by_value.setdefault(o, set()).add(p)
    kept: dict[URIRef, list] = {}
    for o, props in by_value.items():
        for q in props:
            restated = [p for p in props if p != q and q in supers.get(p, ())]
            equivalent = [p for p in restated if p in supers.get(q, ())]  # both ways: equivalent
            if any(p not in equivalent for p in restated):
                continue
            if equivalent and min(equivalent + [q], key=lambda x: (not str(x).startswith(str(CSTO)), str(x))) != q:
                continue
            kept.setdefault(q, []).append(o)
    return dict(sorted(kept.items(), key=lambda item: str(item[0])))


def _local(iri: URIRef) -> str:
    return re.split(r"[/#]", str(iri))[-1].lower()


class PageMaker:
    """HTML pages of one dataset in one language, linking IRIs under ``base`` to local paths.

    >>> from csto_kg.api import _fixture_kg
    >>> html = PageMaker(_fixture_kg().dataset, lang="fr").resource(KG.Armenia)
    >>> '<html lang="fr">' in html and 'class="card"' in html and 'application/ld+json' in html
    True
    """

    def __init__(self, dataset: Dataset, *, base: str = BASE, lang: str = "en"):
        self.dataset = dataset
        self.base = base
        self.lang = lang
        self.label = Labeler(dataset, lang=lang)
        self._inferred = dataset.graph(INFERRED_GRAPH)
        self._supers: dict | None = None

    def t(self, message: str, **fields) -> str:
        """An interface message in this page's language."""
        return text(message, self.lang, **fields)

    def href(self, iri: URIRef) -> str:
        """Where a link to ``iri`` goes: a local path under the base (in this language), else the IRI."""
        iri_text = str(iri)
        if iri_text.startswith(self.base):
            return with_lang("/" + iri_text[len(self.base):], self.lang)
        return iri_text

    def path(self, iri: URIRef) -> str:
        """The local path of ``iri`` (no language), else the IRI."""
        iri_text = str(iri)
        return "/" + iri_text[len(self.base):] if iri_text.startswith(self.base) else iri_text

    def link(self, term) -> str:
        if isinstance(term, URIRef):
            name = self.label(term)
            return f'<a href="{escape(self.href(term), quote=True)}" title="{escape(str(term))}">{escape(name)}</a>'
        if isinstance(term, BNode):
            return self._bnode(term)
        return self._literal(term)

    def _literal(self, literal: Literal) -> str:
        value = escape(str(literal))
        if literal.language:
            return f'<span lang="{escape(literal.language)}">{value}</span> <span class="lang">@{escape(literal.language)}</span>'
        if literal.datatype is not None:
            return f'{value} <span class="lang">{escape(curie(str(literal.datatype)) or str(literal.datatype))}</span>'
        return value

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

    def page(self, title: str, body: str, *, here: str, head: str = "", params: dict | None = None,
             query: str = "") -> str:
        return page(title, body, lang=self.lang, here=here, head=head, params=params, query=query)

    # -- an entity's page --------------------------------------------------------

    def classes(self, iri: URIRef) -> list[URIRef]:
        """The most specific classes of ``iri`` in the csto vocabulary (others when it has none)."""
        ds = self.dataset
        types = {t for t in ds.objects(iri, RDF.type) if isinstance(t, URIRef)}
        own = {t for t in types if str(t).startswith(str(CSTO))} or types
        specific = [c for c in own
                    if not any(d != c and (d, RDFS.subClassOf, c) in ds for d in own)]
        return sorted(specific, key=lambda c: self.label(c).lower())

    def resource(self, iri: URIRef, *, pictures: str = "", members: list | None = None,
                 memberships: list | None = None, here: str | None = None) -> str:
        """The HTML page of a resource: summary card, facts by theme, references, sources.

        ``pictures``: HTML put after the facts (see :mod:`csto_kg.web.page_pictures`);
        ``members`` / ``memberships``: rows ``(entity, role)`` in force today, for the card;
        ``here``: the path the page is served at (for the language switcher), by default the entity's.
        """
        ds = self.dataset
        title = self.label(iri)
        here = here or self.path(iri)
        facts = {(p, o) for p, o in ds.predicate_objects(iri) if p != RDF.type
                 and not (p in LABEL_PROPERTIES and isinstance(o, Literal))}
        grouped = fold_facts(facts, self.supers())
        parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(str(iri))}</p>',
                 self._card(iri, grouped, members, memberships)]
        themes: dict[str, list] = {}
        for prop, values in grouped.items():
            themes.setdefault(self._theme(prop, values), []).append((prop, values))
        for theme in [name for name, _, _ in THEMES] + [OTHER_THEME]:
            rows = themes.get(theme)
            if not rows:
                continue
            rows.sort(key=lambda row: self.label(row[0]).lower())
            parts.append(f"<h2>{escape(self.t(theme))}</h2><table>")
            for prop, values in rows:
                cells = [f"<li>{self.link(o)}{self._mark((iri, prop, o))}</li>"
                         for o in sorted(values, key=lambda v: (self.label(v).lower(), str(v)))]
                parts.append(f'<tr><td class="prop">{self.link(prop)}</td><td><ul class="values">'
                             f'{"".join(cells)}</ul></td></tr>')
            parts.append("</table>")
        parts.append(self._labels(iri))
        parts.append(pictures)
        parts.append(self._incoming(iri))
        parts.append(self._sources(iri))
        alternates = " ".join(f'<a href="{escape(self.doc_path(iri, suffix))}">{suffix}</a>'
                              for suffix in DOC_FORMATS if suffix != "html")
        parts.append(f"<p>{escape(self.t('This description as:'))} {alternates}</p>")
        head = "".join(f'<link rel="alternate" type="{media}" href="{escape(self.doc_path(iri, suffix))}">'
                       for suffix, media in RDF_LINK_TYPES.items())
        head += self._json_ld(iri)
        return self.page(title, "".join(parts), here=here, head=head)

    def supers(self) -> dict:
        if self._supers is None:
            self._supers = super_properties(self.dataset)
        return self._supers

    def _theme(self, prop: URIRef, values: list) -> str:
        lineage = {prop} | self.supers().get(prop, set())
        for name, anchors, datatypes in THEMES:
            if lineage & set(anchors):
                return name
            if datatypes and all(isinstance(v, Literal) and v.datatype in datatypes for v in values):
                return name
        return OTHER_THEME

    def _card(self, iri: URIRef, grouped: dict, members: list | None, memberships: list | None) -> str:
        rows = []
        classes = self.classes(iri)
        if classes:
            rows.append((self.t("What it is"), ", ".join(self.link(c) for c in classes)))
        for prop, values in grouped.items():  # its dates: the "Dates" facts, as on the page
            if prop != CSTO.onDate and self._theme(prop, values) == THEMES[0][0]:
                rows.append((self.link(prop), ", ".join(self.link(v) for v in sorted(values, key=str))))
        if members is not None:
            rows.append((self.t("Members in force today"), self._entity_roles(members)))
        if memberships is not None:
            rows.append((self.t("Memberships in force today"), self._entity_roles(memberships)))
        comment = self._comment(iri)
        body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
        return (f'<section class="card" aria-label="{escape(self.t("Summary"), quote=True)}">'
                + (f"<p>{escape(comment)}</p>" if comment else "") + f"<dl>{body}</dl></section>")

    def _entity_roles(self, rows: list) -> str:
        if not rows:
            return escape(self.t("none"))
        items = sorted(rows, key=lambda row: self.label(row[0]).lower())
        return ", ".join(f"{self.link(entity)}" + (f' <span class="lang">({escape(self.label(role))})</span>'
                                                   if role is not None else "")
                         for entity, role in items)

    def _comment(self, iri: URIRef) -> str | None:
        comments = [o for o in self.dataset.objects(iri, RDFS.comment) if isinstance(o, Literal)]
        for wanted in (self.lang, "en"):
            for comment in sorted(comments, key=str):
                if (comment.language or "") == wanted:
                    return str(comment)
        return str(sorted(comments, key=str)[0]) if comments else None

    def _labels(self, iri: URIRef) -> str:
        ds = self.dataset
        labels = sorted({(p, o) for p in LABEL_PROPERTIES for o in ds.objects(iri, p) if isinstance(o, Literal)},
                        key=lambda po: (po[1].language or "", str(po[0]), str(po[1])))
        if not labels:
            return ""
        items = "".join(f"<li>{self._literal(o)} <span class='lang'>({escape(curie(str(p)) or str(p))})</span></li>"
                        for p, o in labels)
        return f"<h2>{escape(self.t('Names'))}</h2><ul>{items}</ul>"

    def _incoming(self, iri: URIRef) -> str:
        by_property: dict = {}
        for s, p in self.dataset.subject_predicates(iri):
            if isinstance(s, URIRef):
                by_property.setdefault(p, set()).add(s)
        folded = fold_facts({(p, s) for p, subjects in by_property.items() for s in subjects}, self.supers())
        if not folded:
            return ""
        parts = [f"<h2>{escape(self.t('Referenced by'))}</h2><table>"]
        for prop in sorted(folded, key=lambda p: self.label(p).lower()):
            subjects = sorted(folded[prop], key=lambda s: self.label(s).lower())
            shown = "".join(f"<li>{self.link(s)}{self._mark((s, prop, iri))}</li>" for s in subjects[:200])
            more = (f"<li>{escape(self.t('… and {count} more', count=len(subjects) - 200))}</li>"
                    if len(subjects) > 200 else "")
            parts.append(f'<tr><td class="prop">{self.link(prop)}</td><td><ul class="values">{shown}{more}</ul></td></tr>')
        parts.append("</table>")
        return "".join(parts)

    def _json_ld(self, iri: URIRef) -> str:
        """schema.org JSON-LD for crawlers: name, description, sameAs (Wikidata)."""
        ds = self.dataset
        kinds = [name for cls, name in SCHEMA_TYPES.items() if (iri, RDF.type, cls) in ds]
        data = {"@context": "https://schema.org", "@type": kinds[0] if kinds else "Thing", "@id": str(iri),
                "name": self.label(iri), "url": str(iri)}
        comment = self._comment(iri)
        if comment:
            data["description"] = comment
        same = sorted({str(o) for p in (OWL.sameAs, SKOS.exactMatch) for o in ds.objects(iri, p)
                       if str(o).startswith(WIKIDATA)})
        if same:
            data["sameAs"] = same if len(same) > 1 else same[0]
        text_ = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return f'<script type="application/ld+json">{text_}</script>'

    def doc_path(self, iri: URIRef, suffix: str) -> str:
        """The local path of the document of ``iri`` in a format (by suffix)."""
        return "/doc" + self.path(iri) + "." + suffix

    def _mark(self, triple: tuple) -> str:
        """The "inferred" mark of an inferred fact: a link to its explanation (``/explain``)."""
        if not self.is_inferred(triple):
            return ""
        return (f'<a class="inferred" href="{escape(explain_href(triple), quote=True)}" '
                f'title="{escape(self.t("inferred by OWL RL reasoning: why?"), quote=True)}">'
                f'{escape(self.t("inferred"))}</a>')

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
            parts.append(f"<h2>{escape(self.t(heading))}</h2><ul class='sources'>")
            for passage in passages:
                item = [self.link(passage)]
                for locator in ds.objects(passage, CSTO.locator):
                    item.append(f" <span class='lang'>({escape(str(locator))})</span>")
                for document in ds.objects(passage, DCTERMS.isPartOf):
                    item.append(f" {escape(self.t('in (document)'))} {self.link(document)}")
                for quote in sorted(ds.objects(passage, CSTO.quote), key=str):
                    lang = f' lang="{escape(quote.language)}"' if isinstance(quote, Literal) and quote.language else ""
                    item.append(f"<blockquote{lang}>{escape(display_quote(str(quote)))}</blockquote>")
                parts.append(f"<li>{''.join(item)}</li>")
            parts.append("</ul>")
        return "".join(parts)

    # -- the index -----------------------------------------------------------------

    def index_classes(self) -> list[tuple[URIRef, list[URIRef]]]:
        """The classes of the index with their instances under the data namespace, one vocabulary per class.

        Each resource is listed under its csto classes (asserted and inferred); a class of another
        vocabulary (ORG, PROV, schema.org) appears only for resources that have no csto class, and
        under the csto class of the same name when there is one (``org:Organization`` in
        ``csto:Organization``): no class is shown twice.

        >>> from csto_kg.api import _fixture_kg
        >>> classes = PageMaker(_fixture_kg().dataset).index_classes()
        >>> any(str(c) == str(CSTO.State) for c, _ in classes), all(str(c).startswith(str(CSTO)) for c, _ in classes)
        (True, True)
        """
        types: dict[URIRef, set] = {}
        for s, o in self.dataset.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and str(s).startswith(str(KG)):
                types.setdefault(s, set()).add(o)
        by_class: dict[URIRef, set] = {}
        for s, classes in types.items():
            own = {c for c in classes if str(c).startswith(str(CSTO))} or classes
            for c in own:
                by_class.setdefault(c, set()).add(s)
        # a class of another vocabulary with the name of a csto class (org:Organization) joins it
        csto_by_name = {_local(c): c for c in by_class if str(c).startswith(str(CSTO))}
        for c in [c for c in by_class if not str(c).startswith(str(CSTO))]:
            twin = csto_by_name.get(_local(c))
            if twin is not None:
                by_class[twin] |= by_class.pop(c)
        return sorted(((c, sorted(members, key=lambda s: self.label(s).lower())) for c, members in by_class.items()),
                      key=lambda item: self.label(item[0]).lower())

    def index(self) -> str:
        """The index page: every class with instances under the data namespace (counted), with its instances."""
        classes = self.index_classes()
        parts = [f"<h1>{escape(self.t('csto-kg: the Collective Security Treaty Organization knowledge graph'))}</h1>",
                 f"<p>{escape(self.t('Resources by class (asserted and inferred types), with their number.'))} "
                 f'<a href="{escape(with_lang("/sparql", self.lang))}">{escape(self.t("SPARQL query"))}</a> · '
                 f'<a href="{escape(with_lang("/ontology", self.lang))}">{escape(self.t("Ontology"))}</a></p>',
                 f"<h2>{escape(self.t('Classes'))}</h2><ul>"]
        parts += [f'<li><a href="#c{i}">{escape(self.label(c))}</a> ({len(members)})</li>'
                  for i, (c, members) in enumerate(classes)]
        parts.append("</ul>")
        for i, (cls, members) in enumerate(classes):
            parts.append(f'<details class="cls" id="c{i}"><summary>{escape(self.label(cls))} ({len(members)}) '
                         f'</summary><p>{self.link(cls)}</p><ul>')
            parts += [f"<li>{self.link(s)}</li>" for s in members]
            parts.append("</ul></details>")
        return self.page("csto-kg", "".join(parts), here="/")
