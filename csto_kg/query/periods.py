"""Dates at the precision the sources give, and whether a status holds on a day or a range of days.

A date known only to the year or month stands for the range of its days (:class:`Span`).
A status with beginning *b* and end *e* holds on day *d* when *b* <= *d* < *e* (an open end:
still valid when the source was written); a beginning the sources only bound is "before X",
one they do not give at all is unknown. Over a range of days a status then holds ``yes``
(on every day, whichever day each date stands for), ``no`` (on none) or ``maybe`` (the answer
depends on a day the data does not give). The same rule the ``members-at`` helper applies
in SPARQL, here in Python for the panel (:mod:`csto_kg.query.panel`), the maps and the charts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)
PRECISION = "date precision"
BEFORE = "beginning known only as before a date"
NOT_GIVEN = "beginning not given"


@dataclass(frozen=True)
class Span:
    """A date known as a range of days: ``first`` and ``last`` (equal when known to the day)."""

    first: dt.date
    last: dt.date

    @property
    def exact(self) -> bool:
        return self.first == self.last


def span_of(value) -> Span | None:
    """The range of days of an ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date`` literal (or its text).

    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> span_of(Literal("2006", datatype=XSD.gYear))
    Span(first=datetime.date(2006, 1, 1), last=datetime.date(2006, 12, 31))
    >>> span_of(Literal("2008-08", datatype=XSD.gYearMonth)).last
    datetime.date(2008, 8, 31)
    >>> span_of(None) is None
    True
    """
    if value is None:
        return None
    parts = [int(p) for p in str(value).split("-")[:3]]
    if len(parts) == 1:
        return Span(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))
    if len(parts) == 2:
        days = calendar.monthrange(parts[0], parts[1])[1]
        return Span(dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], days))
    day = dt.date(*parts)
    return Span(day, day)


@dataclass(frozen=True)
class Period:
    """When a status holds: its beginning (a :class:`Span`, or only a bound, or not given) and its end.

    ``start`` None with ``start_before`` None: the beginning is not given; ``start_before``:
    known only to be before that day; ``end`` None: open (still valid when the source was written).
    """

    start: Span | None = None
    start_before: dt.date | None = None
    end: Span | None = None

    @classmethod
    def from_values(cls, start, end) -> "Period":
        """From a helper's ``start`` (a date, ``"before <date>"`` or unbound) and ``end`` (a date or unbound).

        >>> Period.from_values("before 1992-05-15", None).start_before
        datetime.date(1992, 5, 15)
        >>> Period.from_values("2006", "2012").end.first
        datetime.date(2012, 1, 1)
        """
        text = None if start is None else str(start)
        if text is not None and text.startswith("before "):
            return cls(None, span_of(text[len("before "):]).first, span_of(end))
        return cls(span_of(text), None, span_of(end))

    @property
    def earliest_start(self) -> dt.date:
        return self.start.first if self.start else dt.date.min

    @property
    def latest_start(self) -> dt.date:
        if self.start:
            return self.start.last
        return self.start_before - ONE_DAY if self.start_before else dt.date.max

    @property
    def earliest_end(self) -> dt.date:
        return self.end.first if self.end else dt.date.max

    @property
    def latest_end(self) -> dt.date:
        return self.end.last if self.end else dt.date.max

    def holds(self, first: dt.date, last: dt.date | None = None) -> tuple[str, str | None]:
        """``("yes" | "maybe" | "no", why)`` on every day from ``first`` to ``last`` (default: ``first``).

        ``why`` names what leaves a ``maybe`` open: :data:`PRECISION`, :data:`BEFORE` or :data:`NOT_GIVEN`.

        >>> uzbekistan = Period.from_values("2006", "2012")  # in the CSTO, dates known to the year
        >>> uzbekistan.holds(dt.date(2006, 12, 31)), uzbekistan.holds(dt.date(2006, 3, 1))
        (('yes', None), ('maybe', 'date precision'))
        >>> uzbekistan.holds(dt.date(2012, 12, 31)), uzbekistan.holds(dt.date(2005, 1, 1), dt.date(2013, 1, 1))
        (('no', None), ('maybe', 'date precision'))
        >>> Period.from_values("before 1992-05-15", None).holds(dt.date(1991, 12, 31))
        ('maybe', 'beginning known only as before a date')
        """
        last = last or first
        if self.earliest_start > last or self.latest_end <= first:
            return "no", None
        if self.latest_start <= first and self.earliest_end > last:
            return "yes", None
        if self.latest_start > first and self.start is None:
            return "maybe", BEFORE if self.start_before else NOT_GIVEN
        return "maybe", PRECISION

    def ended_before(self, day: dt.date) -> bool:
        """Whether the period certainly ended on or before ``day`` (it does not hold on it, nor after).

        >>> Period.from_values("1993-12-09", "1999").ended_before(dt.date(2000, 1, 1))
        True
        """
        return self.latest_end <= day

    def changes(self) -> set[dt.date]:
        """The days on which :meth:`holds` of a single day may change its answer.

        >>> sorted(d.isoformat() for d in Period.from_values("2006", "2012").changes())
        ['2006-01-01', '2007-01-01', '2012-01-01', '2013-01-01']
        """
        days = {self.earliest_start, self.latest_start + ONE_DAY if self.latest_start < dt.date.max else None,
                self.earliest_end, self.latest_end + ONE_DAY if self.latest_end < dt.date.max else None}
        return {d for d in days if d is not None and dt.date.min < d < dt.date.max}
