"""Candidate pairs: articles that share rare word n-grams, found without comparing all pairs."""

from newstrace.candidates.shingles import (
    MAX_DF,
    CandidatePairs,
    candidate_pairs,
    enough_shared,
    families,
    shingle_hashes,
    widely_printed,
)

__all__ = ["MAX_DF", "CandidatePairs", "candidate_pairs", "enough_shared", "families", "shingle_hashes", "widely_printed"]
