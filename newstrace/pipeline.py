"""The whole analysis as pure functions: articles in, pair verdicts and lineages out.

No store and no global state here, so the embedded engine and a distributed one call the same
functions: `article_signature` per article (shingles and credits), `candidate_pairs` over the
shingles, `judge_pairs` per batch of pairs, `build_lineages` over the verdicts. `analyze` runs
them in one process or spreads the two per-item stages over a pool of worker processes.
"""

from __future__ import annotations

import re
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import reverse_cuthill_mckee

from newstrace.candidates import candidate_pairs, shingle_hashes
from newstrace.lineage.build import PairVerdict, build_lineages
from newstrace.lineage.outlets import credited, identities
from newstrace.lineage.relation import Prepared, compare_prepared, credited_names, prepare_article
from newstrace.model import Article, Lineage
from newstrace.normalize import AliasTable, document_keys
from newstrace.normalize.text import STOPWORDS
from newstrace.parallel import run_in_order

# Bumped whenever a change to alignment or judging changes verdicts: a store's cached verdicts
# from another version are judged again. 53: a name joined to another by "and" is read whole or as
# two outlets ("Reuters and AP reported"; "the Centers for Disease Control and Prevention"). 54: a
# page of fifteen sentences or fewer ending with what another page of its outlet ends with, and
# sharing nothing else, shares furniture (an author's bio), not a passage.
ALGORITHM_VERSION = "54"
# Bumped whenever the lineage rules or the candidate rules change: a store's lineages are rebuilt,
# from its cached verdicts (and the pairs a new candidate rule adds). 20: texts meet the first text
# of posting lists longer than MAX_DF (a story printed everywhere). 21: such a family written, in
# each long list, as its first member there (a paragraph only a later version prints).
LINEAGE_VERSION = "21"
_WORD = re.compile(r"\w+")
Progress = Callable[[str, int, int], None]  # (stage, done, total): how far a stage of `analyze` is


def no_progress(stage: str, done: int, total: int) -> None:
    """The `Progress` of a caller that does not watch."""


T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


@dataclass
class Analysis:
    lineages: list[Lineage]
    verdicts: list[PairVerdict]
    candidates: int
    credits: dict[str, frozenset[str]] = field(default_factory=dict)  # outlets each text credits
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage
    new: int | None = None  # an incremental run: the articles added since the last one (`lineages`: those rebuilt)


def credited_outlets(article: Article, names: tuple[str, ...] | None = None) -> frozenset[str]:
    """The identities of the outlets the text credits other than its own ("RT reported", "(AP) —");
    empty when it credits none. `names`: the credited names, if already found."""
    own = identities(article.outlet, article.url)
    out: set[str] = set()
    for name in names if names is not None else credited_names(article.text):
        ids = credited(name)
        if not ids & own:
            out |= ids
    return frozenset(out)


def article_signature(article: Article, aliases: AliasTable) -> tuple[np.ndarray, tuple[str, ...]]:
    """What the corpus-wide pass keeps of an article: its rare-gram shingles and the names it
    credits. Cheap (no sentences are built), because it runs on every article."""
    return shingle_hashes(document_keys(article.text, aliases)), credited_names(article.text)


def judge_pair(a: Prepared, b: Prepared) -> PairVerdict:
    """The pair read in id order: with no evidence of direction the first text is taken as the
    source, and which text came first in the store must not decide that (nor the lineages)."""
    if b.article.id < a.article.id:
        a, b = b, a
    c = compare_prepared(a, b, explain=False)
    aln = c.alignment
    return PairVerdict(
        source=c.source, derived=c.derived,
        source_coverage=aln.a_coverage, derived_coverage=aln.b_coverage,
        similarity=aln.verbatim, shared_prose=aln.shared_prose_tokens,
        direction=c.direction_confidence,
        source_paraphrase=aln.a_paraphrase, derived_paraphrase=aln.b_paraphrase,
        shared_quotes=aln.shared_quotes, shared_quote_tokens=aln.shared_quote_tokens,
    )


def judge_pairs(articles: Mapping[str, Article], pairs: Sequence[tuple[str, str]],
                aliases: AliasTable, prepared: MutableMapping[str, Prepared] | None = None,
                names: Mapping[str, tuple[str, ...]] | None = None) -> list[PairVerdict]:
    """Verdicts for a batch of pairs; each article is prepared once (`prepared` may carry them
    over from an earlier batch; `names` are the credited names found by the signature pass)."""
    prepared = {} if prepared is None else prepared
    names = names or {}

    def get(article_id: str) -> Prepared:
        article = articles[article_id]
        key = f"{article_id}\0{hash(article.text)}"  # an id re-used with another text is another entry
        p = prepared.get(key)
        if p is None:
            p = prepared[key] = prepare_article(article, aliases, names.get(article_id))
        return p

    return [judge_pair(get(a), get(b)) for a, b in pairs]


class LRU(OrderedDict[K, V]):
    """The last `size` items used (pairs come sorted, so neighbours repeat their articles)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __getitem__(self, key: K) -> V:
        self.move_to_end(key)
        return super().__getitem__(key)

    def get(self, key: K, default: Any = None) -> Any:
        return self[key] if key in self else default

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)


_PREPARED: LRU[str, Prepared] = LRU(4096)  # one per process: prepared articles kept across batches


def _signatures(batch: list[Article], aliases: AliasTable) -> tuple[np.ndarray, list[int], list[tuple[str, ...]]]:
    """A batch's shingles as one array (and each article's share of it): one large allocation
    instead of hundreds of small ones, so the memory goes back to the system when freed."""
    signatures = [article_signature(a, aliases) for a in batch]
    hashes = np.concatenate([h for h, _ in signatures]) if signatures else np.empty(0, np.uint64)
    return hashes, [len(h) for h, _ in signatures], [c for _, c in signatures]


def _judge_batch(articles: dict[str, Article], pairs: list[tuple[str, str]], aliases: AliasTable,
                 names: dict[str, tuple[str, ...]]) -> list[PairVerdict]:
    return judge_pairs(articles, pairs, aliases, _PREPARED, names)


def lookup_phrases(text: str, every: int = 5, most: int = 500, n: int = 4) -> list[str]:
    """Word n-grams of a text, mostly content words: what to look up in a full-text index to
    find the stored relatives of one new article without a corpus-wide pass. Every fifth gram:
    a full run's candidate pair shares five grams or more, so a passage it shares nearly always
    holds one of these (not always: these are raw words, a full run's grams normalised keys).
    24 grams spread over a long page missed passages of 40 words that a full run linked.
    At most `most`: each phrase costs the index about a millisecond and a half."""
    words = _WORD.findall(text)
    grams = [words[i : i + n] for i in range(len(words) - n + 1)]
    grams = [g for g in grams if sum(w.lower() not in STOPWORDS for w in g) >= n - 1]
    step = max(every, -(-len(grams) // most))
    return [" ".join(g) for g in grams[::step]]


def increment_pairs(new: Sequence[Article], pool: Sequence[Article], aliases: AliasTable) -> list[tuple[str, str]]:
    """Candidate pairs that involve a new article: new articles among themselves and with
    `pool`, their possible relatives. Both lists in store order, so pairs read as in `analyze`."""
    new_ids = {a.id for a in new}
    arts = list(pool) + list(new)
    shingles = [article_signature(a, aliases)[0] for a in arts]
    # a gram found in more than MAX_DF texts of the sample is in more of the store too: a full run
    # ignores it as boilerplate (rarer grams the sample cannot tell from boilerplate)
    found = candidate_pairs(shingles)
    return [(arts[i].id, arts[j].id) for i, j in found if arts[i].id in new_ids or arts[j].id in new_ids]


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self.last, 2)
        self.last = now


def local_order(pairs: np.ndarray, n: int) -> np.ndarray:
    """An order of the pairs in which each article's pairs come close together, so a worker's
    cache of prepared articles prepares most of them once. Articles are numbered by reverse
    Cuthill-McKee (neighbours in the pair graph get near numbers, even inside one giant
    component of wire copies and boilerplate), then pairs sorted by their later article."""
    if not len(pairs):
        return np.empty(0, np.int64)
    graph = coo_matrix((np.ones(len(pairs), np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n)).tocsr()
    rank = np.empty(n, np.int64)
    rank[reverse_cuthill_mckee(graph + graph.T, symmetric_mode=True)] = np.arange(n)
    ranked = rank[pairs]
    return np.lexsort((ranked.min(1), ranked.max(1)))


def _drain(items: list[T]) -> Iterator[T]:
    """Yield the items of a list in order, removing each from it."""
    items.reverse()
    while items:
        yield items.pop()


def analyze(
    articles: Iterable[Article],
    aliases: AliasTable | None = None,
    known: Mapping[tuple[str, str], PairVerdict] | None = None,
    on_judged: Callable[[list[tuple[str, str, PairVerdict]]], None] | None = None,
    progress: Progress | None = None,
    batch_size: int = 500,
    workers: int = 1,
) -> Analysis:
    """Candidates, alignment and lineage for a set of articles.

    `known` holds verdicts judged before (a resumed run skips them); `on_judged` receives each
    batch of new verdicts as it is done, so a caller can persist them; `progress(stage, done,
    total)` is told how far each stage is (`shingles`: articles, `candidates`, `alignment`: pairs
    left to judge, `lineages`), at its start and after each batch; `workers` > 1 runs the
    per-article and per-pair stages in that many processes.
    """
    aliases = aliases or AliasTable.default()
    known = known or {}
    report = progress or no_progress
    arts = list(articles)
    id_counts = Counter(a.id for a in arts)
    if len(id_counts) < len(arts):
        twice = [x for x, n in id_counts.items() if n > 1]
        raise ValueError(f"article ids must be unique: {', '.join(map(repr, twice[:5]))} given more than once")
    _PREPARED.clear()  # prepared with another alias table, perhaps
    clock = _Clock()
    shingles: list[np.ndarray] = []
    credits: dict[str, frozenset[str]] = {}
    names: dict[str, tuple[str, ...]] = {}
    chunks = ((arts[k : k + batch_size], aliases) for k in range(0, len(arts), batch_size))
    report("shingles", 0, len(arts))
    for start, (hashes, lengths, found) in zip(range(0, len(arts), batch_size), run_in_order(_signatures, chunks, workers),
                                               strict=True):
        shingles.extend(np.split(hashes, np.cumsum(lengths)[:-1]))  # views, no copies
        for a, found_names in zip(arts[start : start + batch_size], found, strict=True):
            credits[a.id] = credited_outlets(a, found_names)
            if found_names:
                names[a.id] = found_names
        report("shingles", min(start + batch_size, len(arts)), len(arts))
    clock.lap("shingles")
    report("candidates", 0, 1)
    candidates = candidate_pairs(_drain(shingles))  # the list empties as it is read: one copy in memory
    report("candidates", 1, 1)
    clock.lap("candidates")

    ids = [(arts[i].id, arts[j].id) for i, j in candidates]
    todo = [ids[k] for k in local_order(candidates.pairs, len(arts)) if ids[k] not in known]
    jobs = (
        ({x: arts_by_id[x] for pair in batch for x in pair}, batch, aliases,
         {x: names.get(x, ()) for pair in batch for x in pair})
        for arts_by_id in [{a.id: a for a in arts}]
        for batch in (todo[k : k + batch_size] for k in range(0, len(todo), batch_size))
    )
    judged: dict[tuple[str, str], PairVerdict] = {}
    done = 0
    report("alignment", 0, len(todo))
    for verdicts in run_in_order(_judge_batch, jobs, workers):
        batch = todo[done : done + len(verdicts)]
        done += len(verdicts)
        judged.update(zip(batch, verdicts, strict=True))
        if on_judged:
            on_judged([(a, b, v) for (a, b), v in zip(batch, verdicts, strict=True)])
        report("alignment", done, len(todo))
    verdicts = [known[p] if p in known else judged[p] for p in ids]
    clock.lap("alignment")
    report("lineages", 0, 1)
    lineages = build_lineages(arts, verdicts, credits)
    report("lineages", 1, 1)
    clock.lap("lineages")
    return Analysis(lineages, verdicts, len(ids), credits, clock.seconds)
