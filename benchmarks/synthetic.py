"""Synthetic data in the shape of csto-kg's data, over the csto ontology, at any size.

Deterministic for a size and seed. Per "world" block: states with labels;
organizations (alliances, economic communities) with organs; memberships of
states in organizations with roles and dated intervals (blank-node intervals
to shared dated instants); treaties with treaty participations and treaty
actions (signature, ratification, accession, withdrawal); persons holding
posts through terms of office; interventions with contingents and troop counts;
passages that every claim ``prov:wasDerivedFrom`` and that mention things; a few
conflicts between claims. The numbers per block follow the bundled data, so
the closure is shaped like the real one.

The data is valid (``csto-kg validate --no-bundled-data --data FILE``: 0 errors,
tests/test_synthetic.py): every entity has a label in English and in French, a
state is a member of an organization at most once (no overlapping memberships),
treaty actions are dated after their treaty, every dated fact has a source and
every conflict says what it is about.

Usage: ``python benchmarks/synthetic.py 10000 > synthetic-10k.ttl`` (``--help``)
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys

PREFIXES = """@prefix kg:      <https://w3id.org/csto-kg/id/> .
@prefix csto:    <https://w3id.org/csto-kg/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

ROLES = ["csto:FoundingMember", "csto:FullMember", "csto:AssociateMember", "csto:Observer",
         "csto:SelfSuspendedMember"]  # the last: a csto:SuspensionPeriod, not a membership
KINDS = ["csto:Signature", "csto:Ratification", "csto:Accession", "csto:Withdrawal", "csto:Renewal"]
ORG_CLASSES = ["csto:MilitaryAlliance", "csto:EconomicCommunity", "csto:RegionalOrganization",
               "csto:Commonwealth"]


class _Writer:
    def __init__(self):
        self.lines: list[str] = []
        self.triples = 0
        self.instants: set[str] = set()

    def entity(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        """``subject`` with ``pairs``; an English label without a French one gets its French copy."""
        labels = [o for p, o in pairs if p == "rdfs:label"]
        if not any(o.endswith("@fr") for o in labels):
            pairs = pairs + [("rdfs:label", o[:-len("@en")] + "@fr") for o in labels if o.endswith("@en")]
        self.lines.append(subject + " " + " ;\n    ".join(f"{p} {o}" for p, o in pairs) + " .")
        self.triples += len(pairs)

    def instant(self, rng: random.Random, prefix: str, *, after: int | None = None) -> str:
        year = rng.randint(1950, 2024) if after is None else min(2030, after + rng.randint(1, 20))
        self.last_year = year
        precision = rng.random()
        if precision < 0.3:
            text, prop, datatype = f"{year}", "time:inXSDgYear", "xsd:gYear"
        elif precision < 0.5:
            text, prop, datatype = f"{year}-{rng.randint(1, 12):02d}", "time:inXSDgYearMonth", "xsd:gYearMonth"
        else:
            text = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            prop, datatype = "time:inXSDDate", "xsd:date"
        name = f"kg:{prefix}t{text}"
        if name not in self.instants:
            self.instants.add(name)
            self.lines.append(f'{name} a time:Instant ; {prop} "{text}"^^{datatype} ; rdfs:label "{text}"@en .')
            self.triples += 3
        return name

    def interval(self, rng: random.Random, prefix: str, *, ended: float = 0.5) -> str:
        parts = [f"time:hasBeginning {self.instant(rng, prefix)}"]
        self.triples += 1
        if rng.random() < ended:
            parts.append(f"time:hasEnd {self.instant(rng, prefix, after=self.last_year)}")
            self.triples += 1
        return "[ " + " ; ".join(parts) + " ]"


def _block(w: _Writer, rng: random.Random, b: int) -> None:
    """One world: about 1,000 asserted triples."""
    n = f"b{b}-"
    states = [f"kg:{n}State{i}" for i in range(12)]
    orgs = [f"kg:{n}Org{i}" for i in range(4)]
    passages = [f"kg:{n}p{i}" for i in range(10)]
    w.entity(f"kg:{n}doc", [("a", "csto:SourceDocument"), ("rdfs:label", f'"document {b}"@en')])
    for i, p in enumerate(passages):
        w.entity(p, [("a", "csto:Passage"), ("rdfs:label", f'"source: passage {b}.{i}"@en'),
                     ("rdfs:label", f'"source : passage {b}.{i}"@fr'), ("dcterms:isPartOf", f"kg:{n}doc"),
                     ("csto:locator", f'"paragraph {i}"'), ("csto:quote", f'"Texte {b}.{i}."@fr'),
                     ("csto:mentions", rng.choice(states)), ("csto:mentions", rng.choice(orgs))])
    for i, s in enumerate(states):
        pairs = [("a", "csto:State"), ("rdfs:label", f'"State {b}.{i}"@en'),
                 ("rdfs:label", f'"État {b}.{i}"@fr'), ("skos:altLabel", f'"S{b}.{i}"@en')]
        if i and rng.random() < 0.3:
            pairs.append(("csto:formerlyPartOf", states[0]))
        w.entity(s, pairs)
    for i, o in enumerate(orgs):
        w.entity(o, [("a", rng.choice(ORG_CLASSES)), ("rdfs:label", f'"Organization {b}.{i}"@en'),
                     ("rdfs:label", f'"Organisation {b}.{i}"@fr'), ("skos:altLabel", f'"O{b}.{i}"@en'),
                     ("csto:headquarters", f"kg:{n}City{i}")])
        w.entity(f"kg:{n}City{i}", [("a", "csto:City"), ("rdfs:label", f'"City {b}.{i}"@en')])
        w.entity(f"kg:{n}Council{i}", [("a", "csto:Council"), ("csto:organOf", o),
                                        ("rdfs:label", f'"Council {b}.{i}"@en')])
        w.entity(f"kg:{n}Found{i}", [("a", "csto:Founding"), ("csto:about", o),
                                      ("csto:onDate", w.instant(rng, n)),
                                      ("rdfs:label", f'"Founding of {b}.{i}"@en'),
                                      ("prov:wasDerivedFrom", rng.choice(passages))])
    memberships = []
    # a state is a member of an organization once: no two memberships that could overlap
    member_of = rng.sample(list(itertools.product(states, orgs)), 24)
    for i, (state, org) in enumerate(member_of):
        m = f"kg:{n}m{i}"
        memberships.append(m)
        role = rng.choice(ROLES)
        if role == "csto:SelfSuspendedMember":  # a suspension is a status of its own (issue 13)
            claim = [("a", "csto:SuspensionPeriod"), ("csto:statusHolder", state), ("csto:statusIn", org),
                     ("csto:statusRole", role), ("csto:statusDuring", w.interval(rng, n))]
        else:
            claim = [("a", "csto:Membership"), ("csto:member", state), ("csto:organization", org),
                     ("csto:membershipRole", role), ("csto:memberDuring", w.interval(rng, n))]
        w.entity(m, claim + [
                     ("rdfs:label", f'"membership {b}.{i}"@en'), ("rdfs:label", f'"adhésion {b}.{i}"@fr'),
                     ("prov:wasDerivedFrom", rng.choice(passages)),
                     ("prov:wasDerivedFrom", rng.choice(passages))])
    treaty = f"kg:{n}Treaty"
    concluded = w.instant(rng, n)
    concluded_year = w.last_year
    w.entity(treaty, [("a", "csto:Treaty"), ("rdfs:label", f'"Treaty {b}"@en'),
                      ("csto:concludedOn", concluded), ("csto:concludedAt", f"kg:{n}City0"),
                      ("csto:establishes", orgs[0]), ("prov:wasDerivedFrom", rng.choice(passages))])
    for i, s in enumerate(states[:8]):
        w.entity(f"kg:{n}tp{i}", [("a", "csto:TreatyParticipation"), ("csto:party", s),
                                   ("csto:partyTo", treaty), ("csto:partyRole", rng.choice(ROLES[:2])),
                                   ("csto:memberDuring", w.interval(rng, n)),
                                   ("rdfs:label", f'"party {b}.{i}"@en'),
                                   ("prov:wasDerivedFrom", rng.choice(passages))])
        for k in range(2):
            w.entity(f"kg:{n}ta{i}-{k}", [("a", "csto:TreatyAction"), ("csto:actor", s),
                                           ("csto:instrument", treaty), ("csto:actionKind", rng.choice(KINDS)),
                                           ("csto:onDate", w.instant(rng, n, after=concluded_year)),
                                           ("rdfs:label", f'"action {b}.{i}.{k}"@en'),
                                           ("prov:wasDerivedFrom", rng.choice(passages))])
    post = f"kg:{n}SecGen"
    w.entity(post, [("a", "csto:Post"), ("csto:postIn", orgs[0]), ("rdfs:label", f'"Secretary {b}"@en')])
    for i in range(3):
        person = f"kg:{n}Person{i}"
        w.entity(person, [("a", "csto:Person"), ("rdfs:label", f'"Person {b}.{i}"@en')])
        w.entity(f"kg:{n}term{i}", [("a", "csto:TermOfOffice"), ("csto:holder", person), ("csto:post", post),
                                     ("csto:during", w.interval(rng, n, ended=0.7)),
                                     ("rdfs:label", f'"term {b}.{i}"@en'),
                                     ("prov:wasDerivedFrom", rng.choice(passages))])
    intervention = f"kg:{n}Intervention"
    w.entity(intervention, [("a", "csto:Intervention"), ("csto:intervenor", orgs[0]),
                            ("csto:hostState", states[1]), ("csto:requestedBy", f"kg:{n}Person0"),
                            ("csto:decidedBy", f"kg:{n}Council0"), ("csto:during", w.interval(rng, n, ended=1)),
                            ("rdfs:label", f'"intervention {b}"@en'),
                            ("prov:wasDerivedFrom", rng.choice(passages))])
    for i, s in enumerate(states[2:6]):
        w.entity(f"kg:{n}ct{i}", [("a", "csto:Contingent"), ("csto:contingentOf", intervention),
                                   ("csto:contributingState", s),
                                   ("csto:troopCount", f'"{rng.randint(50, 3000)}"^^xsd:nonNegativeInteger'),
                                   ("csto:approximation", "csto:AsGiven"), ("rdfs:label", f'"contingent {b}.{i}"@en'),
                                   ("prov:wasDerivedFrom", rng.choice(passages))])
    w.entity(f"kg:{n}conflict", [("a", "csto:Conflict"), ("csto:claim", memberships[0]),
                                 ("csto:claim", memberships[1]), ("csto:disputedAspect", "csto:BeginningAspect"),
                                 ("csto:about", member_of[0][0]), ("csto:about", member_of[0][1]),
                                 ("rdfs:label", f'"conflict {b}"@en')])


def generate(triples: int, *, seed: int = 6) -> str:
    """Turtle text with about ``triples`` asserted triples (at least one block).

    >>> text = generate(1000)
    >>> text.count("a csto:Membership") > 10
    True
    """
    rng = random.Random(seed)
    w = _Writer()
    block = 0
    while w.triples < triples:
        _block(w, rng, block)
        block += 1
    return PREFIXES + "\n".join(w.lines) + "\n"


def size_of(text: str) -> int:
    """A size as given on the command line: ``10000``, ``1e4``, ``10k``, ``1M``.

    >>> size_of("10k"), size_of("1M"), size_of("1e4"), size_of("2500")
    (10000, 1000000, 10000, 2500)
    """
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        return int(float(text.rstrip("km")) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10000, 10k, 1M)") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write valid synthetic csto-kg data (Turtle, over the csto ontology) of about SIZE "
                    "asserted triples to standard output. Deterministic for a size and seed.")
    parser.add_argument("size", nargs="?", type=size_of, default=10_000,
                        help="about how many asserted triples (10000, 10k, 1M; default 10k)")
    parser.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")
    options = parser.parse_args(argv)
    text = generate(options.size, seed=options.seed)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
