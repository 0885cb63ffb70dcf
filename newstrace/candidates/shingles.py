"""An inverted index of hashed word n-grams over normalised keys (passim's approach).

An n-gram shared by two articles is evidence of reuse only when it is rare: grams found in more
than `max_df` articles are boilerplate (datelines, sign-offs, formulaic phrases) and pair no two
articles among them. Two articles become a candidate pair when they share at least `min_shared`
rare grams. Work and memory grow with the number of grams, not with the number of pairs of articles.

A story printed by more than `max_df` outlets (wire copy picked up everywhere) has only such
grams, and would go unfound: so each article is also paired with the first article of each
longer posting list, and that pair is a candidate when those lists hold a third of the shorter
text (`long_share`), as a copy's or a rewrite's do and a shared sign-off's or stock phrase's do
not. A family of copies of any size meets at its first member, a star of pairs rather than all
of them. Then the family counts once: the long lists are read again with each family written as
its first member in the list, and a gram in 2 to `max_df` families pairs them as a rare gram does (a
text reusing a paragraph of the story, a report sharing one of its quotes). The text meets the first
member that prints the gram, not always the family's first text: a paragraph a later version adds
is not in that one. (On AllSides and Reuters-21578 no story is printed so widely: neither rule adds
a pair.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from newstrace.normalize.text import STOPWORDS

NGRAM = 4
MAX_DF = 100
MIN_SHARED = 5  # passim's default minimum of shared n-grams
MIN_SHARE = 0.02  # ... and this share of the shorter text's grams: a few shared phrases between
# two long articles on one topic are common; a reused passage is a larger share of one side
LONG_SHARE = 0.3  # share of the shorter text's grams, in posting lists longer than MAX_DF, that pairs
# it with their first text: the RT story and its Iran Daily rewrite share 0.76 of the shorter's grams,
# 58 of dev's 98 same-lineage candidate pairs 0.3 or more; at 0.2 a short New York Times page whose
# newsletter sign-up box is a fifth of its text met the first page printing the box (AllSides)


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


def enough_shared(shared: Any, shorter: Any, min_shared: int = MIN_SHARED, min_share: float = MIN_SHARE) -> Any:
    """Whether two texts sharing `shared` rare grams, the shorter of them having `shorter` grams,
    are a candidate pair. Only operators, so that numbers, numpy arrays and Spark columns all
    follow the one rule (the Spark engine counts shared grams with a join)."""
    return (shared >= min_shared) & (shared >= min_share * shorter)


def widely_printed(shared: Any, shorter: Any, min_shared: int = MIN_SHARED, long_share: float = LONG_SHARE) -> Any:
    """Whether a text and the first text of the long posting lists they share are a candidate
    pair: those grams are a third of the shorter one. Only operators, as `enough_shared`."""
    return (shared >= min_shared) & (shared >= long_share * shorter)


@lru_cache(maxsize=1 << 20)
def _token_hash(key: str) -> int:
    """A stable 63-bit hash of a word (the same in every process and run), remembered."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def shingle_hashes(keys: Sequence[str], n: int = NGRAM) -> np.ndarray:
    """Distinct 64-bit hashes of the word n-grams of a key list (grams of stop words only dropped)."""
    if len(keys) < n:
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter(map(_token_hash, keys), dtype=np.uint64, count=len(keys))
    content = np.array([k not in STOPWORDS for k in keys], dtype=bool)
    grams = np.zeros(len(keys) - n + 1, dtype=np.uint64)
    has_content = np.zeros(len(keys) - n + 1, dtype=bool)
    for i in range(n):
        grams = grams * np.uint64(1099511628211) + h[i : len(h) - n + 1 + i]
        has_content |= content[i : len(h) - n + 1 + i]
    return np.unique(grams[has_content])


def candidate_pairs(
    shingles: Iterable[np.ndarray], max_df: int = MAX_DF, min_shared: int = MIN_SHARED,
    min_share: float = MIN_SHARE, chunk: int = 8_000_000, long_share: float = LONG_SHARE,
) -> CandidatePairs:
    """Document pairs (i < j) sharing at least `min_shared` rare grams, and at least `min_share`
    of the shorter one's grams, with the number shared; and pairs (first, j) of the first
    document of posting lists longer than `max_df` with each other one, where such lists hold
    `long_share` of the shorter one's grams; and, the texts those pairs join counted once as a
    family, the pairs of the long lists that then hold 2 to `max_df` families (`shared` counts
    every kind).

    Each rare gram's posting list contributes all pairs of its documents, generated in numpy
    (one matrix per posting-list length) as int64 codes `i * n + j` and counted with
    `np.unique`; about `chunk` codes are held at a time.
    """
    # One uint64 per (gram, document): the gram's (mixed) hash in the high bits, the document
    # number in the low ones. Sorting it in place groups each gram's documents, in ascending order, with no
    # index array beside it (the hash loses as many bits as the document number needs: at a
    # million documents, 43 bits are left, and a collision only adds a shared gram).
    mix = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying is a bijection, spreading any hash to the high bits
    chunks: list[tuple[int, int, np.ndarray]] = []  # (first document, documents, mixed hashes), millions at a time
    group: list[np.ndarray] = []
    lengths_list: list[int] = []

    def pack() -> None:
        if group:
            chunks.append((len(lengths_list) - len(group), len(group), np.concatenate(group) * mix))
            group.clear()

    pending = 0
    for sh in shingles:
        group.append(sh)
        lengths_list.append(len(sh))
        pending += len(sh)
        if pending >= 4_000_000:
            pack()
            pending = 0
    pack()
    n = len(lengths_list)
    if not n:
        return CandidatePairs(np.empty((0, 2), dtype=np.int32), np.empty(0, dtype=np.int32))
    doc_bits = max(1, (n - 1).bit_length())
    lengths = np.array(lengths_list, dtype=np.int64)
    codes_all = np.empty(int(lengths.sum()), dtype=np.uint64)
    at = 0
    chunks.reverse()
    while chunks:
        first, count, mixed = chunks.pop()
        docs = np.repeat(np.arange(first, first + count, dtype=np.uint64), lengths[first : first + count])
        codes_all[at : at + len(mixed)] = ((mixed >> np.uint64(doc_bits)) << np.uint64(doc_bits)) | docs
        at += len(mixed)
    codes_all.sort()
    # where each gram's run starts, then the runs of a useful length (2..max_df), block by block
    # so that no array of a size per distinct gram is held twice
    is_start = np.empty(len(codes_all), dtype=bool)
    is_start[:1] = True
    step = 10_000_000
    for k in range(0, max(len(codes_all) - 1, 0), step):
        g = codes_all[k : k + step + 1] >> np.uint64(doc_bits)
        is_start[k + 1 : k + len(g)] = g[1:] != g[:-1]
        del g
    run_starts = np.flatnonzero(is_start)
    del is_start
    kept_starts, kept_sizes, long_starts, long_sizes = [], [], [], []
    for k in range(0, len(run_starts), step):
        block = run_starts[k : k + step + 1]
        ends = block[1:] if k + step < len(run_starts) else np.r_[block[1:], len(codes_all)]
        sz = ends - block[: len(ends)]
        useful = (sz >= 2) & (sz <= max_df)
        kept_starts.append(block[: len(ends)][useful])
        kept_sizes.append(sz[useful])
        long_starts.append(block[: len(ends)][sz > max_df])
        long_sizes.append(sz[sz > max_df])
    del run_starts
    starts = np.concatenate(kept_starts) if kept_starts else np.empty(0, dtype=np.int64)
    sizes = np.concatenate(kept_sizes) if kept_sizes else np.empty(0, dtype=np.int64)
    all_d = (codes_all & np.uint64((1 << doc_bits) - 1)).astype(np.int32)
    del codes_all
    long_starts_all = np.concatenate([*long_starts, np.empty(0, np.int64)])
    long_sizes_all = np.concatenate([*long_sizes, np.empty(0, np.int64)])
    printed = _first_of_long_lists(
        all_d, long_starts_all, long_sizes_all, n, chunk,
        lambda codes, counts: widely_printed(counts, _shorter(codes, n, lengths), min_shared, long_share))

    codes, counts = _pairs_in_lists(all_d, starts, sizes, n, chunk, min_shared)
    ok = enough_shared(counts, _shorter(codes, n, lengths), min_shared, min_share)
    codes, counts = codes[ok], counts[ok]
    if len(printed[0]):
        # a family printed everywhere counts once: a gram of its text that few other texts hold
        # (a paragraph one of them reuses, a quote an independent report shares) is rare again
        fam_d, fam_starts, fam_sizes = _lists_by_family(all_d, long_starts_all, long_sizes_all, printed[0], n, max_df, chunk)
        more, more_counts = _pairs_in_lists(fam_d, fam_starts, fam_sizes, n, chunk, min_shared)
        ok = enough_shared(more_counts, _shorter(more, n, lengths), min_shared, min_share)
        codes, counts = np.concatenate([codes, more[ok]]), np.concatenate([counts, more_counts[ok]])
    codes, counts = np.concatenate([codes, printed[0]]), np.concatenate([counts, printed[1]])
    codes, where = np.unique(codes, return_inverse=True)  # sorted; a pair found both ways counts both
    counts = np.bincount(where, weights=counts, minlength=len(codes))
    pairs = np.stack([codes // n, codes % n], axis=1)
    return CandidatePairs(pairs.astype(np.int32), counts.astype(np.int32))


def _pairs_in_lists(all_d: np.ndarray, starts: np.ndarray, sizes: np.ndarray, n: int, chunk: int,
                    min_shared: int) -> tuple[np.ndarray, np.ndarray]:
    """(codes `i * n + j`, lists shared) of the pairs of documents that `min_shared` or more of
    the posting lists `all_d[start : start + size]` hold together.

    Counted in `parts` passes, each keeping the pairs whose first document is in its residue
    class: every pass is exact, so no partial counts are merged."""
    total = int((sizes.astype(np.int64) * (sizes - 1) // 2).sum())
    parts = max(1, -(-total // chunk))
    found_codes: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    found_counts: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    for part in range(parts):
        batch: list[np.ndarray] = []
        for size in np.unique(sizes):
            upper, lower = np.triu_indices(int(size), 1)
            group_starts = starts[sizes == size]
            step = max(1, chunk // len(upper))
            for k in range(0, len(group_starts), step):
                members = all_d[group_starts[k : k + step, None] + np.arange(size)].astype(np.int64)
                left, right = members[:, upper].ravel(), members[:, lower].ravel()
                mine = left % parts == part
                batch.append(left[mine] * n + right[mine])
        codes, counts = np.unique(np.concatenate(batch) if batch else np.empty(0, np.int64), return_counts=True)
        keep_pair = counts >= min_shared
        found_codes.append(codes[keep_pair])
        found_counts.append(counts[keep_pair])
        del batch, codes, counts
    return np.concatenate(found_codes), np.concatenate(found_counts)


def families(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """For each of `n` documents, the smallest document of its family: those joined, directly or
    not, by the pairs (a[k], b[k]) of texts printed everywhere (each family counts once)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    smallest = np.full(int(label.max()) + 1, n, dtype=np.int64)
    np.minimum.at(smallest, label, np.arange(n))
    return smallest[label]


def _lists_by_family(all_d: np.ndarray, starts: np.ndarray, sizes: np.ndarray, printed: np.ndarray, n: int,
                     max_df: int, chunk: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The long posting lists (`starts`, `sizes` into `all_d`) with each family of texts joined by
    `printed` pairs (codes `first * n + j`) written once, as its first member in the list: those
    that hold 2 to `max_df` families, as (documents, starts, sizes) in the form `_pairs_in_lists` reads."""
    family = families(printed // n, printed % n, n)
    kept: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    kept_sizes: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    ends = np.cumsum(sizes)
    k = 0
    while k < len(starts):
        last = max(k + 1, int(np.searchsorted(ends, (ends[k - 1] if k else 0) + chunk, side="right")))
        s, z = starts[k:last], sizes[k:last]
        run = np.repeat(np.arange(len(s), dtype=np.int64), z)
        docs = all_d[_positions(s, z)].astype(np.int64)
        # each family once per list, as its first member in that list (a list holds its documents in
        # order): a member holding a passage the family's first text lacks (a later version's added
        # paragraph) is what a text reusing that passage must meet
        _, first = np.unique(run * n + family[docs], return_index=True)  # by list, then family
        first.sort()  # by list, then document
        per_list = np.bincount(run[first], minlength=len(s))
        useful = (per_list >= 2) & (per_list <= max_df)
        kept.append(docs[first[useful[run[first]]]])
        kept_sizes.append(per_list[useful])
        k = last
    fam_sizes = np.concatenate(kept_sizes)
    return np.concatenate(kept), np.cumsum(fam_sizes) - fam_sizes, fam_sizes


def _positions(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Every position of the runs `all_d[start : start + size]`, one flat array, run after run."""
    return np.repeat(starts, sizes) + np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def _shorter(codes: np.ndarray, n: int, lengths: np.ndarray) -> np.ndarray:
    return np.minimum(lengths[codes // n], lengths[codes % n])


def _first_of_long_lists(all_d: np.ndarray, starts: np.ndarray, sizes: np.ndarray, n: int, chunk: int,
                         keep: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(codes `first * n + j`, grams shared) of each document j and the first document of the
    posting lists longer than MAX_DF that hold it, where `keep(codes, counts)` says so: counted
    in passes over the first documents' residue classes, each about `chunk` entries and exact
    (a pair's entries all have its first document), so only kept pairs are held between passes."""
    firsts = all_d[starts].astype(np.int64)
    parts = max(1, -(-int((sizes - 1).sum()) // chunk))
    found_codes: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    found_counts: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    for part in range(parts):
        mine = firsts % parts == part
        s, z, first = starts[mine], sizes[mine] - 1, firsts[mine]
        other = all_d[_positions(s + 1, z)].astype(np.int64)
        codes, counts = np.unique(np.repeat(first, z) * n + other, return_counts=True)
        kept = keep(codes, counts)
        found_codes.append(codes[kept])
        found_counts.append(counts[kept])
    return np.concatenate(found_codes), np.concatenate(found_counts)
