"""An inverted index of hashed word n-grams over normalised keys (passim's approach).

An n-gram shared by two articles is evidence of reuse only when it is rare: grams found in more
than `max_df` articles are boilerplate (datelines, sign-offs, formulaic phrases) and are ignored.
Two articles become a candidate pair when they share at least `min_shared` rare grams. Work and
memory grow with the number of grams, not with the number of pairs of articles.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np

from newstrace.normalize.text import STOPWORDS

NGRAM = 4
MAX_DF = 100
MIN_SHARED = 3


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
    shingles: Iterable[np.ndarray], max_df: int = MAX_DF, min_shared: int = MIN_SHARED
) -> dict[tuple[int, int], int]:
    """{(i, j): shared rare grams} for document indices i < j sharing at least `min_shared`."""
    hashes: list[np.ndarray] = []
    docs: list[np.ndarray] = []
    for i, s in enumerate(shingles):
        hashes.append(s)
        docs.append(np.full(len(s), i, dtype=np.int32))
    if not hashes:
        return {}
    all_h = np.concatenate(hashes)
    all_d = np.concatenate(docs)
    order = np.argsort(all_h, kind="stable")
    all_h, all_d = all_h[order], all_d[order]
    starts = np.flatnonzero(np.r_[True, all_h[1:] != all_h[:-1]])
    sizes = np.diff(np.r_[starts, len(all_h)])
    keep = (sizes >= 2) & (sizes <= max_df)
    counts: Counter[tuple[int, int]] = Counter()
    for start, size in zip(starts[keep], sizes[keep], strict=True):
        group = all_d[start : start + size].tolist()
        counts.update(combinations(sorted(group), 2))
    return {pair: c for pair, c in counts.items() if c >= min_shared}
