"""The whole analysis as pure functions: articles in, pair verdicts and lineages out.

No store and no global state here, so the embedded engine and a distributed one call the same
functions: `prepare_article` per article, `candidate_pairs` over shingles, `judge_pair` per pair,
`build_lineages` per connected set of pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from newstrace.candidates import candidate_pairs, shingle_hashes
from newstrace.lineage.build import PairVerdict, build_lineages
from newstrace.lineage.outlets import credited
from newstrace.lineage.relation import Prepared, compare_prepared, prepare_article
from newstrace.model import Article, Lineage
from newstrace.normalize import AliasTable

PREPARED_CACHE = 4096  # prepared articles kept while judging pairs (sorted, so neighbours repeat)


@dataclass
class Analysis:
    lineages: list[Lineage]
    verdicts: list[PairVerdict]
    candidates: int


def credits_other_outlet(p: Prepared) -> bool:
    """Whether the text credits an outlet other than its own ("RT reported", "(AP) —")."""
    return any(not (credited(name) & p.identities) for name in p.credits)


def judge_pair(a: Prepared, b: Prepared) -> PairVerdict:
    c = compare_prepared(a, b, explain=False)
    aln = c.alignment
    return PairVerdict(
        source=c.source, derived=c.derived,
        source_coverage=aln.a_coverage, derived_coverage=aln.b_coverage,
        similarity=aln.verbatim, shared_prose=aln.shared_prose_tokens,
        direction=c.direction_confidence,
    )


def analyze(
    articles: Iterable[Article],
    aliases: AliasTable | None = None,
    known: Mapping[tuple[str, str], PairVerdict] | None = None,
    on_judged: Callable[[list[tuple[str, str, PairVerdict]]], None] | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 500,
) -> Analysis:
    """Candidates, alignment and lineage for a set of articles.

    `known` holds verdicts judged before (a resumed run skips them); `on_judged` receives each
    batch of new verdicts as it is done, so a caller can persist them; `progress` is told how
    many pairs each batch judged.
    """
    aliases = aliases or AliasTable.default()
    known = known or {}
    arts = list(articles)
    # One pass to shingle every article, keeping only the hashes: prepared documents are large,
    # so they are made again per pair, through a cache, instead of all held at once.
    token_cache: dict[str, int] = {}
    shingles = []
    credits: dict[str, bool] = {}
    for a in arts:
        p = prepare_article(a, aliases)
        shingles.append(shingle_hashes(p.doc.keys, cache=token_cache))
        credits[a.id] = credits_other_outlet(p)
    pairs = sorted(candidate_pairs(shingles))
    del shingles, token_cache

    @lru_cache(maxsize=PREPARED_CACHE)
    def prepared(i: int) -> Prepared:
        return prepare_article(arts[i], aliases)

    verdicts: list[PairVerdict] = []
    pending: list[tuple[str, str, PairVerdict]] = []
    for i, j in pairs:
        key = (arts[i].id, arts[j].id)
        if key in known:
            verdicts.append(known[key])
            continue
        v = judge_pair(prepared(i), prepared(j))
        verdicts.append(v)
        pending.append((*key, v))
        if len(pending) >= batch_size:
            _flush(pending, on_judged, progress)
    _flush(pending, on_judged, progress)
    return Analysis(build_lineages(arts, verdicts, credits), verdicts, len(pairs))


def _flush(pending: list[tuple[str, str, PairVerdict]],
           on_judged: Callable[[list[tuple[str, str, PairVerdict]]], None] | None,
           progress: Callable[[int], None] | None) -> None:
    if pending:
        if on_judged:
            on_judged(list(pending))
        if progress:
            progress(len(pending))
        pending.clear()
