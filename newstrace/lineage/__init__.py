"""Lineage: relation and direction of a pair, then stories, lineages and origins of a corpus."""
