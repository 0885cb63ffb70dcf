"""An inverted index of hashed word n-grams over normalised keys (passim's approach).

An n-gram shared by two articles is evidence of reuse only when it is rare: grams found in more
than `max_df` articles are boilerplate (datelines, sign-offs, formulaic phrases) and are ignored.
Two articles become a candidate pair when they share at least `min_shared` rare grams. Work and
memory grow with the number of grams, not with the number of pairs of articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from newstrace.normalize.text import STOPWORDS

NGRAM = 4
MAX_DF = 100
MIN_SHARED = 5  # passim's default minimum of shared n-grams
MIN_SHARE = 0.02  # ... and this share of the shorter text's grams: a few shared phrases between
# two long articles on one topic are common; a reused passage is a larger share of one side


@dataclass
class CandidatePairs:
    """Candidate pairs as arrays: `pairs[k] = (i, j)` with i < j, sorted; `shared[k]` rare grams."""

    pairs: np.ndarray
    shared: np.ndarray

    def __len__(self) -> int:
        return len(self.pairs)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((int(i), int(j)) for i, j in self.pairs)

    def as_dict(self) -> dict[tuple[int, int], int]:
        return {(int(i), int(j)): int(c) for (i, j), c in zip(self.pairs, self.shared, strict=True)}


def _token_hash(key: str, cache: dict[str, int]) -> int:
    h = cache.get(key)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little") >> 1
        cache[key] = h
    return h


def shingle_hashes(keys: Sequence[str], n: int = NGRAM, cache: dict[str, int] | None = None) -> np.ndarray:
    """Distinct 64-bit hashes of the word n-grams of a key list (grams of stop words only dropped)."""
    cache = {} if cache is None else cache
    if len(keys) < n:
        return np.empty(0, dtype=np.uint64)
    h = np.array([_token_hash(k, cache) for k in keys], dtype=np.uint64)
    content = np.array([k not in STOPWORDS for k in keys], dtype=bool)
    grams = np.zeros(len(keys) - n + 1, dtype=np.uint64)
    has_content = np.zeros(len(keys) - n + 1, dtype=bool)
    for i in range(n):
        grams = grams * np.uint64(1099511628211) + h[i : len(h) - n + 1 + i]
        has_content |= content[i : len(h) - n + 1 + i]
    return np.unique(grams[has_content])


def candidate_pairs(
    shingles: Iterable[np.ndarray], max_df: int = MAX_DF, min_shared: int = MIN_SHARED,
    min_share: float = MIN_SHARE, chunk: int = 20_000_000,
) -> CandidatePairs:
    """Document pairs (i < j) sharing at least `min_shared` rare grams, and at least `min_share`
    of the shorter one's grams, with the number shared.

    Each rare gram's posting list contributes all pairs of its documents, generated in numpy
    (one matrix per posting-list length) as int64 codes `i * n + j` and counted with
    `np.unique`; about `chunk` codes are held at a time.
    """
    hashes: list[np.ndarray] = []
    docs: list[np.ndarray] = []
    for i, s in enumerate(shingles):
        hashes.append(s)
        docs.append(np.full(len(s), i, dtype=np.int32))
    n = len(hashes)
    lengths = np.array([len(h) for h in hashes], dtype=np.int64)
    if not n:
        return CandidatePairs(np.empty((0, 2), dtype=np.int32), np.empty(0, dtype=np.int32))
    all_h = np.concatenate(hashes)
    all_d = np.concatenate(docs)
    del hashes, docs
    order = np.argsort(all_h, kind="stable")  # stable: documents stay ascending within a gram
    all_h, all_d = all_h[order], all_d[order]
    del order
    starts = np.flatnonzero(np.r_[True, all_h[1:] != all_h[:-1]])
    sizes = np.diff(np.r_[starts, len(all_h)])
    del all_h
    keep = (sizes >= 2) & (sizes <= max_df)
    starts, sizes = starts[keep], sizes[keep]

    # Pair occurrences are counted in `parts` passes, each keeping the pairs whose first
    # document is in its residue class: every pass is exact, so no partial counts are merged.
    total = int((sizes.astype(np.int64) * (sizes - 1) // 2).sum())
    parts = max(1, -(-total // chunk))
    found_codes: list[np.ndarray] = []
    found_counts: list[np.ndarray] = []
    for part in range(parts):
        batch: list[np.ndarray] = []
        for size in np.unique(sizes):
            first, second = np.triu_indices(int(size), 1)
            group_starts = starts[sizes == size]
            step = max(1, chunk // len(first))
            for k in range(0, len(group_starts), step):
                members = all_d[group_starts[k : k + step, None] + np.arange(size)].astype(np.int64)
                left, right = members[:, first].ravel(), members[:, second].ravel()
                mine = left % parts == part
                batch.append(left[mine] * n + right[mine])
        codes, counts = np.unique(np.concatenate(batch) if batch else np.empty(0, np.int64), return_counts=True)
        keep_pair = counts >= min_shared
        found_codes.append(codes[keep_pair])
        found_counts.append(counts[keep_pair])
        del batch, codes, counts
    codes = np.concatenate(found_codes)
    counts = np.concatenate(found_counts)
    order = np.argsort(codes)
    codes, counts = codes[order], counts[order]
    pairs = np.stack([codes // n, codes % n], axis=1)
    shorter = np.minimum(lengths[pairs[:, 0]], lengths[pairs[:, 1]])
    ok = (counts >= min_shared) & (counts >= min_share * shorter)
    pairs, counts = pairs[ok].astype(np.int32), counts[ok]
    return CandidatePairs(pairs, counts.astype(np.int32))
