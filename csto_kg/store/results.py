"""Query results as plain data (the CLI renders them, the library returns them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph


@dataclass
class Result:
    """Outcome of a query.

    ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE). For
    ``select``, ``columns`` are the projected variable names and each row maps
    a column to an rdflib term or None (unbound).
    """

    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    answer: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.graph) if self.graph is not None else 0
        if self.kind == "ask":
            return 1
        return len(self.rows)

    def values(self, column: str) -> list:
        """Python values of one column (``toPython()``), None when unbound."""
        return [row[column].toPython() if row.get(column) is not None else None
                for row in self.rows]


def from_rdflib(result) -> Result:
    """Convert an rdflib ``SPARQLResult``."""
    if result.type == "ASK":
        return Result(kind="ask", answer=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Result(kind="graph", graph=result.graph)
    columns = [str(v) for v in (result.vars or [])]
    rows = [{c: row[i] for i, c in enumerate(columns)} for row in result]
    return Result(kind="select", columns=columns, rows=rows)
