"""An organization's members on a date, as map data: one class per country, and its history for a slider.

Each state that held a status in the organization (``statuses-in`` helper) gets the
:func:`csto_kg.query.panel.cell` of its claims over the days the date stands for (a year
or a month is a range of days), turned into one class:

- ``member``: a membership (or treaty participation) in force, founding or not;
- ``associate``, ``observer``, ``suspended``: those statuses;
- ``former``: no status then, after a membership in force ended (or a withdrawal is recorded);
- ``none``: no status (every other country of the map too);
- ``uncertain``: the sources, or a date known only to the year or month, leave more than one
  of these open (``candidates`` lists them: Uzbekistan in the CSTO after 2012 is self-suspended
  per the country table and a former member per the list of former signatory states).

A state with no outline in the map data (the Soviet Union and other former states: the
outlines are today's borders) is listed in ``not_drawn``, never drawn as a guess.
:func:`map_history` gives the classes from the organization's founding to its end (or the
graph's latest date), as segments between the days on which some class changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import URIRef

from csto_kg.charts import ROLE_COLOURS, SOURCE_NOTE
from csto_kg.errors import UsageError
from csto_kg.maps.outlines import Atlas, atlas
from csto_kg.namespaces import CSTO
from csto_kg.query.panel import Claim, Lifespan, cell, claims_from, horizon, lifespan_from
from csto_kg.query.parameters import parse_date
from csto_kg.query.periods import ONE_DAY, span_of

CLASS_COLOURS = {  # the timeline chart's palette (csto_kg.charts.ROLE_COLOURS)
    "member": ROLE_COLOURS[str(CSTO.FullMember)],
    "associate": ROLE_COLOURS[str(CSTO.AssociateMember)],
    "observer": ROLE_COLOURS[str(CSTO.Observer)],
    "suspended": ROLE_COLOURS[str(CSTO.SuspendedMember)],
    "former": ROLE_COLOURS[str(CSTO.FormerMember)],
    "none": "#e6e6e6",
}
CLASSES = ("member", "associate", "observer", "suspended", "former", "uncertain", "none")
WORDS = {
    "en": {"member": "member", "associate": "associate member", "observer": "observer",
           "suspended": "suspended", "former": "former member", "none": "no status",
           "uncertain": "uncertain: the sources, or a date's precision, leave it open",
           "members": "{org}: members", "on": "on {date}", "or": " or ", "colon": ": ",
           "not drawn": "Not drawn (no outline: the map has today's borders): {states}",
           "outside": "Outside the map: {states}",
           "outlines": "Outlines: Natural Earth (public domain), via {version}; today's de facto borders"},
    "fr": {"member": "membre", "associate": "membre associé", "observer": "observateur",
           "suspended": "suspendu", "former": "ancien membre", "none": "aucun statut",
           "uncertain": "incertain : les sources, ou la précision d'une date, le laissent ouvert",
           "members": "{org} : membres", "on": "au {date}", "or": " ou ", "colon": " : ",
           "not drawn": "Non dessinés (pas de contour : la carte a les frontières actuelles) : {states}",
           "outside": "Hors de la carte : {states}",
           "outlines": "Contours : Natural Earth (domaine public), via {version} ; frontières de facto actuelles"},
}
_CLASS_OF_STATUS = {"founding member": "member", "member": "member", "associate member": "associate",
                    "observer": "observer", "suspended": "suspended", "former member": "former"}


def words(lang: str) -> dict:
    """The map's words in ``lang`` (English for a language without its own)."""
    return WORDS.get(lang, WORDS["en"])


@dataclass(frozen=True)
class CountryStatus:
    """One state on the map on a date: its class, the classes left open, and why."""

    state: URIRef
    label: str
    css_class: str
    candidates: tuple
    certainty: str
    sources: tuple

    def title(self, lang: str = "en") -> str:
        """The tooltip: ``"Armenia: member"``, ``"Uzbekistan: suspended or former member (uncertain: ...)"``."""
        w = words(lang)
        text = self.label + w["colon"] + w["or"].join(w[c] for c in self.candidates)
        return text + (f" ({self.certainty})" if self.css_class == "uncertain" else "")


@dataclass
class MemberMap:
    """What a map of an organization's members on a date shows, as data."""

    organization: URIRef
    heading: str
    date_text: str
    countries: dict  # ISO 3166-1 alpha-3 -> CountryStatus, for the states that hold or held a status
    not_drawn: list  # labels of the states with a status but no outline
    atlas: Atlas
    lang: str = "en"
    source_note: str = SOURCE_NOTE
    outside: list = field(default_factory=list)  # labels of the states with a status outside the frame

    def css_class(self, alpha3: str) -> str:
        """The class of a country of the map (``none`` for one with no status)."""
        status = self.countries.get(alpha3)
        return status.css_class if status else "none"


@dataclass
class MapHistory:
    """The classes from ``first`` to ``last``, as segments: each starts on its day and lasts to the next."""

    organization: URIRef
    first: dt.date
    last: dt.date
    segments: list = field(default_factory=list)  # (first day, {alpha3: CountryStatus})


class _Organization:
    """What every map of one organization needs: the claims by state, its lifespan, the outlines."""

    def __init__(self, kg, org: str, lang: str):
        self.lang = lang
        self.target = kg.resolve(org, option="--org")
        label = kg.labeler(lang=lang)
        self.label = label
        result = kg.query("statuses-in", org=self.target)
        claims = claims_from(result)
        if not claims:
            raise UsageError(f"no map for {label(self.target)}: no state holds a status in it in the graph")
        self.life: Lifespan = lifespan_from(result)
        self.by_state: dict[URIRef, list[Claim]] = {}
        for claim in claims:
            self.by_state.setdefault(claim.state, []).append(claim)
        self.atlas = atlas()
        self.outlines, self.outside, self.not_drawn = placement(self.atlas, self.by_state, kg.labeler(lang="en"))
        self.horizon = horizon(kg)

    def member_map(self, date_text: str, first: dt.date, last: dt.date) -> MemberMap:
        return MemberMap(self.target, self.heading(), date_text, self.statuses(first, last),
                         [self.label(s) for s in self.not_drawn], self.atlas, self.lang,
                         outside=[self.label(s) for s in self.outside])

    def heading(self) -> str:
        return words(self.lang)["members"].format(org=self.label(self.target))

    def statuses(self, first: dt.date, last: dt.date) -> dict:
        return {self.outlines[state].alpha3: country_status(state, self.label(state), claims, first, last)
                for state, claims in self.by_state.items() if state in self.outlines}

    def bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last day the organization may have existed (the last: at most the graph's latest date)."""
        if self.life.founded is not None:
            first = self.life.founded.first
        else:
            starts = [c.period.earliest_start for cs in self.by_state.values() for c in cs]
            dated = [d for d in starts if d > dt.date.min]
            if not dated:
                raise UsageError(f"the graph dates neither the founding of {self.label(self.target)} "
                                 "nor any status in it")
            first = min(dated)
        last = self.horizon
        if self.life.dissolved is not None:
            last = min(last, self.life.dissolved.last - ONE_DAY)
        return first, max(first, last)


def placement(atlas_: Atlas, states, label_en) -> tuple[dict, list, list]:
    """Which states are drawn (state -> Outline, matched by English label), which are outside the
    frame, and which have no outline at all.

    >>> from csto_kg.namespaces import KG
    >>> names = {KG.Armenia: "Armenia", KG.Cuba: "Cuba", KG.SovietUnion: "Soviet Union"}
    >>> drawn, outside, missing = placement(atlas(), names, names.get)
    >>> drawn[KG.Armenia].alpha3, [str(s) for s in outside + missing]
    ('ARM', ['https://w3id.org/csto-kg/id/Cuba', 'https://w3id.org/csto-kg/id/SovietUnion'])
    """
    drawn, outside, missing = {}, [], []
    for state in sorted(states):
        outline = atlas_.find(label_en(state))
        if outline is None or not outline.alpha3:
            missing.append(state)
        elif outline.rings:
            drawn[state] = outline
        else:
            outside.append(state)
    return drawn, outside, missing


def country_status(state: URIRef, label: str, claims: list, first: dt.date, last: dt.date) -> CountryStatus:
    """The class of one state from its claims over ``first``-``last`` (see the module's text)."""
    c = cell(claims, first, last)
    candidates = []
    for status in c.statuses:
        if status == "none":
            ended = any(claim.in_force and claim.period.ended_before(first) for claim in claims)
            candidates.append("former" if ended else "none")
        else:
            candidates.append(_CLASS_OF_STATUS[status])
    candidates = tuple(k for k in CLASSES if k in candidates)
    css = candidates[0] if len(candidates) == 1 else "uncertain"
    return CountryStatus(state, label, css, candidates, c.status_certainty if css == "uncertain" else "certain",
                         c.sources)


def member_map(kg, *, org: str, date: str, lang: str = "en") -> MemberMap:
    """The map data of ``org``'s members on ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).

    >>> from csto_kg import KnowledgeGraph
    >>> m = member_map(KnowledgeGraph.load(), org="GUAM", date="2003-01-01")
    >>> m.heading
    'GUAM Organization for Democracy and Economic Development: members'
    >>> {code: s.css_class for code, s in sorted(m.countries.items())}
    {'AZE': 'member', 'GEO': 'member', 'MDA': 'member', 'UKR': 'member', 'UZB': 'member'}
    """
    context = _Organization(kg, org, lang)
    span = span_of(parse_date(date, option="--date"))
    if not context.life.exists(span.last):
        raise UsageError(f"--date {date}: {context.label(context.target)} did not exist then "
                         f"({context.life.describe()})")
    return context.member_map(date, span.first, span.last)


def map_history(kg, *, org: str, lang: str = "en") -> tuple[MapHistory, MemberMap]:
    """The classes over the organization's whole history (day by day, as segments), and its map on the last day.

    >>> from csto_kg import KnowledgeGraph
    >>> history, last = map_history(KnowledgeGraph.load(), org="GUAM")
    >>> [(day.isoformat(), statuses["UZB"].css_class) for day, statuses in history.segments]
    [('1997-10-10', 'none'), ('1999-04-24', 'member'), ('2005-05-01', 'uncertain'), ('2005-06-01', 'former')]
    """
    context = _Organization(kg, org, lang)
    first, last = context.bounds()
    days = {first}
    for claims in context.by_state.values():
        for claim in claims:
            days |= {d for d in claim.period.changes() if first < d <= last}
    segments, previous = [], None
    for day in sorted(days):
        statuses = context.statuses(day, day)
        classes = {k: (s.css_class, s.candidates, s.certainty) for k, s in statuses.items()}
        if classes != previous:
            segments.append((day, statuses))
            previous = classes
    final = context.member_map(last.isoformat(), last, last)
    return MapHistory(context.target, first, last, segments), final
