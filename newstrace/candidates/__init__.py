"""Candidate pairs: articles that share rare word n-grams, found without comparing all pairs."""

from newstrace.candidates.shingles import candidate_pairs, shingle_hashes

__all__ = ["candidate_pairs", "shingle_hashes"]
