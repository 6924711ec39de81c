"""The member map on an organization's (or treaty's) page, with a date slider over its history.

The page carries the map as inline SVG (:func:`csto_kg.maps.drawing.svg`) on the last day of
the history, the history itself as JSON (every class of every state, segment by segment, as
:func:`csto_kg.maps.member_maps.map_history` computed it) and a range input; ``/static/map_view.js``
shows the segment of the day the slider is on (classes, fills, tooltips, the date): the rules
stay in Python, the script only looks a day up. An entity in which no state holds a status gets
no map.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from rdflib import URIRef

from csto_kg.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from csto_kg.api import KnowledgeGraph


def history_json(history, lang: str) -> dict:
    """The slider's data: first and last day, distinct styles, and per segment each state's style.

    >>> from csto_kg import KnowledgeGraph
    >>> from csto_kg.maps.member_maps import map_history
    >>> data = history_json(map_history(KnowledgeGraph.load(), org="GUAM")[0], "en")
    >>> data["first"], [s["from"] for s in data["segments"]][:2]
    ('1997-10-10', ['1997-10-10', '1999-04-24'])
    >>> data["styles"][data["segments"][1]["countries"]["UZB"]]
    ['member', '#56B4E9', 'Uzbekistan: member']
    """
    from csto_kg.maps.drawing import fill_of
    from csto_kg.maps.member_maps import words

    styles: list = []
    index: dict = {}
    segments = []
    for day, statuses in history.segments:
        countries = {}
        for code, status in sorted(statuses.items()):
            style = (status.css_class, fill_of(status.css_class, status.candidates), status.title(lang))
            if style not in index:
                index[style] = len(styles)
                styles.append(list(style))
            countries[code] = index[style]
        segments.append({"from": day.isoformat(), "countries": countries})
    return {"first": history.first.isoformat(), "last": history.last.isoformat(), "on": words(lang)["on"],
            "styles": styles, "segments": segments}


def entity_map_html(kg: "KnowledgeGraph", iri: URIRef, *, lang: str = "en") -> str | None:
    """The "Members on a date" section of a page (map, slider, data, script), or None without statuses.

    >>> from csto_kg import KnowledgeGraph
    >>> from csto_kg.namespaces import KG
    >>> kg = KnowledgeGraph.load()
    >>> html = entity_map_html(kg, KG.CSTO)
    >>> 'id="country-ARM" class="country member"' in html, 'id="map-slider"' in html
    (True, True)
    >>> entity_map_html(kg, KG.NATO) is None, entity_map_html(kg, KG.Armenia) is None
    (True, True)
    """
    from csto_kg.maps.drawing import svg
    from csto_kg.maps.member_maps import map_history

    try:
        history, final = map_history(kg, org=str(iri), lang=lang)
    except UsageError:  # no state holds a status in it (or a custom query folder without statuses-in)
        return None
    every = [status for _, statuses in history.segments for status in statuses.values()]
    hatches = {s.candidates for s in every if s.css_class == "uncertain"}
    classes = {s.css_class for s in every}
    data = json.dumps(history_json(history, lang), ensure_ascii=False).replace("</", "<\\/")
    first, last = history.first.isoformat(), history.last.isoformat()
    return ('<h2>Members on a date</h2><figure class="member-map">'
            f"{svg(final, patterns=hatches, legend=classes)}</figure>"
            f'<p class="map-controls" hidden><label for="map-slider">Date: <output id="map-slider-date">{last}'
            f'</output></label> <input type="range" id="map-slider" class="map-slider" '
            f'aria-label="date of the map, from {first} to {last}"></p>'
            f'<p class="lang">Each state in its status on that day (hover a country for its status). A date the '
            f'sources give only to the year or month, or two sources that disagree, leave a status open: the '
            f'country is hatched in the colours left open. From {escape(first)} to {escape(last)}.</p>'
            f'<script type="application/json" id="map-history">{data}</script>'
            '<script src="/static/map_view.js" defer></script>')
