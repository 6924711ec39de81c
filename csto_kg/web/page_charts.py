"""Membership charts for the server's pages: which entities get one, and the SVG to inline.

An organization's page shows its members (``membership_chart(org=...)``), a state's page
its memberships and treaty participations (``membership_chart(state=...)``); any other
entity, or one with no memberships, gets none. The SVG comes from
:func:`csto_kg.charts.render_chart` (text kept as text) with its XML prolog removed so it
can sit inside an HTML page. matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import RDF, URIRef
from rdflib.namespace import ORG

from csto_kg.errors import UsageError
from csto_kg.namespaces import CSTO

if TYPE_CHECKING:  # pragma: no cover
    from csto_kg.api import KnowledgeGraph

_PROLOG = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?")


def chart_mode(dataset, iri: URIRef) -> str | None:
    """``"org"`` for an organization, ``"state"`` for a state, else ``None`` (asserted or inferred types).

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import KG
    >>> ds = _fixture_kg().dataset
    >>> chart_mode(ds, KG.Armenia), chart_mode(ds, KG.Atlantis)
    ('state', None)
    """
    if (iri, RDF.type, CSTO.State) in dataset:
        return "state"
    if (iri, RDF.type, ORG.Organization) in dataset:
        return "org"
    return None


def inline_svg(data: bytes) -> str:
    """SVG bytes as text to put in an HTML page: the XML declaration and doctype removed.

    >>> inline_svg(b'<?xml version="1.0"?>\\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\\n<svg/>')
    '<svg/>'
    """
    return _PROLOG.sub("", data.decode("utf-8"), count=1)


def entity_chart_svg(kg: "KnowledgeGraph", iri: URIRef, *, lang: str = "en") -> str | None:
    """The inline SVG membership chart of an organization or state, or ``None`` when it has none.

    >>> from csto_kg import KnowledgeGraph
    >>> from csto_kg.namespaces import KG
    >>> kg = KnowledgeGraph.load()
    >>> svg = entity_chart_svg(kg, KG.GUAM)
    >>> svg.startswith("<svg"), svg.count('id="membership-')
    (True, 5)
    >>> entity_chart_svg(kg, KG.NATO) is None, entity_chart_svg(kg, KG.CST) is None
    (True, True)
    """
    mode = chart_mode(kg.dataset, iri)
    if mode is None:
        return None
    from csto_kg.charts import membership_chart, render_chart

    try:
        chart = membership_chart(kg, lang=lang, **{mode: str(iri)})
    except UsageError:  # nothing recorded (or no such helper in a custom query folder)
        return None
    if not chart.bars:
        return None
    return inline_svg(render_chart(chart, fmt="svg"))
