"""Helper parameter types and turning user text into RDF terms.

Types: ``entity``, ``date``, ``boolean``, ``string``, ``integer``. Dates keep
the precision typed: ``YYYY`` -> xsd:gYear, ``YYYY-MM`` -> xsd:gYearMonth,
``YYYY-MM-DD`` -> xsd:date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Callable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from csto_kg.errors import UsageError

TYPES = ("entity", "date", "boolean", "string", "integer")
#: a typical value of each type, where a helper's header gives none (help, the query UI's tabs)
TYPE_EXAMPLES = {"date": "2010", "entity": "kg:CSTO", "boolean": "false", "string": "", "integer": "1"}
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


@dataclass(frozen=True)
class Param:
    """A declared helper parameter."""

    name: str
    type: str
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    @property
    def flag(self) -> str:
        """The CLI flag: ``include_observers`` -> ``--include-observers``."""
        return "--" + self.name.replace("_", "-")


def parse_date(text: str, *, option: str = "date") -> Literal:
    """A date Literal with the precision typed.

    >>> parse_date("2002").datatype == XSD.gYear
    True
    >>> parse_date("2002-10").n3()
    '"2002-10"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    >>> str(parse_date("2002-10-07"))
    '2002-10-07'
    >>> parse_date("2002-02-30")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: invalid date '2002-02-30' for date: February 2002 has no day 30; accepted forms: YYYY, YYYY-MM or YYYY-MM-DD
    """
    text = text.strip()
    match = _DATE.match(text)
    if not match:
        raise _bad_date(text, option, "not a date")
    year, month, day = match.groups()
    if month is None:
        return Literal(year, datatype=XSD.gYear)
    if not 1 <= int(month) <= 12:
        raise _bad_date(text, option, f"month {month} is not 01-12")
    if day is None:
        return Literal(f"{year}-{month}", datatype=XSD.gYearMonth)
    last = calendar.monthrange(int(year), int(month))[1]
    if not 1 <= int(day) <= last:
        name = calendar.month_name[int(month)]
        raise _bad_date(text, option, f"{name} {year} has no day {int(day)}")
    return Literal(f"{year}-{month}-{day}", datatype=XSD.date)


def _bad_date(text: str, option: str, why: str) -> UsageError:
    return UsageError(f"invalid date '{text}' for {option}: {why}; accepted forms: {DATE_FORMS}")


def parse_boolean(text: str, *, option: str = "boolean") -> Literal:
    """``true/false`` (also yes/no, 1/0, on/off) -> xsd:boolean."""
    folded = text.strip().lower()
    if folded in _TRUE:
        return Literal(True)
    if folded in _FALSE:
        return Literal(False)
    raise UsageError(f"invalid boolean '{text}' for {option}: use true or false")


def parse_integer(text: str, *, option: str = "integer") -> Literal:
    """Decimal integer -> xsd:integer."""
    try:
        return Literal(int(text.strip()), datatype=XSD.integer)
    except ValueError:
        raise UsageError(f"invalid integer '{text}' for {option}: give a whole number, e.g. 3") from None


def parse_string(text: str, *, option: str = "string") -> Literal:
    """Plain literal (xsd:string)."""
    return Literal(text)


def convert(param: Param, value, *, resolve_entity: Callable[[str, str], URIRef]):
    """The RDF term to bind for ``param`` given a user value (text or Python value)."""
    option = param.flag
    if param.type == "entity":  # an IRI given as URIRef is checked like typed text (syntax, known)
        return resolve_entity(str(value), option)
    if param.type == "boolean" and isinstance(value, bool):
        return Literal(value)
    if param.type == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, Literal):
        return value
    parser = {"date": parse_date, "boolean": parse_boolean,
              "integer": parse_integer, "string": parse_string}[param.type]
    return parser(str(value), option=option)
