"""``/explain?s=&p=&o=``: the explanation of a triple on the server, as HTML, JSON or PROV-O Turtle.

Every fact marked "inferred" on a resource page links here
(:func:`csto_kg.web.resource_pages.explain_href`). The terms are read as ``csto-kg explain``
reads them (an IRI, a CURIE, a label; a literal object in Turtle or N-Triples syntax; a blank
node of the graph as ``_:label``), the proof is searched under the bounds of the server's
queries (``serve --timeout``: past it, 503 with ``Retry-After``; at most
:data:`~csto_kg.query.explain.DEFAULT_MAX_DEPTH` levels; ``all=1`` lists at most
:data:`~csto_kg.query.explain.DEFAULT_ALTERNATIVES` proofs) and rendered by ``Accept``:
``text/html`` (default), ``application/json`` (the JSON of ``csto-kg explain --format json``)
or ``text/turtle`` (PROV-O), or by ``format=html|json|turtle`` (links in a browser). An
unknown term, or a triple the graph does not hold, is a 404; a missing term a 400.

:func:`explain_answer` holds the whole route: the server calls it and sends what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qs

from rdflib import RDF, BNode, Literal, URIRef

from csto_kg.errors import UsageError
from csto_kg.namespaces import curie
from csto_kg.query.explain import (DEFAULT_ALTERNATIVES, DEFAULT_MAX_DEPTH, NotEntailed, Proof, term_text,
                                   triple_text)
from csto_kg.query.explain_render import RULE_TABLES, render_json, render_turtle
from csto_kg.query.proof_search import RULES, SearchTimeout
from csto_kg.web.frame import with_lang
from csto_kg.web.resource_pages import PageMaker
from csto_kg.web.sparql_results import negotiate

MEDIA_TYPES = ["text/html", "application/json", "text/turtle"]
FORMATS = {"html": "text/html", "json": "application/json", "turtle": "text/turtle"}
#: the page's longer sentences (messages of the catalogue, :mod:`csto_kg.i18n`)
INTRO = ("The proof found by a backward search over the graph with the OWL 2 RL rules (rule ids of the {tables}), "
         "down to the asserted triples: where each is written and the passages of the sources it derives from.")
ALTERNATES = "This explanation as {formats} (by {accept}: application/json, text/turtle); on the command line: {command}."


@dataclass
class Answer:
    """What the server sends: status, body, media type and extra headers."""

    status: int
    body: str
    media_type: str = "text/plain; charset=utf-8"
    headers: dict = field(default_factory=dict)


def explain_answer(kg, query_string: str, accept: str | None, *, pages: PageMaker,
                   timeout: float | None) -> Answer:
    """The answer to ``GET /explain?<query_string>`` (the HTML page in ``pages``' language).

    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> pages = PageMaker(kg.dataset)
    >>> answer = explain_answer(kg, "s=kg:Armenia&p=a&o=csto:Agent", "application/json", pages=pages, timeout=5)
    >>> answer.status, answer.media_type, '"rule": "cax-sco"' in answer.body
    (200, 'application/json; charset=utf-8', True)
    >>> explain_answer(kg, "s=kg:Armenia&p=a&o=csto:Organization", None, pages=pages, timeout=5).status
    404
    >>> explain_answer(kg, "s=kg:Armenia", None, pages=pages, timeout=5).body
    'Error: /explain needs s, p and o: the subject, predicate and object of a triple\\n'
    """
    params = parse_qs(query_string, keep_blank_values=True)
    values = [params.get(name, [""]) for name in "spo"]
    if any(len(v) != 1 or not v[0].strip() for v in values):
        return Answer(400, "Error: /explain needs s, p and o: the subject, predicate and object of a triple\n")
    fmt = params.get("format", [None])[0]
    if fmt is not None and fmt not in FORMATS:
        return Answer(400, f"Error: format must be one of {', '.join(FORMATS)}\n")
    wanted = FORMATS[fmt] if fmt else negotiate(accept, MEDIA_TYPES)
    if wanted is None:
        return Answer(406, "Error: cannot answer in any media type of the Accept header; available: "
                      + ", ".join(MEDIA_TYPES) + "\n", headers={"Vary": "Accept"})
    every = params.get("all", ["0"])[0] in ("1", "true", "yes")
    terms = [v[0] for v in values]
    try:
        if every:
            proofs = kg.explain_all(*terms, max_depth=DEFAULT_MAX_DEPTH, limit=DEFAULT_ALTERNATIVES, timeout=timeout)
        else:
            proofs = [kg.explain(*terms, max_depth=DEFAULT_MAX_DEPTH, timeout=timeout)]
    except SearchTimeout:
        return Answer(503, f"Error: the proof search stopped after {timeout:g} s (the server's time limit)\n",
                      headers={"Retry-After": "10"})
    except (NotEntailed, UsageError) as error:
        return Answer(404, f"Error: {error}\n")
    headers = {"Vary": "Accept"}
    if wanted == "application/json":
        return Answer(200, render_json(proofs if every else proofs[0]), "application/json; charset=utf-8", headers)
    if wanted == "text/turtle":
        return Answer(200, render_turtle(proofs, kg.dataset), "text/turtle; charset=utf-8", headers)
    return Answer(200, explanation_html(proofs, pages, every=every), "text/html; charset=utf-8",
                  {"Vary": "Accept, Accept-Language"})


def explanation_html(proofs: list[Proof], pages: PageMaker, *, every: bool = False) -> str:
    """The HTML page of one proof (or of every proof listed with ``all=1``), in ``pages``' language.

    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> html = explanation_html([kg.explain("kg:Armenia", "a", "csto:Agent")], PageMaker(kg.dataset))
    >>> "<h1>Why: Armenia rdf:type csto:Agent</h1>" in html, "inferred by <code>cax-sco</code>" in html
    (True, True)
    >>> html = explanation_html([kg.explain("kg:Armenia", "a", "csto:Agent")], PageMaker(kg.dataset, lang="ru"))
    >>> "<h1>Почему: Армения rdf:type csto:Agent</h1>" in html, "выведено по правилу <code>cax-sco</code>" in html
    (True, True)
    """
    first = proofs[0]
    t = pages.t
    title = t("Why: {triple}", triple=" ".join(str(x) if isinstance(x, Literal) else pages.label(x)
                                               for x in first.triple))
    tables = (f'<a href="{RULE_TABLES}">{escape(t("W3C rule tables"))}</a>')
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(triple_text(first.triple))}</p>',
             "<p>" + escape(t(INTRO)).replace("{tables}", tables) + "</p>"]
    for n, proof in enumerate(proofs, 1):
        if len(proofs) > 1:
            parts.append(f"<h2>{escape(t('Proof {n} of {count}', n=n, count=len(proofs)))}</h2>")
        parts.append(f'<ul class="proof root">{_item(proof, pages)}</ul>')
    if not every and not first.asserted:
        parts.append(f'<p><a href="{escape(with_lang(_all_href(first), pages.lang), quote=True)}">'
                     f'{escape(t("Other proofs"))}</a></p>')
    alternates = " ".join(f'<a href="{escape(_accept_hint(first, media), quote=True)}">{label}</a>'
                          for media, label in (("json", "JSON"), ("turtle", "PROV-O Turtle")))
    sentence = escape(t(ALTERNATES))
    parts.append("<p>" + sentence.replace("{formats}", alternates).replace("{accept}", "<code>Accept</code>")
                 .replace("{command}", "<code>csto-kg explain</code>") + "</p>")
    params = {name: term_text(term) for name, term in zip("spo", first.triple)}
    if every:
        params["all"] = "1"
    return pages.page(title, "".join(parts), here="/explain", params=params)


def _item(proof: Proof, pages: PageMaker) -> str:
    t = pages.t
    line = '<span class="triple">' + " · ".join(_term(x, pages) for x in proof.triple) + "</span>"
    if proof.asserted:
        where = (", ".join(f"<code>{escape(str(place))}</code>" for place in proof.located)
                 or escape(t("an asserted graph")))
        how = [f'<div class="how">{escape(t("asserted in {where}")).replace("{where}", where)}</div>']
        for passage in proof.passages:
            name = curie(passage.iri) or passage.iri
            source = f'{pages.link(URIRef(passage.iri))} <span class="iri">({escape(name)})</span>'
            how.append(f'<div class="how">{escape(t("from {source}")).replace("{source}", source)}</div>'
                       f"<blockquote>{escape(passage.quote)}</blockquote>")
        return f"<li>{line}{''.join(how)}</li>"
    rule = f"<code>{escape(proof.rule or '')}</code>"
    described = escape(t("inferred by {rule}: {description}, from:")).replace(
        "{description}", escape(t(RULES.get(proof.rule, "")) if RULES.get(proof.rule) else "")).replace("{rule}", rule)
    how = f'<div class="how">{described}</div>'
    premises = "".join(_item(premise, pages) for premise in proof.premises)
    return f'<li>{line}{how}<ul class="proof">{premises}</ul></li>'


def _term(term, pages: PageMaker) -> str:
    """A term as a link; an RDF list (a property chain, the members of a union) as ``( a b )``."""
    items = _list_items(pages.dataset, term) if isinstance(term, BNode) else None
    if items is None:
        return pages.link(term)
    return "( " + " ".join(_term(item, pages) for item in items) + " )"


def _list_items(dataset, node) -> list | None:
    items, seen = [], set()
    while node != RDF.nil:
        first, rest = list(dataset.objects(node, RDF.first)), list(dataset.objects(node, RDF.rest))
        if node in seen or len(first) != 1 or len(rest) != 1:
            return None
        seen.add(node)
        items.append(first[0])
        node = rest[0]
    return items


def _all_href(proof: Proof) -> str:
    from csto_kg.web.resource_pages import explain_href

    return explain_href(proof.triple) + "&all=1"


def _accept_hint(proof: Proof, fmt: str) -> str:
    from csto_kg.web.resource_pages import explain_href

    return explain_href(proof.triple) + f"&format={fmt}"
