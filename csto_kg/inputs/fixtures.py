"""Paths of the small fixture knowledge graph of a source checkout.

Used by the doctests (``tests/fixtures/engine``); not shipped data.
"""

from pathlib import Path

FIXTURE_ROOT = Path(__file__).resolve().parent.parent.parent / "tests" / "fixtures" / "engine"
FIXTURE_ONTOLOGY = FIXTURE_ROOT / "ontology"
FIXTURE_DATA = FIXTURE_ROOT / "data"
FIXTURE_QUERIES = FIXTURE_ROOT / "queries"
