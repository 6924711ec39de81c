"""csto-kg: a knowledge graph of the Collective Security Treaty Organization.

>>> from csto_kg import KnowledgeGraph, ExitCode
>>> int(ExitCode.USAGE)
2
"""

from . import lexical  # noqa: F401 - first: rdflib keeps lexical forms (no normalisation)
from .api import KnowledgeGraph, ReasoningReport
from .errors import CstoKgError, ExitCode, LoadError, QueryError, UsageError
from .findings import Finding
from .results import Result

__all__ = [
    "KnowledgeGraph",
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
