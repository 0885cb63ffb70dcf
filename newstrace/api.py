"""The Python API: the same verbs as the CLI, over the same core functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newstrace.ingest import IngestProblem, read_paths
from newstrace.ingest.read import read_file
from newstrace.lineage.build import LinkDegrees, PairVerdict, build_lineages, join_stories, same_story
from newstrace.lineage.outlets import article_voice
from newstrace.lineage.relation import compare_articles
from newstrace.model import Article, Comparison, Lineage
from newstrace.normalize import AliasTable
from newstrace.parallel import default_workers
from newstrace.pipeline import (
    ALGORITHM_VERSION,
    LINEAGE_VERSION,
    Analysis,
    Progress,
    analyze,
    credited_outlets,
    increment_pairs,
    judge_pairs,
    lookup_phrases,
    no_progress,
)
from newstrace.store import Store

if TYPE_CHECKING:
    import networkx as nx


def load_article(ref: str | Path | Article, store: Store | None = None) -> Article:
    """An article from a file path, or by id from the store."""
    if isinstance(ref, Article):
        return ref
    path = Path(ref)
    if path.exists() and not path.is_dir():  # a stored id may also name a folder here
        found: list[Article] = []
        for item in read_file(path):
            if isinstance(item, IngestProblem):
                raise ValueError(str(item))
            found.append(item)
            if len(found) > 1:  # a corpus, not an article: which of its records is meant?
                raise ValueError(f"{path}: more than one article in this file: ingest it, then compare by id "
                                 f"(its first two: {found[0].id}, {found[1].id})")
        if not found:
            raise ValueError(f"{path}: no article in this file")
        return found[0]
    if store is not None:
        stored = store.article(str(ref))
        if stored is not None:
            return stored
    raise LookupError(f"{ref}: no such file, and no stored article with this id")


def compare(a: str | Path | Article, b: str | Path | Article, aliases: AliasTable | None = None,
            store: Store | None = None) -> Comparison:
    """Relation, score, direction and edits of two articles (paths, stored ids or `Article`s).

    `source` and `derived` in the result name the articles as they were given.
    """
    art_a, art_b = load_article(a, store), load_article(b, store)
    name_a = a.id if isinstance(a, Article) else str(a)
    name_b = b.id if isinstance(b, Article) else str(b)
    if art_a == art_b:  # compared with itself, a page's foot would be set aside as its outlet's furniture
        raise ValueError(f"{name_a} and {name_b} are the same article: give two to compare")
    return compare_articles(art_a, art_b, aliases, name_a, name_b)


INCREMENT_LOOKUP = 50  # stored articles looked at per new article in an incremental analyze


@dataclass
class IngestReport:
    added: int = 0
    seen: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class Trace:
    """An article's place in its lineage."""

    article: Lineage
    origin: Lineage | None
    source: Lineage | None
    siblings: list[Lineage]
    derivatives: list[Lineage]
    lineage: list[Lineage]
    origin_agency: str | None = None  # origin not in the store: the agency whose text the first one is


class Corpus:
    """A store of articles and what `analyze` found in them (one SQLite file)."""

    def __init__(self, db: str | Path | None = None, aliases: AliasTable | None = None) -> None:
        self.store = Store(db)
        self.aliases = aliases or AliasTable.default()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(self, paths: Iterable[str | Path], on_item: Callable[[Article | IngestProblem], None] | None = None,
               batch_size: int = 1000, workers: int | None = None) -> IngestReport:
        """Read files and folders into the store; a bad file is reported and the rest goes on.
        `workers` processes parse web pages and text files (default: the CPU cores)."""
        report = IngestReport()
        batch: list[Article] = []

        def flush() -> None:
            added, notes = self.store.add_articles(batch)
            report.added += added
            report.problems.extend(notes)
            batch.clear()

        for item in read_paths(paths, skip=self.store.files(), workers=workers or default_workers()):
            if on_item:
                on_item(item)
            if isinstance(item, IngestProblem):
                report.problems.append(str(item))
                continue
            report.seen += 1
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        flush()
        return report

    def analyze(self, progress: Progress | None = None, batch_size: int = 500,
                workers: int | None = None, full: bool = False) -> Analysis:
        """Candidates, alignment and lineages over the whole store; resumes an interrupted run.
        `workers` processes share the work (default: the CPU cores); `progress(stage, done,
        total)` is told how far each stage is, as `newstrace.analyze` tells it.

        When a few articles were added since the last run (at most 100, or 1% of the store), only
        they are looked up, through the full-text index, only the lineages they touch are rebuilt,
        and the stories those are joined to grown again from the stored verdicts (`full=True`
        forces the corpus-wide pass)."""
        new_ids = self.store.unanalysed_ids()
        analysed = self.store.count("lineages")
        # another version judged the store, or built its lineages: redo it
        full = self.store.use_algorithm(ALGORITHM_VERSION, LINEAGE_VERSION) or full
        if not full and analysed and len(new_ids) <= max(100, analysed // 100):
            return self._analyze_increment(new_ids, progress)
        articles = list(self.store.articles())
        hashes = self.store.hashes()
        known = self.store.cached_verdicts(hashes)
        result = analyze(articles, self.aliases, known=known,
                         on_judged=lambda items: self.store.save_verdicts(items, hashes), progress=progress,
                         batch_size=batch_size, workers=workers or default_workers())
        self.store.save_credits(result.credits, hashes)
        self.store.replace_lineages(result.lineages)
        self.store.mark_analysed(x.id for x in result.lineages)
        return result

    def _analyze_increment(self, new_ids: list[str], progress: Progress | None = None) -> Analysis:
        if not new_ids:
            return Analysis([], [], 0, new=0)
        report = progress or no_progress
        new = [a for a in map(self.store.article, new_ids) if a is not None]
        related: set[str] = set()
        for k, a in enumerate(new):
            report("lookup", k, len(new))
            related.update(self.store.similar(lookup_phrases(a.text), limit=INCREMENT_LOOKUP))
        report("lookup", len(new), len(new))
        related -= set(new_ids)
        pool = [a for a in map(self.store.article, self.store.in_store_order(related)) if a is not None]
        pairs = increment_pairs(new, pool, self.aliases)
        by_id = {a.id: a for a in [*pool, *new]}
        hashes = {x: self.store.text_hash_of(x) for x in by_id}
        report("alignment", 0, len(pairs))
        verdicts = judge_pairs(by_id, pairs, self.aliases)
        report("alignment", len(pairs), len(pairs))
        self.store.save_verdicts([(a, b, v) for (a, b), v in zip(pairs, verdicts, strict=True)], hashes)
        # rebuild the lineages the new pairs touch (whole: a new link may join two of them)
        touched = {x for pair in pairs for x in pair} | set(new_ids)
        members = touched | self.store.lineage_mates(touched)
        arts = [a for a in map(self.store.article, self.store.in_store_order(members)) if a is not None]
        credits = self.store.credits_of(members)
        found = {a.id: credited_outlets(a) for a in arts if a.id not in credits}
        self.store.save_credits(found, {x: self.store.text_hash_of(x) for x in found})
        # how many texts each shares passages with, over the whole store, as a full run counts
        touching = self.store.verdicts_touching(members)
        report("lineages", 0, 1)
        rebuilt = build_lineages(arts, self.store.verdicts_among(members), credits | found, LinkDegrees.of(touching))
        lineages = self._regrow_stories(rebuilt, touching)
        report("lineages", 1, 1)
        self.store.mark_analysed(new_ids)
        return Analysis(lineages, verdicts, len(pairs), found, new=len(new_ids))

    def _regrow_stories(self, rebuilt: list[Lineage], touching: list[PairVerdict]) -> list[Lineage]:
        """The rebuilt lineages in place of the stored ones, then the stories they are in grown
        again as a full run grows them (lineages first, then links strongest first, none spanning
        more than 30 days), so that which texts came first does not decide what a story holds:
        every text the rebuilt ones are joined to, through lineages and story links, directly or
        not, and no other, since no other story can change. Stores the rows whose story changed
        and the rebuilt ones; returns the rebuilt ones. `touching`: every verdict touching them,
        read already."""
        mine = {x.id: x for x in rebuilt}
        members, verdicts, degrees = self._story_component(mine, touching)
        rows = {x.id: x for x in self.store.lineages_of(members)} | mine
        groups: dict[tuple[bool, str], list[str]] = defaultdict(list)
        for x in rows.values():  # a rebuilt lineage's id was made before its story was known: keep them apart
            groups[(x.id in mine, x.lineage)].append(x.id)
        headers = self.store.headers(members)
        story_of = join_stories(list(headers), verdicts, groups.values(), degrees, headers)
        changed = []
        for x in rows.values():
            story = f"story-{story_of[x.id]}"
            if x.id in mine or story != x.story:
                changed.append(replace(x, story=story, lineage=f"{story}/{x.origin}"))
        self.store.update_lineages(changed)
        return [x for x in changed if x.id in mine]

    def _story_component(self, rebuilt: Mapping[str, Lineage], read: list[PairVerdict],
                         ) -> tuple[set[str], list[PairVerdict], LinkDegrees]:
        """The texts the rebuilt ones are joined to through lineages and story links (those a full
        run grows stories from: not a formulaic text's), the verdicts among them, and their link
        counts over the whole store (from every verdict touching them). Walked out from the
        rebuilt texts a step at a time: a text with no link is its own story and reads nothing more.
        `read`: the verdicts touching the rebuilt texts, read already."""
        verdicts: dict[tuple[str, str], PairVerdict] = {}
        touching: dict[str, list[PairVerdict]] = defaultdict(list)
        fetched: set[str] = set()  # the texts whose every verdict is read
        degrees = LinkDegrees.of([])  # counted as verdicts are read, each once

        def add(found: Iterable[PairVerdict]) -> None:
            found = [v for v in found if (v.source, v.derived) not in verdicts]
            for v in found:
                verdicts[(v.source, v.derived)] = v
                touching[v.source].append(v)
                touching[v.derived].append(v)
            degrees.count(found)

        def fetch(ids: set[str]) -> None:
            new = ids - fetched
            if new:
                fetched.update(new)
                add(self.store.verdicts_touching(new))

        add(read)
        fetched.update(rebuilt)

        component: set[str] = set()
        frontier = set(rebuilt)
        while frontier:
            frontier = (frontier | self.store.lineage_mates(frontier - rebuilt.keys())) - component
            component |= frontier
            fetch(frontier)
            linked = [v for x in frontier for v in touching[x] if same_story(v)]
            fetch({y for v in linked for y in (v.source, v.derived)})  # the other side's link counts
            frontier = {y for v in linked if not degrees.story_hub(v) for y in (v.source, v.derived)} - component
        inside = [v for v in verdicts.values() if v.source in component and v.derived in component]
        return component, inside, degrees

    def article(self, article_id: str) -> Article | None:
        return self.store.article(article_id)

    def compare(self, a: str | Path | Article, b: str | Path | Article) -> Comparison:
        return compare(a, b, self.aliases, self.store)

    def lineage(self, article_id: str) -> Lineage | None:
        return self.store.lineage_of(article_id)

    def article_rows(self) -> Iterator[dict[str, Any]]:
        """Each analysed article: its metadata, story, lineage, relation, source and origin."""
        from newstrace.export import article_rows

        return article_rows(self.store)

    def derivations(self) -> Iterator[dict[str, Any]]:
        """What each derived text changed from the text it derives from (`compare` of each edge)."""
        from newstrace.export import derivations

        return derivations(self.store, self.aliases)

    def reuse_graph(self, level: str = "articles") -> nx.DiGraph:
        """The reuse network as a networkx graph: `articles` (the lineage trees, an edge from
        each source text to its derived text) or `outlets` (who takes from whom, how often)."""
        from newstrace.export import article_graph, outlet_graph

        if level not in ("articles", "outlets"):
            raise ValueError(f"unknown level {level!r} (articles or outlets)")
        return article_graph(self.store) if level == "articles" else outlet_graph(self.store)

    def trace(self, article_id: str) -> Trace:
        me = self.store.lineage_of(article_id)
        if me is None:
            if self.store.article(article_id) is None:
                raise LookupError(f"{article_id}: no stored article with this id")
            raise LookupError(f"{article_id}: not analysed yet (run `newstrace analyze`)")
        members = self.store.lineage_members(me.lineage)
        by_id = {m.id: m for m in members}
        return Trace(
            article=me,
            origin=by_id.get(me.origin) if me.origin and me.origin != me.id else None,
            source=by_id.get(me.derived_from) if me.derived_from else None,
            siblings=[m for m in members if m.id != me.id and me.derived_from and m.derived_from == me.derived_from],
            derivatives=[m for m in members if m.derived_from == me.id],
            lineage=members,
            origin_agency=self.origin_agency(by_id.get(me.origin or me.id)),
        )

    def origin_agency(self, first: Lineage | None) -> str | None:
        """When a lineage's origin is not stored: the agency whose text its first text is, by that
        text's dateline or byline (the lineage builder's own reading of it)."""
        if first is None or first.relation == "origin":
            return None
        article = self.store.article(first.id)
        return article_voice(article) if article is not None else None
