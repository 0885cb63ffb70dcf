"""The dataclasses every stage passes around: articles in, alignments and lineages out."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any


def day_number(date: str | None) -> int | None:
    """A stated date (YYYY-MM-DD) as a day number, for spans and lags; None when there is none
    or it cannot be read."""
    try:
        return datetime.date.fromisoformat(date[:10]).toordinal() if date else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Article:
    """One published text and the metadata the data states about it (nothing guessed)."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None  # YYYY-MM-DD, only when the data states it
    lang: str | None = None
    path: str | None = None  # the file it was read from, when there is one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PassagePair:
    """A run of aligned sentences: source sentences [a_start, a_end) ~ derived [b_start, b_end)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str
    similarity: float


@dataclass(frozen=True)
class SentenceLink:
    """One aligned sentence pair, with its similarity on normalised tokens (0-1)."""

    a: int
    b: int
    similarity: float


@dataclass
class Alignment:
    """Sentence alignment of two texts and the coverage it implies on each side.

    Coverage counts only the reporter's own prose (text outside quotation marks), because
    independent reports of one event share official quotes but not each other's sentences.
    """

    a_sentences: list[str]
    b_sentences: list[str]
    links: list[SentenceLink]
    passages: list[PassagePair]
    a_coverage: float  # share of A's prose tokens aligned to B (similarity-weighted)
    b_coverage: float
    a_quote_coverage: float  # the same counting every token, quotes included
    b_quote_coverage: float
    mean_similarity: float  # over aligned prose sentences, on normalised keys
    shared_prose_tokens: float
    verbatim: float = 0.0  # the same on surface words: name swaps and respellings count as changes
    a_paraphrase: float = 0.0  # share of A's prose in sentences aligned or paraphrasing one of B's
    b_paraphrase: float = 0.0
    shared_quotes: int = 0  # quoted sentences both print (nearly) word for word
    shared_quote_tokens: float = 0.0  # their length, in tokens

    def swapped(self) -> Alignment:
        """The same alignment read from B's side (B becomes the source)."""
        return Alignment(
            a_sentences=self.b_sentences, b_sentences=self.a_sentences,
            links=[SentenceLink(x.b, x.a, x.similarity) for x in self.links],
            passages=[PassagePair(p.b_start, p.b_end, p.a_start, p.a_end, p.b_text, p.a_text, p.similarity)
                      for p in self.passages],
            a_coverage=self.b_coverage, b_coverage=self.a_coverage,
            a_quote_coverage=self.b_quote_coverage, b_quote_coverage=self.a_quote_coverage,
            mean_similarity=self.mean_similarity, shared_prose_tokens=self.shared_prose_tokens,
            verbatim=self.verbatim, a_paraphrase=self.b_paraphrase, b_paraphrase=self.a_paraphrase,
            shared_quotes=self.shared_quotes, shared_quote_tokens=self.shared_quote_tokens,
        )


@dataclass(frozen=True)
class SetAside:
    """A sentence pair both texts print that is no reuse, left out of the alignment: one outlet's
    furniture at the foot of its pages (`why` "furniture") or one template filled twice ("template")."""

    a: int
    b: int
    similarity: float
    why: str


@dataclass
class Substitution:
    old: str
    new: str
    count: int


@dataclass
class Edits:
    """What the derived text changed relative to its source."""

    substitutions: list[Substitution] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    reworded: list[dict[str, str]] = field(default_factory=list)  # {"source", "derived"}: the same said in other words
    numbers: dict[str, Any] = field(default_factory=dict)  # changed (pairs), removed, added
    quotes: dict[str, list[Any]] = field(default_factory=dict)  # kept, changed (pairs), dropped, added
    attribution: dict[str, list[str]] = field(default_factory=dict)  # {"added": [...], "removed": [...], "kept": [...]}


@dataclass
class Comparison:
    """The verdict on one pair: relation, score, which is the source, and what changed."""

    relation: str  # copy | rewrite | partial | independent
    score: float
    source: str  # the name of the source article, as the caller gave it
    derived: str
    evidence: list[str]
    alignment: Alignment
    edits: Edits
    direction_confidence: float = 0.0
    set_aside: list[SetAside] = field(default_factory=list)  # source's sentence, derived's

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `newstrace compare --json`."""
        return {
            "relation": self.relation,
            "score": round(self.score, 4),
            "source": self.source,
            "derived": self.derived,
            "evidence": self.evidence,
            "alignment": [
                {
                    "source_text": p.a_text,
                    "derived_text": p.b_text,
                    "source_sentences": [p.a_start, p.a_end],
                    "derived_sentences": [p.b_start, p.b_end],
                    "similarity": round(p.similarity, 4),
                }
                for p in self.alignment.passages
            ],
            "coverage": {
                "source": round(self.alignment.a_coverage, 4),
                "derived": round(self.alignment.b_coverage, 4),
            },
            "substitutions": [asdict(s) for s in self.edits.substitutions],
            "removed": self.edits.removed,
            "added": self.edits.added,
            "reworded": self.edits.reworded,
            "numbers": self.edits.numbers,
            "quotes": self.edits.quotes,
            "attribution": self.edits.attribution,
            "set_aside": [
                {"source_text": self.alignment.a_sentences[x.a], "derived_text": self.alignment.b_sentences[x.b],
                 "why": x.why}
                for x in self.set_aside
            ],
        }


@dataclass
class Lineage:
    """Where one article sits: its story, its lineage, its relation and what it derives from."""

    id: str
    story: str
    lineage: str
    relation: str  # origin | copy | rewrite | partial | independent
    derived_from: str | None
    score: float
    attribution: bool
    origin: str | None = None

    def to_label(self) -> dict[str, Any]:
        """One line of the labels format."""
        return {
            "id": self.id,
            "story": self.story,
            "lineage": self.lineage,
            "relation": self.relation,
            "derived_from": self.derived_from,
            "attribution": self.attribution,
        }
