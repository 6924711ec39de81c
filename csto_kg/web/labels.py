"""``GET /labels?iri=...&iri=...[&lang=fr]``: the labels of IRIs, as JSON (the query UI shows them beside result IRIs).

A SPARQL request could not carry the IRIs without writing them into the query text,
so the query UI asks here instead: one request per batch of at most :data:`MAX_IRIS`
IRIs. Only IRIs that have an ``rdfs:label`` or ``skos:prefLabel`` are in the answer; the
label is chosen as on the pages (the page's language, else English, else any).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from rdflib import Dataset, Literal, URIRef

from csto_kg.namespaces import LABEL_PROPERTIES
from csto_kg.query.render import Labeler
from csto_kg.web.explain_page import Answer

MAX_IRIS = 200


def labels_answer(dataset: Dataset, query_string: str, *, lang: str) -> Answer:
    """The answer to ``GET /labels?<query_string>``, labels in ``lang``.

    >>> from csto_kg.api import _fixture_kg
    >>> ds = _fixture_kg().dataset
    >>> answer = labels_answer(ds, "iri=https://w3id.org/csto-kg/id/Armenia&iri=urn:nothing", lang="fr")
    >>> answer.status, answer.media_type, json.loads(answer.body)
    (200, 'application/json; charset=utf-8', {'lang': 'fr', 'labels': {'https://w3id.org/csto-kg/id/Armenia': 'Arménie'}})
    >>> labels_answer(ds, "lang=fr", lang="fr").body
    'Error: /labels needs one or more iri= parameters\\n'
    >>> labels_answer(ds, "&".join(["iri=urn:x"] * 201), lang="en").body
    'Error: ask for at most 200 IRIs at a time (got 201)\\n'
    """
    iris = parse_qs(query_string).get("iri", [])
    if not iris:
        return Answer(400, "Error: /labels needs one or more iri= parameters\n")
    if len(iris) > MAX_IRIS:
        return Answer(400, f"Error: ask for at most {MAX_IRIS} IRIs at a time (got {len(iris)})\n")
    label = Labeler(dataset, lang=lang)
    found = {}
    for text in dict.fromkeys(iris):
        iri = URIRef(text)
        if any(isinstance(o, Literal) for prop in LABEL_PROPERTIES[:2] for o in dataset.objects(iri, prop)):
            found[text] = label(iri)
    body = json.dumps({"lang": lang, "labels": found}, ensure_ascii=False)
    return Answer(200, body, "application/json; charset=utf-8", {"Vary": "Accept-Language"})
