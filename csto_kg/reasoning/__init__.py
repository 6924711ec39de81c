"""OWL RL reasoning: inferred triples (noise-filtered) and findings.

Two engines give the same result: ``rl`` (the default, :mod:`csto_kg.reasoning.fast`,
owlrl's rules evaluated semi-naively, with budgets) and ``owlrl`` (owlrl's
``DeductiveClosure``, the reference). Both are imported lazily, so a warm
start served from the cache loads neither.

The reasoning stage imports only the base modules and inputs.
"""

from __future__ import annotations

from rdflib import Dataset

from csto_kg.errors import UsageError
from csto_kg.reasoning.inference import Inference, every_asserted_triple

REASONERS = ("rl", "owlrl")
#: Part of the cache key: bump the rl version whenever the fast reasoner's output could change.
REASONER_VERSIONS = {"rl": "rl-1", "owlrl": "owlrl"}


def check_reasoner(name: str) -> str:
    """``name`` if it is a known reasoner, else :class:`UsageError`.

    >>> check_reasoner("owlrl")
    'owlrl'
    """
    if name not in REASONERS:
        raise UsageError(f"unknown reasoner {name!r}; use one of: {', '.join(REASONERS)}")
    return name


def infer(dataset: Dataset, *, reasoner: str = "rl", budget=None, progress=None) -> Inference:
    """Run the OWL RL closure over the asserted union.

    Inferred = closure - asserted, minus :func:`~csto_kg.reasoning.noise.is_noise`.
    ``reasoner`` is ``rl`` (fast, checks ``budget``, a :class:`~csto_kg.reasoning.budgets.Budget`,
    as it goes) or ``owlrl`` (run in a child process that ``budget`` stops, see
    :mod:`csto_kg.reasoning.bounded_owlrl`); both give the same triples and findings.

    >>> from csto_kg.inputs.loading import load
    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
    >>> dataset = load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False)
    >>> fast, reference = infer(dataset), infer(dataset, reasoner="owlrl")
    >>> len(fast.triples) > 0, fast.triples == reference.triples, fast.findings
    (True, True, [])
    """
    if check_reasoner(reasoner) == "rl":
        from csto_kg.reasoning.fast import infer_rl

        triples, findings, seconds = infer_rl(every_asserted_triple(dataset),
                                              budget=budget, progress=progress)
        return Inference(triples=triples, findings=findings, seconds=seconds)
    from csto_kg.reasoning.bounded_owlrl import run_bounded

    triples, findings, seconds = run_bounded(dataset, budget=budget)
    return Inference(triples=triples, findings=findings, seconds=seconds)


def infer_parsed(triple_lists, *, dataset, reasoner: str = "rl", budget=None, progress=None) -> Inference:
    """Reason over the asserted triples of each parsed file (``triple_lists``: lists of rdflib triples).

    The fast engine reads the lists as they are (no Dataset is built); ``dataset()`` makes
    the rdflib Dataset of the same files for the ``owlrl`` reference. ``asserted`` in the
    result counts the distinct asserted triples.

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import OWL
    >>> P, A, B = (URIRef("https://w3id.org/csto-kg/id/" + n) for n in "pab")
    >>> result = infer_parsed([[(P, OWL.inverseOf, P), (A, P, B)], [(A, P, B)]], dataset=None)
    >>> (B, P, A) in result.triples, result.asserted
    (True, 2)
    """
    if check_reasoner(reasoner) == "rl":
        from itertools import chain

        from csto_kg.reasoning.fast import infer_rl

        stats: dict = {}
        triples, findings, seconds = infer_rl(chain.from_iterable(triple_lists), budget=budget,
                                              progress=progress, stats=stats)
        return Inference(triples=triples, findings=findings, seconds=seconds, asserted=stats["asserted"],
                         ids=stats["ids"])
    built = dataset()
    inference = infer(built, reasoner=reasoner, budget=budget, progress=progress)
    inference.asserted = len(built)
    return inference


__all__ = ["REASONERS", "REASONER_VERSIONS", "Inference", "check_reasoner", "every_asserted_triple", "infer",
           "infer_parsed"]
