"""Placeholder package: an installed csto-kg holds ontology/, data/ and queries/ here."""
