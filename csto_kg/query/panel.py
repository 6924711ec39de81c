"""State-year panels in the Correlates of War IGO coding, and a state's status on any day.

The claims are the rows of the ``statuses-in`` helper (every status a state has held in an
organization or under a treaty, with its dates at the sources' precision and the conflicts
it is a side of). :func:`cell` says what the claims of one state give on a day or a range of
days: every status the sources allow, its COW IGO code, how certain that is and the passages
behind it. Two claims named by one ``csto:Conflict`` are alternatives (one source or the
other is right), so each choice among them is a *reading*; a date known only to the year or
month may fall on either side of the day. The cell is certain when every reading and every
day a coarse date may stand for give the same code.

The yearly rule (see the README, Panel): a year is coded with the status in force on
31 December of that year, so the year of an accession counts as a year of membership and
the year of a withdrawal or a suspension as a year of the new status. The panel has rows
only for the years the organization existed on that day (founded, for a treaty concluded,
and not dissolved), and, with ``states="all"``, only for the states that had not ceased to
exist (the Soviet Union after 1991). The maps (:mod:`csto_kg.maps`) use the same cells.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from rdflib import URIRef

from csto_kg.errors import UsageError
from csto_kg.namespaces import CSTO
from csto_kg.query.periods import BEFORE, NOT_GIVEN, PRECISION, Period, Span, span_of

STATUS_ORDER = ("founding member", "member", "associate member", "observer", "suspended", "former member", "none")
COW_CODES = {"founding member": 1, "member": 1, "associate member": 2, "observer": 3,
             "suspended": 0, "former member": 0, "none": 0}
MISSING = -9  # COW IGO: missing data (here: the sources or the dates leave the code open)
DISAGREE = "sources disagree"
STATUS_OF_CONCEPT = {CSTO.FullMember: "member", CSTO.AssociateMember: "associate member",
                     CSTO.Observer: "observer", CSTO.SuspendedMember: "suspended",
                     CSTO.FormerMember: "former member"}
COLUMNS = ("state", "state_label", "year", "cow_status", "status", "certainty", "sources")
STATE_CHOICES = ("members", "all")

#: the latest date of the graph: the panel's (and the maps') default end for an organization still in existence
HORIZON_QUERY = """SELECT (MAX(STR(?value)) AS ?latest)
WHERE { ?instant time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?value }"""
#: every state of the graph and, when the graph dates it, its dissolution (``states="all"``)
ALL_STATES_QUERY = """SELECT ?state ?until WHERE { ?state a csto:State .
  OPTIONAL { ?state csto:dissolvedOn/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?until } }"""


@dataclass(frozen=True)
class Claim:
    """One status claim of a state: what it says (``status``), when it holds, its conflicts and sources."""

    iri: URIRef
    state: URIRef
    status: str
    period: Period
    conflicts: frozenset = frozenset()
    sources: tuple = ()

    @property
    def in_force(self) -> bool:
        """A membership (or participation) in force: founding member, member, associate member."""
        return self.status in ("founding member", "member", "associate member")


def status_of(role, concept) -> str:
    """Our name of a status from its role and the role's top concept in ``csto:StatusScheme``.

    >>> status_of(CSTO.FoundingMember, CSTO.FullMember), status_of(CSTO.SelfSuspendedMember, CSTO.SuspendedMember)
    ('founding member', 'suspended')
    """
    if role == CSTO.FoundingMember:
        return "founding member"
    try:
        return STATUS_OF_CONCEPT[concept]
    except KeyError:
        raise UsageError(f"status role {role} is not under a top concept of csto:StatusScheme") from None


def claims_from(result) -> list[Claim]:
    """The claims in a ``statuses-in`` result (rows: claim, state, role, status, start, end, conflicts, sources)."""
    return [Claim(iri=row["claim"], state=row["state"], status=status_of(row["role"], row["status"]),
                  period=Period.from_values(row.get("start"), row.get("end")),
                  conflicts=frozenset(str(row.get("conflicts") or "").split()),
                  sources=tuple(s for s in str(row.get("sources") or "").split(" | ") if s))
            for row in result.rows]


@dataclass(frozen=True)
class Cell:
    """What the claims of one state give on a day (or range of days)."""

    statuses: tuple  # every status the sources allow, in STATUS_ORDER ("none": no status)
    cow_status: int  # the COW IGO code, or MISSING when the readings disagree on it
    certainty: str  # of the code: "certain" or "uncertain: <why>"
    status_certainty: str  # of the statuses (a founding member or a member: uncertain, though the code is 1)
    sources: tuple  # the passages behind the cell (sorted labels)
    holding: tuple = ()  # the claims that hold (or may hold) then

    @property
    def status(self) -> str:
        """The statuses as one text: ``"member"``, ``"suspended or none"``."""
        return " or ".join(self.statuses)


def _code(outcome: frozenset) -> int:
    codes = {COW_CODES[s] for s in outcome} or {0}
    return codes.pop() if len(codes) == 1 else MISSING


def cell(claims: list[Claim], first: dt.date, last: dt.date | None = None) -> Cell:
    """The cell of one state's ``claims`` on every day from ``first`` to ``last`` (default: ``first``).

    >>> from csto_kg.namespaces import KG
    >>> def claim(name, status, start, end=None, conflicts=()):
    ...     return Claim(KG[name], KG.Belarus, status, Period.from_values(start, end), frozenset(conflicts), (name,))
    >>> belarus = [claim("list", "founding member", "1992", conflicts=["c"]),
    ...            claim("history", "member", "1993-12-31", conflicts=["c"])]
    >>> c = cell(belarus, dt.date(1992, 12, 31))  # per the list a founding member, per the history not yet
    >>> c.status, c.cow_status, c.certainty, c.sources
    ('founding member or none', -9, 'uncertain: sources disagree, see the conflicts helper', ('history', 'list'))
    >>> c = cell(belarus, dt.date(1994, 12, 31))  # both say member in force: code 1, whatever the role
    >>> c.status, c.cow_status, c.certainty, c.status_certainty
    ('founding member or member', 1, 'certain', 'uncertain: sources disagree, see the conflicts helper')
    >>> cell([], dt.date(2000, 12, 31)).status
    'none'
    """
    last = last or first
    verdicts = {c: c.period.holds(first, last) for c in claims}
    groups = _conflict_groups(claims)
    readings = []  # per choice among the conflicting claims: the possible outcomes, and what leaves them open
    for choice in itertools.product(*groups):
        chosen = set(choice)
        included = [c for c in claims if all(c in chosen for g in groups if c in g)]
        base = frozenset(c.status for c in included if verdicts[c][0] == "yes")
        results = {base}
        maybes = [c for c in included if verdicts[c][0] == "maybe"]
        for claim in maybes:
            results |= {r | {claim.status} for r in results}
        readings.append((results, {verdicts[c][1] for c in maybes if c.status not in base}))
    outcomes = set().union(*(results for results, _ in readings))
    statuses = set().union(*outcomes) | ({"none"} if frozenset() in outcomes else set())
    codes = {_code(o) for o in outcomes}
    holding = tuple(c for c in claims if verdicts[c][0] != "no")
    disputed = ", see the conflicts helper" if groups or any(c.conflicts for c in holding) else ""
    return Cell(statuses=tuple(s for s in STATUS_ORDER if s in statuses),
                cow_status=codes.pop() if len(codes) == 1 else MISSING,
                certainty=_judge(readings, _code, lambda o: _code(o) == MISSING, disputed),
                status_certainty=_judge(readings, lambda o: o, lambda o: len(o) > 1, disputed),
                sources=_sources(claims, holding, groups, first), holding=holding)


def _judge(readings, key, contradictory, disputed: str) -> str:
    """"certain" when every reading and every day give one value of ``key``, else why not."""
    precision, seen, disagree = set(), set(), False
    for results, why in readings:
        values = frozenset(key(o) for o in results)
        if len(values) > 1:
            precision |= why
        seen.add(values)
        disagree = disagree or any(contradictory(o) for o in results)
    disagree = disagree or len(seen) > 1
    if not precision and not disagree:
        return "certain"
    reasons = [why for why in (PRECISION, BEFORE, NOT_GIVEN) if why in precision]
    return "uncertain: " + "; ".join(reasons + ([DISAGREE + disputed] if disagree else []))


def _conflict_groups(claims: list[Claim]) -> list[list[Claim]]:
    """The claims named by each conflict (two or more of these claims): alternatives."""
    by_conflict: dict[str, list[Claim]] = {}
    for claim in claims:
        for conflict in claim.conflicts:
            by_conflict.setdefault(conflict, []).append(claim)
    return [by_conflict[k] for k in sorted(by_conflict) if len(by_conflict[k]) > 1]


def _sources(claims, holding, groups, first: dt.date) -> tuple:
    """The passages of the claims that hold (and their rivals); none holding: of those that ended before."""
    behind = set(holding)
    for group in groups:
        if behind & set(group):
            behind |= set(group)
    if not behind:
        behind = {c for c in claims if c.period.ended_before(first)}
    return tuple(sorted({s for c in behind for s in c.sources}))


# -- the organization's existence ------------------------------------------------

@dataclass(frozen=True)
class Lifespan:
    """When an organization existed: from its founding (a treaty: its conclusion) to its dissolution."""

    founded: Span | None
    dissolved: Span | None
    founded_text: str = ""  # the dates as the graph gives them: "1991-12-08 or 1991-12-21"
    dissolved_text: str = ""

    def describe(self) -> str:
        """``"founded 2000, dissolved 2015 or 2015-01-01"`` (what the graph dates of it)."""
        text = f"founded {self.founded_text}" if self.founded else "founding not dated"
        return text + (f", dissolved {self.dissolved_text}" if self.dissolved else "")

    def exists(self, day: dt.date) -> bool:
        """Whether it may exist on ``day`` (founded on or before it, not certainly dissolved by then)."""
        return Period(self.founded, None, self.dissolved).holds(day)[0] != "no"


def _union(values: str) -> Span | None:
    spans = [span_of(v) for v in values.split()]
    return Span(min(s.first for s in spans), max(s.last for s in spans)) if spans else None


def lifespan_from(result) -> Lifespan:
    """The organization's founding and dissolution from a ``statuses-in`` result (several dates: their union)."""
    row = result.rows[0] if result.rows else {}
    founded, dissolved = str(row.get("org_from") or ""), str(row.get("org_until") or "")
    return Lifespan(_union(founded), _union(dissolved), " or ".join(founded.split()), " or ".join(dissolved.split()))


# -- the panel -------------------------------------------------------------------

@dataclass(frozen=True)
class PanelRow:
    """One state and year of a panel (see :data:`COLUMNS`)."""

    state: URIRef
    state_label: str
    year: int
    cow_status: int
    status: str
    certainty: str
    sources: str

    def values(self) -> tuple:
        return (self.state, self.state_label, self.year, self.cow_status, self.status, self.certainty, self.sources)


@dataclass
class Panel:
    """A state-year panel of one organization: its rows, one per state and year."""

    organization: URIRef
    label: str
    first_year: int
    last_year: int
    rows: list = field(default_factory=list)
    columns: tuple = COLUMNS

    def records(self) -> list[dict]:
        """The rows as plain dicts (IRIs as text), e.g. for JSON or ``pandas.DataFrame``."""
        return [dict(zip(self.columns, (str(v) if isinstance(v, URIRef) else v for v in row.values())))
                for row in self.rows]

    @property
    def states(self) -> list[URIRef]:
        return sorted({row.state for row in self.rows})


def panel_status(statuses: tuple) -> str:
    """The panel's words for the statuses: a withdrawal (former member) is "none" there.

    >>> panel_status(("suspended", "former member")), panel_status(("former member", "none"))
    ('suspended or none', 'none')
    """
    words = [s if s != "former member" else "none" for s in statuses]
    return " or ".join(dict.fromkeys(words))


def year_of(text, *, option: str) -> int | None:
    """A year given as text or int; :class:`UsageError` otherwise.

    >>> year_of("2002", option="--from"), year_of(None, option="--to")
    (2002, None)
    >>> year_of("2002-10", option="--from")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: invalid year '2002-10' for --from: expected YYYY, e.g. 2002
    """
    if text is None:
        return None
    if isinstance(text, int) and not isinstance(text, bool) and 1 <= text <= 9999:
        return text
    if isinstance(text, str) and len(text.strip()) == 4 and text.strip().isdigit() and int(text) >= 1:
        return int(text)
    raise UsageError(f"invalid year '{text}' for {option}: expected YYYY, e.g. 2002")


def panel_of(kg, org: str, *, since=None, until=None, states: str = "members", lang: str = "en") -> Panel:
    """The state-year panel of ``org`` from ``since`` to ``until`` (years; default: its whole existence).

    ``states="members"``: every state that held a status in it at some time; ``"all"``: every
    state of the graph (each up to its dissolution, when the graph dates it). The end defaults
    to the organization's last year, or for one still in existence the last year the graph
    dates anything (an open status counts as still in force until then).

    >>> from csto_kg import KnowledgeGraph
    >>> panel = panel_of(KnowledgeGraph.load(), "GUAM", until=2006)
    >>> panel.first_year, panel.last_year, len(panel.rows)
    (1997, 2006, 50)
    >>> [(r.year, r.cow_status, r.status) for r in panel.rows if r.state_label == "Uzbekistan"][1:4]
    [(1998, 0, 'none'), (1999, 1, 'member'), (2000, 1, 'member')]
    """
    if states not in STATE_CHOICES:
        raise UsageError(f"--states {states}: use members or all")
    since, until = year_of(since, option="--from"), year_of(until, option="--to")
    if since and until and until < since:
        raise UsageError(f"--to {until} is before --from {since}")
    target = kg.resolve(org, option="--org")
    label = kg.labeler(lang=lang)
    result = kg.query("statuses-in", org=target)
    claims = claims_from(result)
    if not claims:
        raise UsageError(f"no panel for {label(target)}: no state holds a status in it in the graph")
    life = lifespan_from(result)
    years = _years(life, claims, since, until, horizon(kg).year, label(target))
    by_state: dict[URIRef, list[Claim]] = {}
    for claim in claims:
        by_state.setdefault(claim.state, []).append(claim)
    ends = {state: None for state in by_state}
    if states == "all":
        for row in kg.sparql(ALL_STATES_QUERY).rows:
            ends[row["state"]] = span_of(row.get("until")) if row.get("until") is not None else ends.get(row["state"])
    rows = []
    for state in sorted(ends):
        name = label(state)
        for year in years:
            day = dt.date(year, 12, 31)
            if ends[state] is not None and ends[state].last <= day:
                continue  # the state no longer existed
            c = cell(by_state.get(state, []), day)
            rows.append(PanelRow(state, name, year, c.cow_status, panel_status(c.statuses), c.certainty,
                                 " | ".join(c.sources)))
    return Panel(organization=target, label=label(target), first_year=years[0], last_year=years[-1], rows=rows)


def horizon(kg) -> dt.date:
    """The last day of the latest date the graph gives (today when it gives none): how far an open status is taken."""
    rows = kg.sparql(HORIZON_QUERY).rows
    value = rows[0].get("latest") if rows else None
    return span_of(value).last if value is not None else dt.date.today()


def _years(life: Lifespan, claims: list[Claim], since, until, horizon_year: int, name: str) -> list[int]:
    """The panel's years: within ``since``-``until`` and the years the organization existed on 31 December."""
    if life.founded is not None:
        first = life.founded.first.year
    else:  # the graph does not date the founding: from the first dated status
        starts = [c.period.earliest_start for c in claims if c.period.earliest_start > dt.date.min]
        if not starts and since is None:
            raise UsageError(f"give --from YEAR: the graph dates neither the founding of {name} nor any status in it")
        first = min(starts).year if starts else since
    if life.dissolved is not None:
        last = life.dissolved.last.year
    else:  # still in existence: up to the graph's horizon, or as far as asked
        last = until if until is not None else max(horizon_year, first)
    wanted = range(max(first, since or first), min(last, until or last) + 1)
    years = [y for y in wanted if life.exists(dt.date(y, 12, 31))]
    if not years:
        raise UsageError(f"no panel rows: {name} did not exist on 31 December of any year from "
                         f"{since or first} to {until or last} ({life.describe()})")
    return years
