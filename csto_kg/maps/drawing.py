"""Drawing a member map: SVG written directly (ids, classes and text kept), PNG with matplotlib.

The SVG has one ``<path id="country-<ISO 3166-1 alpha-3>" class="country <class>">`` per
country of the frame, filled with the timeline chart's palette (an uncertain country is
hatched with the colours of the classes left open), a ``<title>`` tooltip on every country,
and the heading, date, legend and source footer as ``<text>``. The page's slider
(``csto_kg/web/map_view.js``) changes the classes, fills, tooltips and the date in place;
:func:`svg` takes the patterns it will need (``patterns``). PNG: the same shapes drawn by
matplotlib (Agg), hatched likewise, with the same texts.
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

from csto_kg.atomicio import atomic_write
from csto_kg.errors import UsageError
from csto_kg.maps.member_maps import CLASS_COLOURS, CLASSES, MemberMap, words

HEADER = 58.0  # pixels above the map: heading and date
FOOTER = 62.0  # pixels below it: sources, outlines, states not drawn or outside the frame
SEA = "#dbe9f4"
BORDER = "#ffffff"
LEGEND_HATCH = ("legend",)  # the legend's swatch for "uncertain": grey stripes


def fill_of(css_class: str, candidates: tuple) -> str:
    """The fill of a country: its class's colour, or for ``uncertain`` the pattern of the classes left open.

    >>> fill_of("member", ("member",)), fill_of("uncertain", ("suspended", "former"))
    ('#56B4E9', 'url(#hatch-suspended-former)')
    """
    if css_class == "uncertain":
        return f"url(#{pattern_id(candidates)})"
    return CLASS_COLOURS[css_class]


def pattern_id(candidates: tuple) -> str:
    return "hatch-" + "-".join(candidates)


def _pattern(candidates: tuple) -> str:
    stripes = ["#ffffff", "#777777"] if candidates == LEGEND_HATCH else [CLASS_COLOURS[c] for c in candidates]
    width = 4 * len(stripes)
    rects = "".join(f'<rect x="{4 * i}" width="4" height="{width}" fill="{colour}"/>'
                    for i, colour in enumerate(stripes))
    return (f'<pattern id="{pattern_id(candidates)}" patternUnits="userSpaceOnUse" width="{width}" '
            f'height="{width}" patternTransform="rotate(45)">{rects}</pattern>')


def legend_classes(classes) -> list[str]:
    """The classes a legend shows, in order (``none`` always)."""
    return [c for c in CLASSES if c in set(classes) | {"none"}]


def svg(data: MemberMap, *, patterns=(), legend=(), element_id: str = "member-map") -> str:
    """The map as SVG text (no XML prolog, so it can be inlined in a page).

    ``patterns``: candidate tuples whose hatching to define beyond those of this date;
    ``legend``: classes to list beyond those of this date (the slider's page lists every class of the history).

    >>> from csto_kg import KnowledgeGraph
    >>> from csto_kg.maps.member_maps import member_map
    >>> text = svg(member_map(KnowledgeGraph.load(), org="CSTO", date="2010"))
    >>> 'id="country-ARM" class="country member"' in text, 'id="country-FRA" class="country none"' in text
    (True, True)
    """
    w = words(data.lang)
    frame = data.atlas.frame
    width, height = frame.width, HEADER + frame.height + FOOTER
    drawn = {s.css_class for s in data.countries.values()}
    hatches = sorted({s.candidates for s in data.countries.values() if s.css_class == "uncertain"} | set(patterns)
                     | {LEGEND_HATCH})
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{element_id}" viewBox="0 0 {width:g} {height:.0f}" '
             f'width="{width:g}" height="{height:.0f}" role="img" aria-labelledby="map-heading map-date" '
             'font-family="DejaVu Sans, sans-serif">',
             f"<defs>{''.join(_pattern(c) for c in hatches)}<clipPath id=\"map-frame\"><rect width=\"{width:g}\" "
             f'height="{frame.height:.1f}"/></clipPath></defs>',
             f'<rect x="0" y="{HEADER:g}" width="{width:g}" height="{frame.height:.1f}" fill="{SEA}"/>',
             f'<g transform="translate(0 {HEADER:g})"><g id="countries" clip-path="url(#map-frame)" '
             f'stroke="{BORDER}" stroke-width="0.5">']
    for outline in data.atlas.outlines:
        status = data.countries.get(outline.alpha3) if outline.alpha3 else None
        css = status.css_class if status else "none"
        fill = fill_of(css, status.candidates) if status else CLASS_COLOURS["none"]
        title = status.title(data.lang) if status else outline.name
        ident = f' id="country-{outline.alpha3}"' if outline.alpha3 else ""
        state = f' data-state="{escape(str(status.state), quote=True)}"' if status else ""
        parts.append(f'<path{ident} class="country {css}"{state} fill="{fill}" d="{outline.path}">'
                     f"<title>{escape(title)}</title></path>")
    parts.append("</g></g>")
    parts.append(f'<text id="map-heading" x="12" y="24" font-size="17" font-weight="bold" fill="#222">'
                 f"{escape(data.heading)}</text>")
    parts.append(f'<text id="map-date" x="12" y="46" font-size="14" fill="#222">'
                 f"{escape(w['on'].format(date=data.date_text))}</text>")
    parts.append(_legend(legend_classes(drawn | set(legend)), w, y=HEADER + 12))
    footer = HEADER + frame.height
    for i, (ident, note) in enumerate(_notes(data, w)):
        parts.append(f'<text id="{ident}" x="12" y="{footer + 15 + 13 * i:g}" font-size="10" fill="#555">'
                     f"{escape(note)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _notes(data: MemberMap, w: dict) -> list[tuple[str, str]]:
    """The footer's lines: the sources, the outlines, the states not drawn (element id, text)."""
    notes = [("map-source", data.source_note + "."),
             ("map-outlines", w["outlines"].format(version=data.atlas.version) + ".")]
    if data.not_drawn:
        notes.append(("map-not-drawn", w["not drawn"].format(states=", ".join(data.not_drawn))))
    if data.outside:
        notes.append(("map-outside", w["outside"].format(states=", ".join(data.outside))))
    return notes


def _legend(classes: list[str], w: dict, *, y: float) -> str:
    labels = [w[css] for css in classes]
    width = 40 + 6.6 * max(len(label) for label in labels)
    rows = [f'<g id="map-legend" font-size="12" fill="#222">'
            f'<rect x="8" y="{y - 6:g}" width="{width:.0f}" height="{len(classes) * 19 + 8}" fill="#ffffff" '
            'fill-opacity="0.85" stroke="#cccccc"/>']
    for i, (css, label) in enumerate(zip(classes, labels)):
        top = y + i * 19
        fill = f"url(#{pattern_id(LEGEND_HATCH)})" if css == "uncertain" else CLASS_COLOURS[css]
        rows.append(f'<rect class="legend-{css}" x="16" y="{top:g}" width="14" height="12" fill="{fill}" '
                    f'stroke="#999999" stroke-width="0.5"/><text x="38" y="{top + 10:g}">{escape(label)}</text>')
    rows.append("</g>")
    return "".join(rows)


def draw_map(data: MemberMap, path: str | Path) -> Path:
    """Write the map as ``.svg`` or ``.png`` (by extension), atomically.

    >>> import tempfile
    >>> from csto_kg import KnowledgeGraph
    >>> from csto_kg.maps.member_maps import member_map
    >>> out = draw_map(member_map(KnowledgeGraph.load(), org="GUAM", date="2000"), tempfile.mkdtemp() + "/guam.svg")
    >>> out.read_text().count('class="country member"')
    5
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in ("svg", "png"):
        raise UsageError(f"{path}: the map is written as .svg or .png, not '{path.suffix or fmt}'")
    data_bytes = svg(data).encode("utf-8") if fmt == "svg" else png(data)
    atomic_write(path, data_bytes)
    return path


def png(data: MemberMap) -> bytes:
    """The map as PNG (matplotlib, Agg): the same outlines, fills, hatching and texts as the SVG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import PathPatch, Patch
    from matplotlib.path import Path as MplPath

    w = words(data.lang)
    frame = data.atlas.frame
    dpi = 100
    height = HEADER + frame.height + FOOTER
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "hatch.linewidth": 2.0}):
        fig = plt.figure(figsize=(frame.width / dpi, height / dpi), dpi=dpi)
        ax = fig.add_axes((0, FOOTER / height, 1, frame.height / height))
        ax.set_xlim(0, frame.width)
        ax.set_ylim(frame.height, 0)
        ax.set_axis_off()
        ax.add_patch(matplotlib.patches.Rectangle((0, 0), frame.width, frame.height, facecolor=SEA, edgecolor="none"))
        drawn = set()
        for outline in data.atlas.outlines:
            status = data.countries.get(outline.alpha3) if outline.alpha3 else None
            css = status.css_class if status else "none"
            drawn.add(css)
            vertices, codes = [], []
            for ring in outline.rings:
                vertices += list(ring) + [ring[0]]
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
            colours = [CLASS_COLOURS.get(c, "#ffffff") for c in status.candidates] if css == "uncertain" else []
            face = colours[0] if colours else CLASS_COLOURS[css]
            ax.add_patch(PathPatch(MplPath(vertices, codes), facecolor=face, edgecolor=BORDER, linewidth=0.4))
            if colours:  # hatched with the other classes left open
                ax.add_patch(PathPatch(MplPath(vertices, codes), facecolor="none", edgecolor=colours[-1],
                                       hatch="////", linewidth=0))
        handles = []
        for css in legend_classes(drawn):
            label = w[css]
            if css == "uncertain":
                handles.append(Patch(facecolor=CLASS_COLOURS["member"], edgecolor=CLASS_COLOURS["none"], hatch="////",
                                     label=label))
            else:
                handles.append(Patch(facecolor=CLASS_COLOURS[css], edgecolor="#999999", linewidth=0.5, label=label))
        ax.legend(handles=handles, loc="upper left", fontsize=9, framealpha=0.85)
        fig.text(12 / frame.width, 1 - 24 / height, data.heading, fontsize=13, fontweight="bold", color="#222222")
        fig.text(12 / frame.width, 1 - 46 / height, w["on"].format(date=data.date_text), fontsize=11, color="#222222")
        for i, (_, note) in enumerate(_notes(data, w)):
            fig.text(12 / frame.width, (FOOTER - 15 - 13 * i) / height, note, fontsize=7.5, color="#555555")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        plt.close(fig)
    return buffer.getvalue()
