"""Is a literal well typed? Lexical forms per XSD datatype, and language tags.

rdflib 7.6 accepts ill-typed literals with a logged warning: ``Literal.ill_typed``
is True for bad ``xsd:date``, ``xsd:integer``, ``xsd:boolean``... but None
(unchecked) for ``xsd:gYear`` and ``xsd:gYearMonth``, and rdflib normalizes some
lexical forms while parsing (``"maybe"^^xsd:boolean`` becomes ``"false"``). So
the lexical form as written in the file is checked here, per datatype.
"""

from __future__ import annotations

import datetime
import re

from csto_kg.errors import excerpt

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?(?:[1-9]\d{4,}|\d{4})"
_DATE = re.compile(rf"({_YEAR})-(\d\d)-(\d\d){_TZ}")
_YEAR_MONTH = re.compile(rf"({_YEAR})-(\d\d){_TZ}")
_GYEAR = re.compile(rf"({_YEAR}){_TZ}")
_DATETIME = re.compile(rf"({_YEAR})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?{_TZ}")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DOUBLE = re.compile(r"(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN)")

# integer types: (minimum, maximum); None = unbounded
_INTEGER_RANGES = {
    "integer": (None, None), "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
    "byte": (-128, 127), "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255),
}
# XSD datatypes whose lexical space is not checked beyond being a string
_UNCHECKED = {"string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
              "anyURI", "duration", "time", "dateTimeStamp", "gMonth", "gDay", "gMonthDay",
              "hexBinary", "base64Binary", "QName", "dayTimeDuration", "yearMonthDuration"}

# RFC 5646 "langtag" (well-formedness), plus private-use tags
_LANGTAG = re.compile(r"""
  (?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})   # language (extlang)
     (?:-[a-z]{4})?                                       # script
     (?:-(?:[a-z]{2}|\d{3}))?                             # region
     (?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*                  # variants
     (?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*                    # extensions
     (?:-x(?:-[a-z\d]{1,8})+)?                            # private use
  | x(?:-[a-z\d]{1,8})+)$""", re.VERBOSE | re.IGNORECASE)


def lexical_problem(lexical: str, datatype: str | None) -> str | None:
    """Why ``lexical`` is not a valid form of ``datatype`` (None when it is, or is unchecked).

    >>> lexical_problem("2022-13-45", XSD + "date")
    'month 13 is not 01-12'
    >>> lexical_problem("abc", XSD + "integer") is not None, lexical_problem("-5", XSD + "nonNegativeInteger")
    (True, 'value -5 is below the minimum 0 of xsd:nonNegativeInteger')
    >>> lexical_problem("2006", XSD + "gYear") is None
    True
    """
    if not datatype or not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD):]
    if name in _UNCHECKED:
        return None
    if name == "date":
        return _date_problem(lexical, _DATE, "YYYY-MM-DD")
    if name == "dateTime":
        return _date_problem(lexical, _DATETIME, "YYYY-MM-DDThh:mm:ss")
    if name == "gYearMonth":
        return _date_problem(lexical, _YEAR_MONTH, "YYYY-MM")
    if name == "gYear":
        return _date_problem(lexical, _GYEAR, "YYYY")
    if name == "boolean":
        return None if lexical in ("true", "false", "1", "0") else "a boolean is true, false, 1 or 0"
    if name in _INTEGER_RANGES:
        return _integer_problem(lexical, name)
    if name == "decimal":
        return None if _DECIMAL.fullmatch(lexical) else "not a decimal number (digits, optional point)"
    if name in ("double", "float"):
        return None if _DOUBLE.fullmatch(lexical) else f"not an xsd:{name} number"
    return f"unknown XSD datatype xsd:{name}"


def _date_problem(lexical: str, pattern: re.Pattern, shape: str) -> str | None:
    match = pattern.fullmatch(lexical)
    if not match:
        return f"not of the form {shape}"
    parts = [int(g) for g in match.groups()]
    if parts[0] == 0:
        return "year 0000 does not exist in XSD dates"
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return f"month {match.group(2)} is not 01-12"
    if len(parts) > 2:
        try:
            datetime.date(2000 if parts[0] > 9999 or parts[0] < 1 else parts[0], parts[1], parts[2])
        except ValueError:
            return f"day {match.group(3)} does not exist in {match.group(1)}-{match.group(2)}"
    if len(parts) > 3 and (parts[3] > 23 or parts[4] > 59 or parts[5] > 59):
        return "time of day out of range"
    return None


def _integer_problem(lexical: str, name: str) -> str | None:
    if not _INTEGER.fullmatch(lexical):
        return "not an integer (digits only, optional sign)"
    value, (low, high) = int(lexical), _INTEGER_RANGES[name]
    if low is not None and value < low:
        return f"value {value} is below the minimum {low} of xsd:{name}"
    if high is not None and value > high:
        return f"value {value} is above the maximum {high} of xsd:{name}"
    return None


def language_tag_problem(tag: str) -> tuple[str, str] | None:
    """``(severity, why)`` when ``tag`` is not a good BCP 47 language tag, else None.

    >>> language_tag_problem("fr"), language_tag_problem("en-GB")
    (None, None)
    >>> language_tag_problem("abcdefghij")[0], language_tag_problem("english")[0]
    ('error', 'warning')
    """
    if not _LANGTAG.match(tag):
        return "error", f"'{excerpt(tag)}' is not a well-formed BCP 47 language tag (e.g. en, fr, ru, en-GB)"
    primary = tag.split("-", 1)[0]
    if len(primary) > 3 and primary.lower() != "x":
        return "warning", (f"language tag '{tag}': '{primary}' is not an ISO 639 language code "
                           "(2 or 3 letters, e.g. en, fr, ru)")
    return None
