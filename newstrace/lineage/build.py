"""From pair verdicts to stories, lineages, origins and the tree of who took from whom.

Lineages are built conservatively, because transitive closure is what merges lineages by
mistake: two articles are joined when each reproduces a substantial share of the other
(core links); an article that reuses only part of another, or is a short excerpt, is attached
to the lineage of its best partner but never bridges two lineages.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from newstrace.lineage.outlets import article_voice, cites_statement, identities, is_wire, prints_name
from newstrace.lineage.relation import (
    COPY_VERBATIM,
    MIN_SHARED_PROSE,
    classify,
    reuses_passage,
    rewords_around_quotes,
)
from newstrace.model import Article, Lineage, day_number

K = TypeVar("K", str, int)
CORE_MAX_COVERAGE = 0.5  # one side of the pair is at least half reproduced by the other
CORE_MIN_COVERAGE = 0.25  # and the other side at least a quarter
MAX_WEAK_LINKS = 10  # an article partly shared with more texts than this is formulaic, not a source
CONTAINS_MARGIN = 0.2  # an origin present in the corpus holds more of each derivative than they hold of it
STORY_SHARED = 8  # shared prose tokens that put two lineages in one story (same event), or a shared quote
LEAF_SOURCE_EVIDENCE = 1.0  # direction evidence that the lone text of a weak link is the lender
MAX_STORY_LINKS = 50  # an article sharing prose with more texts than this is formulaic: it joins no story
# a story is one event: texts dated further apart than this report another one (a follow-up, an
# anniversary, next year's award), however much background they share
STORY_DAYS = 30


@dataclass(frozen=True)
class PairVerdict:
    """What the lineage builder needs to know of one compared pair."""

    source: str
    derived: str
    source_coverage: float
    derived_coverage: float
    similarity: float  # verbatim share of the aligned text
    shared_prose: float
    direction: float  # confidence that `source` is the source (0 = none)
    source_paraphrase: float = 0.0  # share of its prose aligned or paraphrased from the other
    derived_paraphrase: float = 0.0
    shared_quotes: int = 0  # quoted sentences both print word for word
    shared_quote_tokens: float = 0.0

    def reversed(self) -> PairVerdict:
        return PairVerdict(self.derived, self.source, self.derived_coverage, self.source_coverage,
                           self.similarity, self.shared_prose, -self.direction,
                           self.derived_paraphrase, self.source_paraphrase,
                           self.shared_quotes, self.shared_quote_tokens)

    def classify(self) -> tuple[str, float]:
        """(relation, score) of `derived` as taken from `source`."""
        return classify(self.derived_coverage, self.source_coverage, self.similarity, self.shared_prose,
                        self.derived_paraphrase, (self.shared_quotes, self.shared_quote_tokens))


class UnionFind(Generic[K]):
    """Groups of items; each group's root is its smallest member."""

    def __init__(self, items: Iterable[K]) -> None:
        self.parent: dict[K, K] = {i: i for i in items}

    def find(self, x: K) -> K:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_core(v: PairVerdict) -> bool:
    hi, lo = max(v.source_coverage, v.derived_coverage), min(v.source_coverage, v.derived_coverage)
    return hi >= CORE_MAX_COVERAGE and lo >= CORE_MIN_COVERAGE


def _is_attach(v: PairVerdict) -> bool:
    paraphrase = max(v.derived_paraphrase, v.source_paraphrase)
    return (reuses_passage(v.derived_coverage, v.source_coverage, v.shared_prose)
            or rewords_around_quotes(v.shared_quotes, v.shared_quote_tokens, paraphrase))


def same_story(v: PairVerdict) -> bool:
    """Same event: a candidate pair (rare phrases in common) with the reporter's prose or at
    least one quoted sentence aligned: independent reports of one event share its quotes."""
    return v.shared_prose >= STORY_SHARED or v.similarity > 0


def links(v: PairVerdict) -> bool:
    """Whether a verdict can join two texts in a lineage or a story; `build_lineages` reads no
    other, so a corpus falls apart into groups of linked texts that can be built one by one."""
    return _is_core(v) or _is_attach(v) or same_story(v)


def _strength(v: PairVerdict) -> float:
    return max(v.source_coverage, v.derived_coverage) + min(v.source_coverage, v.derived_coverage)


def _closeness(v: PairVerdict) -> float:
    """How close two texts are: how much they share, and how little of it was edited."""
    return _strength(v) * v.similarity


@dataclass(frozen=True)
class LinkDegrees:
    """How many texts each article shares a passage with (`weak`: partial-reuse links) or an
    event with (`story`): an article linked to a great many is boilerplate, not a source."""

    weak: dict[str, int]
    story: dict[str, int]

    @classmethod
    def of(cls, verdicts: Iterable[PairVerdict]) -> LinkDegrees:
        degrees = cls(defaultdict(int), defaultdict(int))
        degrees.count(verdicts)
        return degrees

    def count(self, verdicts: Iterable[PairVerdict]) -> None:
        """Count these verdicts too (each verdict once: an incremental run adds them as it reads them)."""
        for v in verdicts:
            if _is_attach(v) and not _is_core(v):
                self.weak[v.source] = self.weak.get(v.source, 0) + 1
                self.weak[v.derived] = self.weak.get(v.derived, 0) + 1
            if same_story(v) and not _is_core(v):  # its own copies make no text formulaic
                self.story[v.source] = self.story.get(v.source, 0) + 1
                self.story[v.derived] = self.story.get(v.derived, 0) + 1

    def weak_hub(self, v: PairVerdict) -> bool:
        return max(self.weak.get(v.source, 0), self.weak.get(v.derived, 0)) > MAX_WEAK_LINKS

    def story_hub(self, v: PairVerdict) -> bool:
        return max(self.story.get(v.source, 0), self.story.get(v.derived, 0)) > MAX_STORY_LINKS


def story_links(verdicts: Iterable[PairVerdict], degrees: LinkDegrees,
                by_id: Mapping[str, Article]) -> list[PairVerdict]:
    """The links that put two texts in one story, strongest first (the order stories are grown in)."""
    links = [v for v in verdicts if same_story(v) and not degrees.story_hub(v)
             and not _undated_pages_of_one_outlet(by_id[v.source], by_id[v.derived])]
    return sorted(links, key=lambda v: (-v.shared_prose, -v.similarity, v.source, v.derived))


def _undated_pages_of_one_outlet(a: Article, b: Article) -> bool:
    """What two pages of one outlet share is as often its furniture (a video caption line, a
    contact box, a newsletter block mid-page) as one event; with dates a story's 30 days bound
    that, with none nothing does: such a pair is one story only through a lineage or other texts."""
    return not a.date and not b.date and bool(identities(a.outlet, a.url) & identities(b.outlet, b.url))


def date_span(dates: Iterable[str | None]) -> tuple[int, int] | None:
    """The first and last day among stated dates; None when none can be read."""
    days = [d for d in map(day_number, dates) if d is not None]
    return (min(days), max(days)) if days else None


class Stories:
    """Stories grown by joining groups of texts, none spanning more than STORY_DAYS between its
    first and last stated date. Joining every pair of texts that share a passage or a quote
    (connected components) chains years of coverage into one story through background
    paragraphs and recurring quotes: on AllSides, 11,066 texts from 2012 to 2020. A group is
    named after its smallest member id, which is what a story id carries."""

    def __init__(self, spans: Mapping[str, tuple[int, int] | None]) -> None:
        self._uf = UnionFind(sorted(spans))
        self._span = dict(spans)

    def join(self, a: str, b: str, force: bool = False) -> None:
        """Join the stories of A and B unless the joined one would span too long (`force`: the
        members of one lineage are one story, however long its span)."""
        ra, rb = self._uf.find(a), self._uf.find(b)
        if ra == rb:
            return
        sa, sb = self._span[ra], self._span[rb]
        span = sa or sb
        if sa and sb:
            span = (min(sa[0], sb[0]), max(sa[1], sb[1]))
            if not force and span[1] - span[0] > STORY_DAYS:
                return
        self._uf.union(ra, rb)
        self._span[self._uf.find(ra)] = span

    def story_of(self) -> dict[str, str]:
        return {x: self._uf.find(x) for x in self._uf.parent}


def build_lineages(
    articles: Sequence[Article], verdicts: Sequence[PairVerdict], credits: Mapping[str, frozenset[str]],
    degrees: LinkDegrees | None = None,
) -> list[Lineage]:
    """One `Lineage` per article. `credits[id]`: the outlets (identities) the text credits other
    than its own. `degrees`: counted over the whole corpus, when `verdicts` are only those among
    some of its articles (an incremental run); by default counted over `verdicts`."""
    ids = [a.id for a in articles]
    by_id = {a.id: a for a in articles}
    degrees = degrees or LinkDegrees.of(verdicts)
    lineage_of = _join_lineages(ids, verdicts, degrees)
    members: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        members[lineage_of[i]].append(i)
    story_of = join_stories(ids, verdicts, members.values(), degrees, by_id)
    edges: dict[str, list[PairVerdict]] = defaultdict(list)
    for v in verdicts:
        if lineage_of[v.source] == lineage_of[v.derived] and (_is_core(v) or _is_attach(v)):
            edges[v.source].append(v)
            edges[v.derived].append(v)
    results = [row for group in members.values()
               for row in _lineage_rows(group, f"story-{story_of[group[0]]}", edges, by_id, credits)]
    position = {x: n for n, x in enumerate(ids)}
    results.sort(key=lambda r: position[r.id])
    return results


def _join_lineages(ids: Sequence[str], verdicts: Sequence[PairVerdict], degrees: LinkDegrees) -> dict[str, str]:
    """Each article's lineage, named by one of its members.

    Strongest links first. A core link may join two lineages; a weaker one (a partial reuse,
    a short excerpt) only brings a lone article into a lineage, as a leaf: never bridging two,
    and never through another leaf, so shared boilerplate cannot chain texts together."""
    lineage_uf = UnionFind(ids)
    sizes = dict.fromkeys(ids, 1)
    leaves: set[str] = set()
    for v in sorted((v for v in verdicts if _is_core(v) or _is_attach(v)), key=_strength, reverse=True):
        ra, rb = lineage_uf.find(v.source), lineage_uf.find(v.derived)
        if ra == rb:
            continue
        if not _is_core(v):
            if degrees.weak_hub(v):
                continue  # a passage shared with many texts is boilerplate (a sign-off, a template)
            # the lone side becomes a leaf; when both are lone, the derived one (the source anchors)
            lone, anchor = (v.derived, v.source) if sizes[rb] == 1 else (v.source, v.derived)
            if sizes[lineage_uf.find(lone)] != 1 or anchor in leaves:
                continue
            if lone == v.source and v.direction >= LEAF_SOURCE_EVIDENCE and sizes[lineage_uf.find(anchor)] > 1:
                continue  # a text that lent a passage to one member is its source, not of its lineage
            leaves.add(lone)
        lineage_uf.union(ra, rb)
        sizes[lineage_uf.find(ra)] = sizes[ra] + sizes[rb]
    return {i: lineage_uf.find(i) for i in ids}


def join_stories(ids: Sequence[str], verdicts: Sequence[PairVerdict], lineages: Iterable[list[str]],
                  degrees: LinkDegrees, by_id: Mapping[str, Article]) -> dict[str, str]:
    """Each article's story, named by its smallest member id: its lineage, joined with the
    lineages it shares prose or a quote with, strongest links first, as long as the story spans
    at most STORY_DAYS; never through formulaic texts that share prose with a great many others
    (wire templates, boilerplate)."""
    stories = Stories({i: date_span([by_id[i].date]) for i in ids})
    for group in lineages:
        for x in group[1:]:
            stories.join(group[0], x, force=True)
    for v in story_links(verdicts, degrees, by_id):
        stories.join(v.source, v.derived)
    return stories.story_of()


def _lineage_rows(group: list[str], story: str, edges: Mapping[str, list[PairVerdict]],
                  by_id: Mapping[str, Article], credits: Mapping[str, frozenset[str]]) -> list[Lineage]:
    """The rows of one lineage: its first text, whether that is the origin or a copy of one the
    corpus does not hold, and each member's source and relation."""
    def attributed(x: str, voice: str | None) -> bool:
        # a credit line, an agency's dateline or byline on another outlet's page ("PARIS (AP) —"),
        # or a press release or statement named as the source
        return bool(credits.get(x)) or voice is not None or cites_statement(by_id[x].text)

    if len(group) == 1:
        # alone here, but an agency's text by its dateline or byline: a copy of an absent origin
        x = group[0]
        voice = article_voice(by_id[x])
        relation = "copy" if voice else "independent"
        return [Lineage(x, story, f"{story}/{x}", relation, None, 0.0, attributed(x, voice), x)]
    root = _choose_origin(group, edges, by_id)
    parent, verdict_of = _spanning_tree(root, group, edges)
    lineage_id = f"{story}/{root}"
    voice = article_voice(by_id[root])
    root_relation = "origin"
    if _copies_absent_origin(root, group, by_id, credits, edges, voice):
        root_relation = ("copy" if voice else _relation_of_root(root, edges)) or "origin"
    rows = []
    for x in group:
        if x == root:
            rows.append(Lineage(x, story, lineage_id, root_relation, None, 1.0, attributed(x, voice), root))
            continue
        # relation to the origin text when it is here and was compared, else to the parent
        judged = verdict_of[x]
        if root_relation == "origin":
            to_root = next((v for v in edges.get(x, []) if root in (v.source, v.derived)), None)
            if to_root is not None:
                judged = to_root if to_root.derived == x else to_root.reversed()
        relation, score = judged.classify()
        relation = relation if relation != "independent" else "partial"
        rows.append(Lineage(x, story, lineage_id, relation, parent[x], score, attributed(x, article_voice(by_id[x])), root))
    return rows


def _copies_absent_origin(root: str, group: list[str], by_id: Mapping[str, Article],
                          credits: Mapping[str, frozenset[str]], edges: Mapping[str, list[PairVerdict]],
                          voice: str | None) -> bool:
    """Whether the lineage's first text is itself a copy of an origin not in the corpus.

    Scraped corpora seldom hold the origin: copies of a wire story or a press release are found,
    the wire's own page is not. So the first text is taken for the origin only on evidence: another
    member credits its outlet ("RT reported"), or it is an agency's own text and no member credits
    an outlet outside the lineage. A first text that itself credits an outlet outside the
    lineage ("(AP)") is a copy of that outlet's text, and so is one that carries an agency's
    dateline or byline on another site (`voice`), unless it is the fullest text here."""
    members = set().union(*(identities(by_id[x].outlet, by_id[x].url) for x in group))
    if credits.get(root) and not credits[root] & members and not _subject_of_lineage(root, group, by_id, credits):
        return True
    out = [v for v in edges.get(root, []) if v.source == root]
    # it contains most of its derivatives, they do not contain it: a longer original
    fullest = bool(out) and sum(v.derived_coverage >= v.source_coverage + CONTAINS_MARGIN for v in out) * 2 > len(out)
    if voice:
        return not fullest  # an agency's text on another's site: its copy, unless the fullest here
    mine = identities(by_id[root].outlet, by_id[root].url)
    if any(credits.get(x, frozenset()) & mine for x in group if x != root):
        return False
    if fullest:
        return False
    if is_wire(by_id[root].outlet, by_id[root].url) and not credits.get(root):
        return any(credits.get(x) and not credits[x] & members for x in group)
    return True


def _subject_of_lineage(root: str, group: list[str], by_id: Mapping[str, Article],
                        credits: Mapping[str, frozenset[str]]) -> bool:
    """Whether every name the root credits is one each other member names, and some member names
    without crediting it: the texts' subject ("reported by the Google toolbar" in an article on
    Google, a copy keeping that sentence), not their source. Copies of an agency's text all
    credit the agency; texts on a subject name it in passing."""
    others = [x for x in group if x != root]
    return all(
        all(prints_name(by_id[x].text, name, ignore_case=True) for x in others)
        and any(name not in credits.get(x, frozenset()) for x in others)
        for name in credits[root])


def _relation_of_root(root: str, edges: Mapping[str, list[PairVerdict]]) -> str | None:
    """A root that credits another outlet copied an origin not in the corpus: its relation is
    that of its link to the closest member (as for a tree parent), read as if it were the derived side.
    What it shares with that member verbatim makes it a copy, however little that is: how much of
    a sibling it holds says nothing of how much of the absent origin it holds."""
    closest = max(edges.get(root, []), key=_closeness, default=None)
    if closest is None:
        return None
    v = closest if closest.derived == root else closest.reversed()
    if v.similarity >= COPY_VERBATIM and v.shared_prose >= MIN_SHARED_PROSE:
        return "copy"
    relation, _ = v.classify()
    return relation if relation != "independent" else "partial"


def _choose_origin(group: list[str], edges: Mapping[str, list[PairVerdict]], by_id: Mapping[str, Article]) -> str:
    """The member that the direction evidence most often names as the source; the earliest date,
    then the smallest id, breaks ties (never the order the texts were stored in). A pair with no
    evidence casts no vote: its source is only the first id, and that must not outweigh what the
    other members say (a `cut` answer that is its Wikipedia text less four words)."""
    votes: dict[str, float] = defaultdict(float)
    for x in group:
        for v in edges.get(x, []):
            votes[x] += v.direction if v.source == x else -v.direction
    return min(group, key=lambda x: (-votes[x], _date_rank(by_id[x].date), x))


def _date_rank(date: str | None) -> int:
    return int(date.replace("-", "")) if date else 99999999


def _spanning_tree(
    root: str, group: list[str], edges: Mapping[str, list[PairVerdict]]
) -> tuple[dict[str, str], dict[str, PairVerdict]]:
    """Grow a tree from the origin along the strongest links (Prim, with a heap: a lineage of
    thousands of copies of one wire story is built in a blink); each member's parent is the member
    it was reached from. Ties go to the member reached first, then to its first link."""
    parent: dict[str, str] = {}
    verdict_of: dict[str, PairVerdict] = {}
    members = set(group)
    reached: dict[str, int] = {}
    frontier: list[tuple[float, int, int, str, str]] = []

    def reach(x: str) -> None:
        reached[x] = len(reached)
        for k, v in enumerate(edges.get(x, [])):
            y = v.derived if v.source == x else v.source
            if y not in reached and y in members:
                # the closest text (most shared, fewest edits) is the parent; prefer links whose
                # direction agrees with the tree (x is the source)
                heapq.heappush(frontier, (-(_closeness(v) + (0.5 if v.source == x else 0.0)), reached[x], k, x, y))

    reach(root)
    while frontier:
        _, _, k, x, y = heapq.heappop(frontier)
        if y in reached:
            continue
        v = edges[x][k]
        parent[y] = x
        verdict_of[y] = v if v.source == x else v.reversed()  # read the pair with y as derived
        reach(y)
    for y in sorted(members - reached.keys()):  # attached through a link outside this group: hang it on the root
        parent[y] = root
        verdict_of[y] = PairVerdict(root, y, 0.0, 0.0, 0.0, 0.0, 0.0)
    return parent, verdict_of
