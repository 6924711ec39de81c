"""Membership timeline charts: the data (from the helper queries) and its drawing (matplotlib).

:func:`membership_chart` gathers what to draw as plain data: one row per state (or per
organization with ``state=``), one bar per membership claim, coloured by role, with
each boundary kept at the precision the sources give; treaty actions and interventions
as markers. :func:`draw_chart` renders it as SVG (text kept as text) or PNG and writes
the file atomically.

A boundary known to the year or month covers a range of days: the bar is solid where
the membership certainly holds and hatched over the range where it may begin or end. A
beginning that is not given, or known only as "before" a date, is hatched from the left
edge of the chart; an open end (still valid when the source was written) fades out at the
right edge.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from csto_kg import i18n
from csto_kg.atomicio import atomic_write
from csto_kg.errors import UsageError
from csto_kg.query.parameters import parse_date
from csto_kg.query.periods import Span, span_of  # noqa: F401 - span_of is part of this module's API

if TYPE_CHECKING:  # pragma: no cover
    from csto_kg.api import KnowledgeGraph

CSTO = "https://w3id.org/csto-kg/ontology#"
ROLE_COLOURS = {  # colour-blind-safe (Okabe-Ito)
    CSTO + "FoundingMember": "#0072B2",
    CSTO + "FullMember": "#56B4E9",
    CSTO + "AssociateMember": "#009E73",
    CSTO + "Observer": "#E69F00",
    CSTO + "SuspendedMember": "#999999",
    CSTO + "SelfSuspendedMember": "#999999",
    CSTO + "SuspendedByDecision": "#999999",
    CSTO + "FormerMember": "#000000",
}
OTHER_COLOUR = "#CC79A7"
SOURCE_NOTE = "Source: csto-kg, from the French Wikipedia article on the CSTO and cross-checked public sources"
HATCHING_NOTE = "Hatched: date known only to the year, month or as a bound; fading: open end."


@dataclass(frozen=True)
class Bar:
    """One membership claim: its row, role, and boundaries (``None`` = not given / open)."""

    membership: URIRef
    row: URIRef
    role: URIRef
    role_label: str
    start: Span | None
    start_before: dt.date | None
    end: Span | None


@dataclass(frozen=True)
class Marker:
    """A dated act on a row: a treaty action or an intervention."""

    row: URIRef
    when: Span
    kind: str  # "treaty action" or "intervention"
    label: str


@dataclass
class Chart:
    """Everything a timeline picture shows, as data."""

    title: str
    rows: list[URIRef]
    row_labels: dict[URIRef, str]
    bars: list[Bar] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    window: tuple[dt.date, dt.date] | None = None
    source_note: str = SOURCE_NOTE
    lang: str = "en"  # of the title, notes and legend (i18n); labels come in it from the graph


def _before(value) -> dt.date | None:
    if value is None or not str(value).startswith("before "):
        return None
    return span_of(str(value)[len("before "):]).first


def membership_chart(kg: "KnowledgeGraph", *, org: str | None = None, state: str | None = None,
                     since: str | None = None, until: str | None = None, lang: str = "en") -> Chart:
    """The chart data for an organization's members (``org``) or one state's memberships (``state``).

    >>> from csto_kg import KnowledgeGraph
    >>> chart = membership_chart(KnowledgeGraph.load(), org="GUAM")
    >>> len(chart.bars), chart.title
    (5, 'GUAM Organization for Democracy and Economic Development: members')
    >>> membership_chart(KnowledgeGraph.load(), org="GUAM", lang="ru").title
    'Организация за демократию и экономическое развитие — ГУАМ: члены'
    """
    if (org is None) == (state is None):
        raise UsageError("give either --org or --state: --org O draws a row per member of O, --state S "
                         "a row per organization or treaty of S (e.g. --org CSTO)")
    label = kg.labeler(lang=lang)
    window = _window(since, until)
    if org is not None:
        target = kg.resolve(org, option="--org")
        result = kg.query("memberships-of", org=target)
        bars = [_bar(r, row=r["member"], label=label) for r in result.rows]
        title = i18n.text("{name}: members", lang, name=label(target))
        markers = _org_markers(kg, target, {b.row for b in bars}, label)
    else:
        target = kg.resolve(state, option="--state")
        history = kg.query("membership-history", state=target).rows
        claims = _state_claims(kg, target)
        bars = [_bar(r, row=r["body"], label=label, membership=None, claims=claims) for r in history
                if str(r["kind"]) in ("membership", "treaty participation", "suspension", "former membership")]
        title = i18n.text("{name}: memberships and treaty participations", lang, name=label(target))
        markers = [Marker(r["body"], span_of(r["start"]), "treaty action", label(r["role"]))
                   for r in history if str(r["kind"]) == "treaty action"]
    rows = _row_order(bars, markers)
    if not rows:
        raise UsageError(f"nothing to draw for {org or state}: no memberships recorded; give an organization "
                         "with members (csto-kg query memberships-of --org O lists them) or a state that "
                         "belongs to one")
    return Chart(title=title, rows=rows, row_labels={r: label(r) for r in rows}, bars=bars,
                 markers=[m for m in markers if m.row in rows], window=window,
                 source_note=i18n.text(SOURCE_NOTE, lang), lang=lang)


def _bar(result_row: dict, *, row: URIRef, label, membership: str | None = "membership",
         claims: dict | None = None) -> Bar:
    start = result_row.get("start")
    values = tuple(str(result_row.get(c) or "") for c in ("body", "role", "start", "end"))
    if membership:
        key = result_row[membership]
    elif len((claims or {}).get(values, ())) == 1:  # membership-history has no claim column: matched
        key = next(iter(claims[values]))
    else:  # no single claim with these values: a stable key from them (a valid XML id)
        key = URIRef("urn:csto-kg:bar:" + re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(
            [values[0].rsplit("/", 1)[-1], values[1].rsplit("#", 1)[-1], *values[2:]])))
    dated = start is not None and not str(start).startswith("before ")
    return Bar(membership=key, row=row, role=result_row["role"], role_label=label(result_row["role"]),
               start=span_of(start) if dated else None, start_before=_before(start),
               end=span_of(result_row.get("end")))


def _state_claims(kg, state: URIRef) -> dict[tuple, set]:
    """The status claims of ``state`` (memberships, treaty participations, suspensions, former
    memberships) by (body, role, start, end) as membership-history gives them, so that each
    bar carries its claim's IRI when it has one."""
    bound = "(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear)"
    result = kg.sparql(f"""SELECT ?claim ?body ?role ?start ?end WHERE {{
      ?claim a csto:Status ; csto:statusHolder {state.n3()} ; csto:statusIn ?body ; csto:statusRole ?role ;
             csto:statusDuring ?i .
      OPTIONAL {{ ?i time:hasBeginning/{bound} ?startValue }}
      OPTIONAL {{ ?i time:hasBeginning/time:before/{bound} ?beforeDate }}
      BIND(COALESCE(?startValue, CONCAT("before ", STR(?beforeDate))) AS ?start)
      OPTIONAL {{ ?i time:hasEnd/{bound} ?end }} }}""")
    claims: dict[tuple, set] = {}
    for row in result.rows:
        values = tuple(str(row.get(c) or "") for c in ("body", "role", "start", "end"))
        claims.setdefault(values, set()).add(row["claim"])
    return claims


def _org_markers(kg, target: URIRef, members: set, label) -> list[Marker]:
    from csto_kg.vocab import CSTO as V

    instruments = set(kg.dataset.objects(target, V.implements)) | set(kg.dataset.objects(target, V.establishedBy))
    markers = []
    for member in sorted(members):
        for row in kg.query("membership-history", state=member).rows:
            if str(row["kind"]) == "treaty action" and row["body"] in instruments:
                markers.append(Marker(member, span_of(row["start"]), "treaty action",
                                      f"{label(row['role'])}: {label(row['body'])}"))
    markers.extend(_interventions(kg, target, label))
    return markers


def _interventions(kg, target: URIRef, label) -> list[Marker]:
    seen, markers = set(), []
    for row in kg.query("interventions", org=target).rows:
        key = (row["intervention"], row["host_state"])
        if key in seen or row.get("start") is None:
            continue
        seen.add(key)
        markers.append(Marker(row["host_state"], span_of(row["start"]), "intervention", label(row["intervention"])))
    return markers


def _row_order(bars: list[Bar], markers: list[Marker]) -> list[URIRef]:
    earliest: dict[URIRef, dt.date] = {}
    far = dt.date(9999, 12, 31)
    for bar in bars:
        first = bar.start.first if bar.start else (bar.start_before or dt.date(1, 1, 1))
        earliest[bar.row] = min(earliest.get(bar.row, far), first)
    for marker in markers:
        earliest.setdefault(marker.row, marker.when.first)
    return sorted(earliest, key=lambda r: (earliest[r], str(r)))


def _window(since: str | None, until: str | None) -> tuple[dt.date, dt.date] | None:
    if since is None and until is None:
        return None
    first = span_of(parse_date(since, option="--from")).first if since else dt.date(1, 1, 1)
    last = span_of(parse_date(until, option="--to")).last if until else dt.date(9999, 12, 31)
    if last < first:
        raise UsageError(f"--to {until} is before --from {since}")
    return first, last


def draw_chart(chart: Chart, path: str | Path, *, fmt: str | None = None) -> Path:
    """Draw ``chart`` as SVG or PNG (from ``fmt`` or the file extension) and write it atomically.

    >>> import tempfile, datetime as dt
    >>> from rdflib import URIRef
    >>> r = URIRef("https://w3id.org/csto-kg/id/Armenia")
    >>> c = Chart(title="Members", rows=[r], row_labels={r: "Armenia"}, bars=[Bar(URIRef("urn:m"), r,
    ...           URIRef(CSTO + "FoundingMember"), "founding member", Span(dt.date(2002, 10, 7),
    ...           dt.date(2002, 10, 7)), None, None)])
    >>> out = draw_chart(c, tempfile.mkdtemp() + "/chart.svg")
    >>> "Armenia" in out.read_text()
    True
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in ("svg", "png"):
        raise UsageError(f"{path}: the chart is written as .svg or .png, not '{path.suffix or fmt}'")
    data = render_chart(chart, fmt=fmt)
    atomic_write(path, data)
    return path


def render_chart(chart: Chart, *, fmt: str = "svg") -> bytes:
    """The chart's bytes as SVG or PNG (matplotlib, Agg backend, text kept as text in SVG)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.lines import Line2D
    import matplotlib.dates as mdates

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "csto-kg",
                                "font.family": "DejaVu Sans", "font.size": 9}):
        left, right = _extent(chart)
        n = len(chart.rows)
        fig, ax = plt.subplots(figsize=(11, 1.6 + 0.32 * max(n, 3)), dpi=100)
        index = {row: i for i, row in enumerate(chart.rows)}
        for bar, lane in zip(chart.bars, _lanes(chart.bars, left, right)):
            _draw_bar(ax, bar, index[bar.row], lane, left, right, Rectangle, mdates)
        for marker in chart.markers:
            x = mdates.date2num(marker.when.first)
            if not (mdates.date2num(left) <= x <= mdates.date2num(right)):
                continue
            symbol = "v" if marker.kind == "treaty action" else "*"
            ax.plot([x], [index[marker.row]], symbol, color="black", markersize=6 if symbol == "v" else 9,
                    gid=f"marker-{marker.kind.replace(' ', '-')}", zorder=5)
        ax.set_yticks(range(n), [chart.row_labels[r] for r in chart.rows])
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(mdates.date2num(left), mdates.date2num(right))
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=5, maxticks=12))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(chart.title, loc="left", fontsize=11, fontweight="bold")
        footer = chart_footer(chart)
        fig.text(0.01, 0.01, footer, fontsize=7, color="#555555")
        roles, kinds = chart_legend(chart)
        handles = [Patch(facecolor=ROLE_COLOURS.get(role, OTHER_COLOUR), label=label) for role, label in roles]
        handles += [Line2D([], [], marker="v" if kind == "treaty action" else "*", color="black", linestyle="",
                           label=label) for kind, label in kinds]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        fig.tight_layout(rect=(0, 0.04 * (footer.count("\n") + 1), 1, 1))
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        plt.close(fig)
    return buffer.getvalue()


def chart_footer(chart: Chart) -> str:
    """The footer: the sources, then how to read hatching and fading, in the chart's language
    (on two lines when one would be wider than the figure)."""
    note = i18n.text(HATCHING_NOTE, chart.lang)
    footer = chart.source_note + ". " + note
    return footer if len(footer) <= 180 else chart.source_note + ".\n" + note


def chart_legend(chart: Chart) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The legend: (role IRI, label) in the palette's order, then (marker kind, label), labels in the chart's language.

    >>> import datetime as dt
    >>> r = URIRef("https://w3id.org/csto-kg/id/Armenia")
    >>> day = Span(dt.date(2002, 10, 7), dt.date(2002, 10, 7))
    >>> c = Chart(title="", rows=[r], row_labels={}, lang="ru", markers=[Marker(r, day, "treaty action", "")],
    ...           bars=[Bar(URIRef("urn:m"), r, URIRef(CSTO + "Observer"), "наблюдатель", day, None, None)])
    >>> chart_legend(c)
    ([('https://w3id.org/csto-kg/ontology#Observer', 'наблюдатель')], [('treaty action', 'действие по договору')])
    """
    roles = sorted({(str(b.role), b.role_label) for b in chart.bars},
                   key=lambda rl: list(ROLE_COLOURS).index(rl[0]) if rl[0] in ROLE_COLOURS else 99)
    kinds = [(kind, i18n.text(kind, chart.lang)) for kind in sorted({m.kind for m in chart.markers})]
    return roles, kinds


def _extent(chart: Chart) -> tuple[dt.date, dt.date]:
    dates = [d for b in chart.bars for s in (b.start, b.end) if s for d in (s.first, s.last)]
    dates += [b.start_before for b in chart.bars if b.start_before]
    dates += [m.when.first for m in chart.markers]
    if not dates:
        dates = [dt.date.today()]
    left = dt.date(min(dates).year - 1, 1, 1)
    open_ended = any(b.end is None for b in chart.bars)
    right = dt.date(max(max(dates).year + 2, dt.date.today().year + 1 if open_ended else 0), 1, 1)
    if chart.window:
        left = max(left, chart.window[0]) if chart.window[0].year > 1 else left
        right = min(right, chart.window[1]) if chart.window[1].year < 9999 else right
    return left, right


def _lanes(bars: list[Bar], left: dt.date, right: dt.date) -> list[tuple[int, int]]:
    """Per bar (same order): its lane and the number of lanes of its row.

    Claims of one row that overlap in time (two sources disagreeing) are drawn side by
    side in thinner lanes; claims that follow each other share one lane.
    """
    def reach(bar: Bar) -> tuple[dt.date, dt.date]:
        first = bar.start.first if bar.start else left
        last = bar.end.last if bar.end else right
        return first, last

    lane_of: list[int] = [0] * len(bars)
    lanes_in_row: dict[URIRef, list[dt.date]] = {}
    order = sorted(range(len(bars)), key=lambda i: (reach(bars[i])[0], str(bars[i].membership)))
    for i in order:
        first, last = reach(bars[i])
        ends = lanes_in_row.setdefault(bars[i].row, [])
        for lane, end in enumerate(ends):
            if end <= first:
                ends[lane] = last
                lane_of[i] = lane
                break
        else:
            ends.append(last)
            lane_of[i] = len(ends) - 1
    return [(lane_of[i], len(lanes_in_row[bars[i].row])) for i in range(len(bars))]


def _draw_bar(ax, bar: Bar, y: int, lane: tuple[int, int], left, right, Rectangle, mdates) -> None:
    height = 0.7 / lane[1]
    top = y - 0.35 + lane[0] * height
    colour = ROLE_COLOURS.get(str(bar.role), OTHER_COLOUR)
    x = mdates.date2num
    if bar.start is not None:
        fuzzy_from, solid_from = bar.start.first, bar.start.last
    else:
        fuzzy_from, solid_from = left, bar.start_before or left
    if bar.end is not None:
        solid_to, fuzzy_to = bar.end.first, bar.end.last
    else:
        solid_to, fuzzy_to = right, right
    gid = "membership-" + str(bar.membership).rsplit("/", 1)[-1]
    solid_from, solid_to = max(solid_from, left), min(solid_to, right)
    if solid_to > solid_from:
        ax.add_patch(Rectangle((x(solid_from), top), x(solid_to) - x(solid_from), height, facecolor=colour,
                               edgecolor="none", gid=gid))
    else:  # the whole bar is uncertain: keep one identifiable patch
        ax.add_patch(Rectangle((x(max(fuzzy_from, left)), top), max(x(min(fuzzy_to, right)) - x(max(fuzzy_from, left)), 1),
                               height, facecolor="none", edgecolor=colour, hatch="////", gid=gid))
        return
    if solid_from > fuzzy_from:
        ax.add_patch(Rectangle((x(max(fuzzy_from, left)), top), x(solid_from) - x(max(fuzzy_from, left)), height,
                               facecolor="none", edgecolor=colour, hatch="////", linewidth=0.5))
    if bar.end is not None and fuzzy_to > solid_to:
        ax.add_patch(Rectangle((x(solid_to), top), x(min(fuzzy_to, right)) - x(solid_to), height,
                               facecolor="none", edgecolor=colour, hatch="\\\\\\\\", linewidth=0.5))
    if bar.end is None:
        span = (x(right) - x(left)) * 0.03
        for i in range(6):
            ax.add_patch(Rectangle((x(right) - span * (6 - i) / 6, top), span / 6, height, facecolor="white",
                                   alpha=(i + 1) / 7, edgecolor="none"))
