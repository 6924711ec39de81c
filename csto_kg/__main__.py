"""``python -m csto_kg`` runs the CLI."""

from csto_kg.cli import console

console()
