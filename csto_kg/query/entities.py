"""Resolve what a user typed for an entity parameter to one IRI.

Accepted: a full IRI, a CURIE with a known prefix, or any ``rdfs:label``,
``skos:prefLabel`` or ``skos:altLabel`` in any language, compared case- and
accent-insensitively.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from csto_kg.errors import UsageError
from csto_kg.namespaces import LABEL_PROPERTIES, PREFIXES, curie

_IRI_FORBIDDEN = re.compile(r'[\s\x00-\x20<>"{}|^`\\]')
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")


def fold(text: str) -> str:
    """Matching key of a label: NFKD, combining marks dropped, casefolded.

    >>> fold("Ouzbékistan") == fold("OUZBEKISTAN")
    True
    >>> fold("ОДКБ") == fold("одкб")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


@dataclass
class LabelIndex:
    """Folded label -> IRIs, plus a display label per IRI for messages."""

    by_label: dict[str, set[URIRef]] = field(default_factory=dict)
    display: dict[URIRef, str] = field(default_factory=dict)
    display_language: dict[URIRef, str | None] = field(default_factory=dict)
    known: set[URIRef] = field(default_factory=set)

    @classmethod
    def from_graph(cls, graph: Graph) -> "LabelIndex":
        index = cls()
        for prop in LABEL_PROPERTIES:
            for subject, label in graph.subject_objects(prop):
                if isinstance(subject, URIRef) and isinstance(label, Literal):
                    index.add(subject, str(label), label.language)
        for subject in graph.subjects():
            if isinstance(subject, URIRef):
                index.known.add(subject)
        return index

    def add(self, iri: URIRef, label: str, language: str | None) -> None:
        self.by_label.setdefault(fold(label), set()).add(iri)
        if iri not in self.display or (language == "en" and self.display_language[iri] != "en"):
            self.display[iri] = label
            self.display_language[iri] = language


def resolve(text: str, index: LabelIndex, *, option: str = "entity") -> URIRef:
    """The IRI meant by ``text``; :class:`UsageError` when unknown or ambiguous.

    >>> idx = LabelIndex()
    >>> idx.add(URIRef("https://w3id.org/csto-kg/id/Uzbekistan"), "Ouzbékistan", "fr")
    >>> resolve("ouzbekistan", idx)
    rdflib.term.URIRef('https://w3id.org/csto-kg/id/Uzbekistan')
    >>> resolve("kg:Uzbekistan", idx)
    rdflib.term.URIRef('https://w3id.org/csto-kg/id/Uzbekistan')
    """
    text = text.strip()
    if not text:
        raise UsageError(f"empty entity for {option}: give an IRI, a CURIE (kg:CSTO) or a label (OTSC)")
    by_label = index.by_label.get(fold(text))
    if by_label:
        return _single(text, by_label, index, option)
    iri = direct_iri(text, option=option)
    if iri is None:
        raise UsageError(_unknown_message(text, index, option))
    if index.known and iri not in index.known:
        raise UsageError(_unknown_message(text, index, option, local_name=_local_name(iri)))
    return iri


def search(text: str, index: LabelIndex, *, limit: int = 50) -> list[URIRef]:
    """The IRIs whose label (any language) contains ``text``, compared case- and accent-insensitively.

    Best first: an IRI or CURIE the index knows, or a label equal to ``text`` (what :func:`resolve`
    accepts), then labels that start with it, then labels that contain it; ties by display label.

    >>> idx = LabelIndex()
    >>> idx.add(URIRef("https://w3id.org/csto-kg/id/Uzbekistan"), "Ouzbékistan", "fr")
    >>> idx.add(URIRef("https://w3id.org/csto-kg/id/Tajikistan"), "Tadjikistan", "fr")
    >>> [str(i).rsplit("/", 1)[1] for i in search("ISTAN", idx)], search("ouzbek", idx) == search("OUZBÉK", idx)
    (['Uzbekistan', 'Tajikistan'], True)
    >>> search("", idx)
    []
    """
    wanted = fold(text)
    if not wanted:
        return []
    rank: dict[URIRef, int] = {}
    try:
        direct = direct_iri(text)
    except UsageError:
        direct = None
    if direct is not None and (direct in index.known or direct in index.display):
        rank[direct] = 0
    for label, iris in index.by_label.items():
        if wanted not in label:
            continue
        score = 0 if label == wanted else 1 if label.startswith(wanted) else 2
        for iri in iris:
            rank[iri] = min(score, rank.get(iri, 3))
    ordered = sorted(rank, key=lambda iri: (rank[iri], fold(index.display.get(iri, str(iri))), str(iri)))
    return ordered[:limit]


def direct_iri(text: str, *, option: str = "entity") -> URIRef | None:
    """The IRI ``text`` names as a CURIE or an IRI, else None (:class:`UsageError` for an invalid IRI).

    >>> direct_iri("kg:CSTO"), direct_iri("Ouzbékistan")
    (rdflib.term.URIRef('https://w3id.org/csto-kg/id/CSTO'), None)
    """
    text = text.strip()
    iri = _expand_curie(text)
    if iri is None and _looks_like_iri(text):
        iri = _checked_iri(text, option)
    return iri


def _local_name(iri: URIRef) -> str:
    return re.split(r"[/#:]", str(iri).rstrip("/#"))[-1]


def _single(text: str, iris: set[URIRef], index: LabelIndex, option: str) -> URIRef:
    if len(iris) == 1:
        return next(iter(iris))
    listed = ", ".join(_describe(iri, index) for iri in sorted(iris))
    raise UsageError(f"ambiguous entity '{text}' for {option}; it may be: {listed}; "
                     "give the IRI or CURIE instead")


def _expand_curie(text: str) -> URIRef | None:
    prefix, sep, local = text.partition(":")
    if not sep or prefix not in PREFIXES or local.startswith("//"):
        return None
    if _IRI_FORBIDDEN.search(local):
        return None
    return URIRef(PREFIXES[prefix] + local)


def _looks_like_iri(text: str) -> bool:
    return "://" in text or text.startswith(("urn:", "mailto:")) or text.startswith("<")


def _checked_iri(text: str, option: str) -> URIRef:
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if _IRI_FORBIDDEN.search(text) or not _ABSOLUTE_IRI.match(text):
        raise UsageError(f"invalid IRI '{text}' for {option}: it must be absolute and contain "
                         "no spaces or any of <>\"{}|^`\\")
    return URIRef(text)


def _describe(iri: URIRef, index: LabelIndex) -> str:
    name = curie(str(iri)) or f"<{iri}>"
    label = index.display.get(iri)
    return f"{label} ({name})" if label else name


def _unknown_message(text: str, index: LabelIndex, option: str, *, local_name: str | None = None) -> str:
    folded = fold(local_name if local_name is not None else text)
    candidates = list(index.by_label)
    nearest = difflib.get_close_matches(folded, candidates, n=5, cutoff=0.6)
    iris: list[URIRef] = []
    for label in nearest:
        for iri in sorted(index.by_label[label]):
            if iri not in iris:
                iris.append(iri)
    message = f"unknown entity '{text}' for {option}"
    if iris:
        message += "; nearest: " + ", ".join(_describe(iri, index) for iri in iris[:5])
    return message
