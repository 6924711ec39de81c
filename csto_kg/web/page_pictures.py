"""The picture sections of a resource page: the membership chart, the member map and the neighbourhood graph view.

The chart is inline SVG (from :mod:`csto_kg.web.page_charts`), the member map too, with its
date slider (from :mod:`csto_kg.web.page_maps`); the graph view is an empty
container that ``/static/graph_view.js`` fills with Cytoscape.js (vendored, served from
the package) from the neighbourhood JSON (:mod:`csto_kg.web.neighbourhood`).
"""

from __future__ import annotations

from html import escape

from csto_kg.i18n import text as t
from csto_kg.web.neighbourhood import DEFAULT_LIMIT

STYLE = ("<style>.chart{margin:0}.chart svg{max-width:100%;height:auto}"
         ".member-map{margin:0}.member-map svg{max-width:100%;height:auto}.map-slider{width:60%}"
         ".graph-view{height:32em;border:1px solid #ddd;border-radius:4px}</style>")

GRAPH_NOTE = ("The entities one link away from this one (at most {limit}; literals, types, classes and external "
              "IRIs are left out) and the links among them, labelled by property (zoom in to read the labels). "
              "Solid grey: asserted; dashed orange: inferred by OWL RL reasoning. Click an entity to open its page.")


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


def graph_section(data_path: str, *, limit: int = DEFAULT_LIMIT, lang: str = "en") -> str:
    """The "Neighbourhood" section: a container for the graph view, fed from ``data_path`` (JSON).

    >>> html = graph_section("/neighbourhood/id/CSTO.json?lang=en")
    >>> 'data-src="/neighbourhood/id/CSTO.json?lang=en"' in html, "/static/cytoscape/cytoscape.min.js" in html
    (True, True)
    """
    src = escape(data_path, quote=True)
    note = t(GRAPH_NOTE, lang, limit=limit)
    return (f'<h2>{escape(t("Neighbourhood", lang))}</h2><div id="graph-view" class="graph-view" data-src="{src}" '
            f'role="img" aria-label="{escape(t("graph of the entities linked to this one", lang), quote=True)}"></div>'
            f'<p class="lang">{escape(note)} <span id="graph-status"></span> <a href="{src}">JSON</a></p>'
            '<script src="/static/cytoscape/cytoscape.min.js" defer></script>'
            '<script src="/static/graph_view.js" defer></script>')


def pictures(chart_svg: str | None, data_path: str, map_html: str | None = None, lang: str = "en") -> str:
    """The sections with their style, as inserted in a resource page (``map_html``: the member map section;
    ``lang``: the page's language).

    >>> pictures(None, "/n.json").startswith("<style>")
    True
    """
    return STYLE + chart_section(chart_svg, lang) + (map_html or "") + graph_section(data_path, lang=lang)
