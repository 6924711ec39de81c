"""Parameter parsing: dates with their precision, booleans, integers."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from csto_kg.errors import UsageError
from csto_kg.query.parameters import parse_boolean, parse_date, parse_integer


@pytest.mark.parametrize("text, datatype", [
    ("2002", XSD.gYear), ("2002-10", XSD.gYearMonth), ("2002-10-07", XSD.date),
    ("2000-02-29", XSD.date), ("1992-12", XSD.gYearMonth),
])
def test_valid_dates_keep_precision(text, datatype):
    value = parse_date(text)
    assert (str(value), value.datatype) == (text, datatype)


@pytest.mark.parametrize("text, why", [
    ("2002-13", "month 13 is not 01-12"),
    ("2002-00-10", "month 00 is not 01-12"),
    ("2001-02-29", "February 2001 has no day 29"),
    ("2002-04-31", "April 2002 has no day 31"),
    ("2002-04-00", "April 2002 has no day 0"),
    ("02-04-2002", "not a date"),
    ("2002/04/01", "not a date"),
    ("yesterday", "not a date"),
    ("20021", "not a date"),
])
def test_invalid_dates_name_value_and_forms(text, why):
    with pytest.raises(UsageError) as caught:
        parse_date(text, option="--date")
    assert str(caught.value) == (f"invalid date '{text}' for --date: {why}; "
                                 "accepted forms: YYYY, YYYY-MM or YYYY-MM-DD")


def test_booleans_and_integers():
    assert parse_boolean("TRUE") == Literal(True) and parse_boolean("no") == Literal(False)
    assert parse_integer(" 42 ") == Literal(42, datatype=XSD.integer)
    with pytest.raises(UsageError, match="invalid boolean 'maybe'"):
        parse_boolean("maybe")
    with pytest.raises(UsageError, match="invalid integer 'x1'"):
        parse_integer("x1")
