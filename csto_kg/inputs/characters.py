"""Characters that some RDF syntaxes cannot carry.

XML 1.0 allows no C0 control character but tab, line feed and carriage return, no lone
surrogate and neither U+FFFE nor U+FFFF, even as a character reference: a literal (or an
IRI) holding one cannot be written as RDF/XML that parses. N-Triples and Turtle could escape
them, but readers and terminals handle them badly (a NUL ends a C string). csto-kg therefore
reports such a literal as a validation error, at its place (:mod:`csto_kg.validation.file_checks`),
and its RDF/XML writers refuse one rather than write XML that does not parse.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unwritable_character(text: str) -> str | None:
    """The first character of ``text`` that XML cannot carry, named (None when there is none).

    >>> unwritable_character("tab\\tand newline\\n are fine"), unwritable_character("a\\x00b")
    (None, 'U+0000 (NUL)')
    >>> unwritable_character("esc\\x1b")
    'U+001B (ESCAPE)'
    """
    found = _NOT_XML.search(text)
    if found is None:
        return None
    char = found.group()
    name = _C0_NAMES.get(char) or unicodedata.name(char, "a surrogate" if "\ud800" <= char <= "\udfff" else "a noncharacter")
    return f"U+{ord(char):04X} ({name})"


def unwritable_message(text: str) -> str | None:
    """Why a literal holding ``text`` is an error, or None.

    >>> unwritable_message("a\\x00")
    'the literal "a\\\\x00" holds U+0000 (NUL), which XML cannot carry (an RDF/XML export would not parse); remove the character'
    """
    from csto_kg.errors import excerpt

    char = unwritable_character(text)
    if char is None:
        return None
    return (f'the literal "{excerpt(text)}" holds {char}, which XML cannot carry (an RDF/XML export would '
            "not parse); remove the character")


_C0_NAMES = {"\x00": "NUL", "\x01": "START OF HEADING", "\x02": "START OF TEXT", "\x03": "END OF TEXT",
             "\x04": "END OF TRANSMISSION", "\x05": "ENQUIRY", "\x06": "ACKNOWLEDGE", "\x07": "BELL",
             "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\x0e": "SHIFT OUT",
             "\x0f": "SHIFT IN", "\x10": "DATA LINK ESCAPE", "\x11": "DEVICE CONTROL ONE",
             "\x12": "DEVICE CONTROL TWO", "\x13": "DEVICE CONTROL THREE", "\x14": "DEVICE CONTROL FOUR",
             "\x15": "NEGATIVE ACKNOWLEDGE", "\x16": "SYNCHRONOUS IDLE", "\x17": "END OF TRANSMISSION BLOCK",
             "\x18": "CANCEL", "\x19": "END OF MEDIUM", "\x1a": "SUBSTITUTE", "\x1b": "ESCAPE",
             "\x1c": "FILE SEPARATOR", "\x1d": "GROUP SEPARATOR", "\x1e": "RECORD SEPARATOR",
             "\x1f": "UNIT SEPARATOR"}


def refuse_unwritable_in_xml(triples, *, what: str = "RDF/XML") -> None:
    """Raise :class:`~csto_kg.errors.UsageError` when a term of ``triples`` holds a character XML
    cannot carry: writing it would give XML that does not parse.

    >>> from rdflib import Literal, URIRef
    >>> refuse_unwritable_in_xml([(URIRef("http://x/a"), URIRef("http://x/p"), Literal("a\\x00b"))])
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: cannot write RDF/XML: the literal "a\\x00b" of <http://x/a> holds U+0000 (NUL), which XML cannot carry; choose another format (turtle, ntriples), or remove the character from the data (csto-kg validate reports where)
    """
    from csto_kg.errors import UsageError, excerpt

    for triple in triples:
        for term in triple[:3]:
            char = unwritable_character(str(term))
            if char is not None:
                kind = "literal" if type(term).__name__ == "Literal" else "term"
                raise UsageError(f'cannot write {what}: the {kind} "{excerpt(str(term))}" of <{excerpt(str(triple[0]))}> '
                                 f"holds {char}, which XML cannot carry; choose another format (turtle, ntriples), "
                                 "or remove the character from the data (csto-kg validate reports where)")
