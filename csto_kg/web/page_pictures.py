"""The picture sections of a resource page: the membership chart, the member map and the neighbourhood graph view.

The chart is inline SVG (from :mod:`csto_kg.web.page_charts`), the member map too, with its
date slider (from :mod:`csto_kg.web.page_maps`); the graph view is an empty
container that ``/static/graph_view.js`` fills with Cytoscape.js (vendored, served from
the package, laid out by its fCoSE extension) from the neighbourhood JSON
(:mod:`csto_kg.web.neighbourhood`), with a legend of the kinds of node and a "show more" button.
"""

from __future__ import annotations

import json
from html import escape

from csto_kg.i18n import text as t
from csto_kg.web.neighbourhood import DEFAULT_LIMIT

STYLE = ("<style>.chart{margin:0}.chart svg{max-width:100%;height:auto}"
         ".member-map{margin:0}.member-map svg{max-width:100%;height:auto}.map-slider{width:60%}"
         ".graph-view{height:40em;border:1px solid #ddd;border-radius:4px}"
         ".graph-legend{list-style:none;padding:0;margin:.4em 0;display:flex;flex-wrap:wrap;gap:.3em 1.2em}"
         ".graph-legend .swatch{display:inline-block;width:.9em;height:.9em;border-radius:50%;"
         "vertical-align:-.1em;margin-right:.35em}</style>")

#: the kinds of node (see :data:`csto_kg.web.neighbourhood.KINDS`), their colour (Okabe-Ito, readable by
#: the colour-blind) and legend label, in legend order
KIND_COLOURS = {"state": "#0072B2", "organization": "#009E73", "treaty": "#CC79A7", "intervention": "#D55E00",
                "person": "#E69F00", "other": "#999999"}
KIND_LABELS = {"state": "state", "organization": "organization", "treaty": "treaty or other instrument",
               "intervention": "intervention", "person": "person", "other": "other entity"}
GRAPH_NOTE = ("The entities linked to this one, most linked first, coloured by kind, and the links among them. "
              "Passages and source documents are not drawn: the number in an entity's circle is the number of "
              "passages it is derived from or mentioned in. Point at an entity to read its links; solid grey: "
              "asserted; dashed orange: inferred by OWL RL reasoning. Click an entity to open its page.")
#: the words graph_view.js shows, by its names for them
GRAPH_MESSAGES = {
    "status": "Entities: {shown} of {total}; links: {links}.",
    "more": "Show {count} more",
    "tooltip": "{label} ({kind}); passages: {passages}, source documents: {documents}; links: {links}",
    "error": "The graph view could not be drawn: {error}",
}


def legend(lang: str = "en") -> str:
    """The graph view's legend: one swatch per kind of node, its colour in ``data-colour`` for graph_view.js.

    >>> legend("fr").count("<li "), 'data-kind="state" data-colour="#0072B2"' in legend("fr"), "État" in legend("fr")
    (6, True, True)
    """
    items = "".join(f'<li data-kind="{kind}" data-colour="{colour}"><span class="swatch" style="background:{colour}">'
                    f'</span>{escape(t(KIND_LABELS[kind], lang))}</li>' for kind, colour in KIND_COLOURS.items())
    return f'<ul id="graph-legend" class="graph-legend" aria-label="{escape(t("Legend", lang), quote=True)}">{items}</ul>'


def chart_section(svg: str | None, lang: str = "en") -> str:
    """The "Membership timeline" section around an inline SVG; empty when there is no chart.

    >>> chart_section(None)
    ''
    >>> chart_section("<svg/>")
    '<h2>Membership timeline</h2><figure class="chart"><svg/></figure>'
    """
    if not svg:
        return ""
    return f'<h2>{escape(t("Membership timeline", lang))}</h2><figure class="chart">{svg}</figure>'


def graph_section(data_path: str, *, lang: str = "en") -> str:
    """The "Neighbourhood" section: a container for the graph view, fed from ``data_path`` (JSON), its legend,
    its "show more" button and the words of graph_view.js in ``lang``.

    >>> html = graph_section("/neighbourhood/id/CSTO.json?lang=en")
    >>> 'data-src="/neighbourhood/id/CSTO.json?lang=en"' in html, "/static/cytoscape-fcose/cytoscape-fcose.js" in html
    (True, True)
    """
    src = escape(data_path, quote=True)
    messages = {name: t(message, lang) for name, message in GRAPH_MESSAGES.items()}
    messages["kinds"] = {kind: t(label, lang) for kind, label in KIND_LABELS.items()}
    scripts = ("cytoscape/cytoscape.min.js", "layout-base/layout-base.js", "cose-base/cose-base.js",
               "cytoscape-fcose/cytoscape-fcose.js", "graph_view.js")
    return (f'<h2>{escape(t("Neighbourhood", lang))}</h2>{legend(lang)}'
            f'<div id="graph-view" class="graph-view" data-src="{src}" data-step="{DEFAULT_LIMIT}" '
            f'role="img" aria-label="{escape(t("graph of the entities linked to this one", lang), quote=True)}"></div>'
            f'<p class="lang"><span id="graph-status"></span> <button type="button" id="graph-more" hidden>'
            f'</button> <a href="{src}">JSON</a></p><p class="lang">{escape(t(GRAPH_NOTE, lang))}</p>'
            '<script type="application/json" id="graph-messages">'
            + json.dumps(messages, ensure_ascii=False).replace("</", "<\\/") + "</script>"
            + "".join(f'<script src="/static/{name}" defer></script>' for name in scripts))


def pictures(chart_svg: str | None, data_path: str, map_html: str | None = None, lang: str = "en") -> str:
    """The sections with their style, as inserted in a resource page (``map_html``: the member map section;
    ``lang``: the page's language).

    >>> pictures(None, "/n.json").startswith("<style>")
    True
    """
    return STYLE + chart_section(chart_svg, lang) + (map_html or "") + graph_section(data_path, lang=lang)
