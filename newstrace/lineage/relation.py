"""The verdict on one pair of articles: copy / rewrite / partial / independent, and which is the source.

Relation comes from how much of the derived text's own prose the source accounts for (quotes
of third parties do not count: independent reports share them) and how closely it is kept.
Direction comes from evidence in the data and the text: stated dates, a credit line naming the
other's outlet, an agency's role, and containment asymmetry.
"""

from __future__ import annotations

from dataclasses import dataclass

from newstrace.align import align, find_attributions, find_edits, furniture, template_fill
from newstrace.lineage.outlets import credited, identities, is_wire, prints_name
from newstrace.model import Alignment, Article, Comparison, Edits, SetAside, day_number
from newstrace.normalize import AliasTable, Document, prepare, writing_system

# Share of the derived text's prose that the source accounts for, for each relation.
COPY_COVERAGE = 0.5  # texts are often truncated excerpts: half of a copy may be all we see
COPY_VERBATIM = 0.9  # a copy keeps nine words in ten verbatim (a name swap is a change)
REWRITE_COVERAGE = 0.40
# or half its prose follows the source sentence by sentence: a partial reuse is "mostly its own text"
REWRITE_PARAPHRASE = 0.5
PARTIAL_COVERAGE = 0.12
MIN_SHARED_PROSE = 12  # tokens of the reporter's own prose shared, in aligned sentences
# A passage is reused (a partial reuse at least, and enough to attach a text to its source's
# lineage) when a fifth of either text is shared in 20 tokens of prose or more, or when a whole
# paragraph of prose is, however small its share.
PASSAGE_COVERAGE = 0.2
PASSAGE_SHARED = 20
REUSED_PARAGRAPH = 45
# A text that prints three or more of another's quotes word for word (60 tokens or more) and
# follows its prose sentence by sentence in other words is a rewrite of it, though it keeps none
# of its sentences: a press release's pickup rewords the release and keeps its quotes. Independent
# reports of a statement share its quotes too, but each tells the rest in its own order and words.
KEPT_QUOTES, KEPT_QUOTE_TOKENS = 3, 60


@dataclass(frozen=True)
class Prepared:
    """An article with its normalised sentences and the outlets it credits, computed once."""

    article: Article
    doc: Document
    credits: tuple[str, ...]  # credited names
    identities: frozenset[str]


def credited_names(text: str) -> tuple[str, ...]:
    """The names a text credits as its source ("RT reported" -> "RT")."""
    return tuple(n for n, _ in find_attributions(text))


def prepare_article(article: Article, aliases: AliasTable | None = None,
                    credits: tuple[str, ...] | None = None) -> Prepared:
    """`credits`: the names the text credits, when an earlier pass has found them already."""
    text = article.text
    return Prepared(
        article=article,
        doc=prepare(text, aliases),
        credits=credits if credits is not None else credited_names(text),
        identities=frozenset(identities(article.outlet, article.url)),
    )


def reuses_passage(derived_coverage: float, source_coverage: float, shared_prose: float) -> bool:
    covered = max(derived_coverage, source_coverage) >= PASSAGE_COVERAGE
    return (covered and shared_prose >= PASSAGE_SHARED) or shared_prose >= REUSED_PARAGRAPH


def rewords_around_quotes(shared_quotes: int, shared_quote_tokens: float, paraphrase: float) -> bool:
    """Whether a text keeps another's quotes and rewords the rest of it, sentence by sentence."""
    return (shared_quotes >= KEPT_QUOTES and shared_quote_tokens >= KEPT_QUOTE_TOKENS
            and paraphrase >= REWRITE_PARAPHRASE)


def classify(derived_coverage: float, source_coverage: float, verbatim: float,
             shared_prose: float, derived_paraphrase: float = 0.0,
             kept_quotes: tuple[int, float] = (0, 0.0)) -> tuple[str, float]:
    """(relation, score) of the derived side, from coverage of its prose and sentence similarity.

    `derived_paraphrase`: share of its prose in sentences aligned or keeping most content words
    of a source sentence. It tells a heavy rewrite (few sentences kept, but every one follows the
    source) from a partial reuse (some passages kept, the rest its own). `kept_quotes`: the
    source's quoted sentences it prints word for word, and their tokens."""
    if shared_prose < MIN_SHARED_PROSE:
        if rewords_around_quotes(*kept_quotes, derived_paraphrase):
            return "rewrite", derived_paraphrase
        return "independent", derived_coverage
    if derived_coverage >= COPY_COVERAGE and verbatim >= COPY_VERBATIM:
        return "copy", derived_coverage
    if derived_coverage >= REWRITE_COVERAGE or derived_paraphrase >= REWRITE_PARAPHRASE:
        return "rewrite", derived_coverage
    if (derived_coverage >= PARTIAL_COVERAGE or source_coverage >= REWRITE_COVERAGE
            or reuses_passage(derived_coverage, source_coverage, shared_prose)):
        return "partial", max(derived_coverage, source_coverage)
    return "independent", derived_coverage


def _credits_other(credits: tuple[str, ...], other: frozenset[str], own: frozenset[str]) -> str | None:
    for name in credits:
        ids = credited(name)
        if ids & other and not ids & own:
            return name
    return None


def _credits_unnamed(x: Prepared, other_text: str) -> tuple[str, ...]:
    """The names X credits other than its own outlet ("(Reuters) -" on Reuters' page) and other
    than those the other text names too: both name "Google" in an article about Google, so
    "reported by the Google toolbar" in one says nothing of which came first."""
    return tuple(n for n in x.credits if not credited(n) & x.identities and not prints_name(other_text, n))


def direction(a: Prepared, b: Prepared, aln: Alignment) -> tuple[float, list[str]]:
    """Positive when A is the source, negative when B is; with the evidence in words."""
    score = 0.0
    evidence: list[str] = []
    da, db = a.article.date, b.article.date
    if da and db and da != db:
        score += 3 if da < db else -3
        evidence.append(f"dates: {a.article.id} {da}, {b.article.id} {db}")
    name = _credits_other(b.credits, a.identities, b.identities)
    if name:
        score += 3
        evidence.append(f"{b.article.id} credits {name!r}, the outlet of {a.article.id}")
    name = _credits_other(a.credits, b.identities, a.identities)
    if name:
        score -= 3
        evidence.append(f"{a.article.id} credits {name!r}, the outlet of {b.article.id}")
    wa, wb = is_wire(a.article.outlet, a.article.url), is_wire(b.article.outlet, b.article.url)
    if wa != wb:
        score += 1.5 if wa else -1.5
        evidence.append(f"{(a if wa else b).article.id} is an outlet others republish (an agency, a release wire, a broadcaster)")
    ca, cb = _credits_unnamed(a, b.article.text), _credits_unnamed(b, a.article.text)
    if bool(ca) != bool(cb):
        score += 0.5 if cb else -0.5
        evidence.append(f"only {(b if cb else a).article.id} credits a source")
    if min(aln.a_coverage, aln.b_coverage) >= 0.3:
        diff = aln.b_coverage - aln.a_coverage
        if abs(diff) >= 0.05:
            score += diff * 4
            evidence.append(
                f"containment: {aln.b_coverage:.2f} of {b.article.id} is in {a.article.id}, "
                f"{aln.a_coverage:.2f} the other way"
            )
    return score, evidence


def language_gap(a: Article, b: Article) -> str | None:
    """How two texts' languages differ ("ar and en", "Arabic and Latin script"), when they do:
    by the languages the data states, else by the scripts the texts are written in."""
    la, lb = ((x.lang or "").split("-")[0].split("+")[0].lower() for x in (a, b))
    if la and lb and la != lb:
        return f"{la} and {lb}"
    sa, sb = writing_system(a.text), writing_system(b.text)
    if sa and sb and sa != sb:
        return f"{sa.title()} and {sb.title()} script"
    return None


def _set_aside(aln: Alignment, sides: tuple[set[int], set[int]], why: str) -> list[SetAside]:
    """The aligned pairs among the sentences `furniture` or `template_fill` found on each side."""
    return [SetAside(x.a, x.b, x.similarity, why) for x in aln.links if x.a in sides[0] and x.b in sides[1]]


def _sides(set_aside: list[SetAside]) -> tuple[set[int], set[int]]:
    return {x.a for x in set_aside}, {x.b for x in set_aside}


def compare_prepared(a: Prepared, b: Prepared, name_a: str | None = None, name_b: str | None = None,
                     explain: bool = True) -> Comparison:
    """Align A and B, decide which is the source and classify the derived one."""
    aln = align(a.doc, b.doc)
    shelf: list[SetAside] = []
    if a.identities & b.identities:  # one outlet's pages: what both share at the foot is its furniture
        shelf = _set_aside(aln, furniture(a.doc, b.doc, aln), "furniture")
        if shelf:
            aln = align(a.doc, b.doc, skip=_sides(shelf))
    da, db = day_number(a.article.date), day_number(b.article.date)
    template = _set_aside(aln, template_fill(a.doc, b.doc, aln, abs(da - db) if da is not None and db is not None else None),
                          "template")
    set_aside = shelf + template  # both print them: neither removed nor added
    if template:
        aln = align(a.doc, b.doc, skip=_sides(set_aside))
    dscore, evidence = direction(a, b, aln)
    if shelf:
        evidence = [*evidence, f"{len({x.a for x in shelf})} sentences at the foot of both pages of one outlet "
                    "left out (its furniture: a bio, a sign-off, a promo)"]
    if template:
        evidence = [*evidence, f"{len({x.a for x in template})} aligned sentences left out: the same wording with "
                    "other figures, one template filled twice (another issue, another week's report), not a reuse"]
    a_first = dscore >= 0
    src, der = (a, b) if a_first else (b, a)
    names = (name_a or a.article.id, name_b or b.article.id)
    if not a_first:
        aln = aln.swapped()
        names = names[::-1]
        set_aside = [SetAside(x.b, x.a, x.similarity, x.why) for x in set_aside]
    relation, score = classify(aln.b_coverage, aln.a_coverage, aln.verbatim, aln.shared_prose_tokens,
                               aln.b_paraphrase, (aln.shared_quotes, aln.shared_quote_tokens))
    evidence = evidence or ["no evidence of direction: the first text is taken as the source"]
    gap = language_gap(a.article, b.article) if explain and relation == "independent" else None
    if gap:
        evidence = [*evidence, f"the two texts are in different languages ({gap}): newstrace compares wording, "
                    "so a translation of one into the other is not found (cross-lingual reuse is not detected)"]
    edits = find_edits(src.doc, der.doc, aln, src.article.text, der.article.text, _sides(set_aside)) if explain else None
    return Comparison(
        relation=relation,
        score=score,
        source=names[0],
        derived=names[1],
        evidence=evidence,
        alignment=aln,
        edits=edits if edits is not None else Edits(),
        direction_confidence=abs(dscore),
        set_aside=set_aside,
    )


def compare_articles(a: Article, b: Article, aliases: AliasTable | None = None,
                     name_a: str | None = None, name_b: str | None = None) -> Comparison:
    aliases = aliases or AliasTable.default()
    return compare_prepared(prepare_article(a, aliases), prepare_article(b, aliases), name_a, name_b)
