"""csto-kg: a knowledge graph of the Collective Security Treaty Organization.

>>> from csto_kg import KnowledgeGraph, ExitCode
>>> int(ExitCode.USAGE)
2
"""

from csto_kg.inputs import lexical  # noqa: F401 - first: rdflib keeps lexical forms (no normalisation)
from csto_kg.api import KnowledgeGraph, ReasoningReport, require_valid, validate
from csto_kg.errors import CstoKgError, ExitCode, LoadError, QueryError, UsageError
from csto_kg.reasoning.findings import Finding
from csto_kg.store.results import Result

__all__ = [
    "KnowledgeGraph",
    "validate",
    "require_valid",
    "ReasoningReport",
    "Result",
    "Finding",
    "ExitCode",
    "CstoKgError",
    "LoadError",
    "QueryError",
    "UsageError",
]
__version__ = "0.1.0"
