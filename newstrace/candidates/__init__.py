"""Candidate pairs: articles that share rare word n-grams, found without comparing all pairs."""

from newstrace.candidates.shingles import CandidatePairs, candidate_pairs, shingle_hashes

__all__ = ["CandidatePairs", "candidate_pairs", "shingle_hashes"]
