"""Sentence alignment of two documents (PAN-style seed → extend).

Seeds are sentence pairs whose normalised tokens share a long common subsequence; they are taken
greedily, best first and one to one, so reordered paragraphs still align. Sentences a rewrite
split or merged are then attached to the partner that contains them. Order-preserving runs of
links become the passages shown side by side. Coverage of each side is counted over what the
other text could account for (a text cut off mid-sentence shows only its start), and beside it
the share of each text that follows the other sentence by sentence, in other words or not.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

import numpy as np
from rapidfuzz.distance import LCSseq

from newstrace.model import Alignment, PassagePair, SentenceLink
from newstrace.normalize.keys import CALENDAR_KEYS
from newstrace.normalize.text import ACRONYM_NAME_WORDS, Document, Sentence, initials

MIN_SIMILARITY = 0.5  # share of tokens two sentences must have in common, in order
MAX_PARTNERS = 50  # sentences of the other text weighed as partners of one sentence, at most
JOIN_CHUNK = 1 << 20  # word matches joined at once when finding sentence pairs (memory, not results)
MIN_CONTAINED_TOKENS = 6  # a split/merged sentence (and the rest of its partner) must be at least this long
CUT_SENTENCE_TOKENS = 12  # a sentence printed whole inside a longer one whose other clause has other names
MIN_SHARED_ANCHORS = 0.25  # of a sentence's names and figures, found in its partner
PARAPHRASE_KEPT = 0.5  # a sentence keeping half the content words of one of the other's follows it
QUOTE_KEPT = 0.8  # a quoted sentence printed with this similarity is the same quote
# A reuse keeps at least half the figures of what it aligns; one template filled twice (another
# company's bond issue, another month's jobs report) states other figures in the same words.
TEMPLATE_FIGURES_KEPT = 0.5
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# an outlet's furniture sits in the last sentences of a page long enough for that not to be its body
FURNITURE_TAIL, FURNITURE_PAGE = 5, 15
_END = re.compile(r"[.!?:;\"”’)\]»]$")


def _same_subject(a: Sentence, b: Sentence, contained: bool = False) -> bool:
    """Whether two similar sentences speak of the same names and figures. Formulaic copy (wire
    templates, results tables) repeats the wording with other names and sums: not a reuse.
    `contained`: A is printed whole inside the longer B, whose other clauses have names of their
    own (a sentence cut short, or one of two a sentence was split into); only A's must be in B."""
    for x, y in ((a, b),) if contained else ((a, b), (b, a)):
        if len(x.anchors) < 3:
            continue
        need = MIN_SHARED_ANCHORS * len(x.anchors)
        shared = x.anchors & y.content_keys
        if len(shared) < need and len(shared | (x.anchors & _spelled_out(x, y))) < need:
            return False
    na, nb = a.figures, b.figures
    return min(len(na), len(nb)) < 2 or len(na & nb) * 2 >= min(len(na), len(nb))


def _spelled_out(x: Sentence, y: Sentence) -> set[str]:
    """Keys of the names in X whose initials spell an acronym printed in Y ("the UK's National
    Health Services" and "the NHS"): one name, shortened, not another one."""
    acronyms = y.acronyms
    found: set[str] = set()
    if not acronyms:
        return found
    words = x.words
    for i, first in enumerate(words):
        if not first[:1].isupper():
            continue
        for j in range(i + 1, min(len(words), i + ACRONYM_NAME_WORDS) + 1):
            spelled = initials(words[i:j])
            if spelled is None:
                break  # "Department of Homeland Security" runs on through "of"; "said" ends the name
            if spelled in acronyms and words[j - 1][:1].isupper():
                found.update(x.keys[i:j])
    return found


def _cut_short_inside(a: Sentence, b: Sentence) -> bool:
    """Whether the shorter sentence, printed inside the longer one, is that sentence cut short by a
    clause with names of its own: its own names are there, and it is long enough to be more than a
    shared name phrase ("The experimental advanced superconducting tokamak (EAST).")."""
    shorter, longer = sorted((a, b), key=lambda s: len(s.keys))
    return len(shorter.keys) >= CUT_SENTENCE_TOKENS and _same_subject(shorter, longer, contained=True)


def _similarity(a: Sentence, b: Sentence) -> tuple[float, float]:
    """(Dice of the common subsequence, share of the shorter sentence it covers)."""
    la, lb = len(a.keys), len(b.keys)
    if not la or not lb:
        return 0.0, 0.0
    lcs = LCSseq.similarity(a.keys, b.keys)
    return 2 * lcs / (la + lb), lcs / min(la, lb)


def _surface(word: str) -> str:
    """A word as printed, less case and apostrophe style: what a copy keeps."""
    return word.lower().replace("’", "'")


def _link_groups(links: list[SentenceLink]) -> list[tuple[list[int], list[int]]]:
    """Linked sentences grouped so that a sentence split in two, or two merged into one, is
    compared as one span (sorted sentence numbers on each side)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        parent[find(("a", link.a))] = find(("b", link.b))
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for link in links:
        ga, gb = groups.setdefault(find(("a", link.a)), (set(), set()))
        ga.add(link.a)
        gb.add(link.b)
    return [(sorted(ga), sorted(gb)) for ga, gb in groups.values()]


def _cut_short(sentences: tuple[Sentence, ...], partners: dict[int, list[int]]) -> bool:
    """Whether a text ends mid-sentence (a scrape cut it off) right where its alignment ends:
    then the other text's sentences past that point are beyond what we can see of it."""
    if not sentences or not partners:
        return False
    return not _END.search(sentences[-1].text) and max(partners) >= len(sentences) - 2


def _visible(sentences: tuple[Sentence, ...], partners: dict[int, list[int]], other_cut: bool) -> tuple[Sentence, ...]:
    """The sentences the other text could account for: all, unless the other was cut off, then
    those up to the last aligned one — when they are a fair part of the text: a share measured on
    a sentence or two (a cut-off teaser) says nothing of the rest."""
    if not other_cut:
        return sentences
    window = sentences[: max(partners) + 1]
    if sum(len(s.keys) for s in window) * 3 < sum(len(s.keys) for s in sentences):
        return sentences
    return window


def _covered(sentences: tuple[Sentence, ...], groups: list[tuple[list[int], list[int]]],
             other: tuple[Sentence, ...], prose_only: bool) -> float:
    """Share of a document's tokens reproduced, in order, by its aligned partner sentences. Each
    group of linked sentences is compared as one span, so that a sentence the document says twice
    (a summary line echoing the lede) is not found twice in the one partner sentence it matches."""
    total = sum(len(s.prose_keys if prose_only else s.keys) for s in sentences)
    covered = 0
    for mine, theirs in groups:
        keys = [k for i in mine if i < len(sentences)
                for k in (sentences[i].prose_keys if prose_only else sentences[i].keys)]
        if keys:
            covered += LCSseq.similarity(keys, [k for j in theirs for k in other[j].keys])
    return covered / total if total else 0.0


def _passages(links: list[SentenceLink], a: Document, b: Document) -> list[PassagePair]:
    """Runs of links that move forward together on both sides (one skipped sentence allowed; the
    page around the article, skipped by the aligner, is not shown)."""
    runs: list[list[SentenceLink]] = []
    for link in sorted(links, key=lambda x: (x.a, x.b)):
        if runs:
            last = runs[-1][-1]
            if 0 <= link.a - last.a <= 2 and 0 <= link.b - last.b <= 2:
                runs[-1].append(link)
                continue
        runs.append([link])
    passages = []
    for run in runs:
        a0, a1 = min(x.a for x in run), max(x.a for x in run) + 1
        b0, b1 = min(x.b for x in run), max(x.b for x in run) + 1
        passages.append(
            PassagePair(
                a0, a1, b0, b1,
                " ".join(a.sentences[n].text for n in range(a0, a1) if n not in a.page_lines),
                " ".join(b.sentences[n].text for n in range(b0, b1) if n not in b.page_lines),
                sum(x.similarity for x in run) / len(run),
            )
        )
    return passages


def _sentence_pairs_to_score(a: Document, b: Document) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Sentence pairs sharing two content words (one, for very short sentences), whose common
    subsequence could reach the thresholds, and among the closest partners of one of their
    sentences (`_among_closest`): the only ones worth scoring. Computed with
    numpy over the two documents instead of a loop over all sentence pairs. Also, for each
    sentence of A and of B, the largest share of its content words found in one sentence of the
    other: what a paraphrase keeps when it changes the wording."""
    na, nb = len(a.sentences), len(b.sentences)
    if not na or not nb:
        return [], np.zeros(na), np.zeros(nb)
    (rows_a, keys_a), (rows_b, keys_b) = a.content_index, b.content_index
    size_a, size_b = np.bincount(rows_a, minlength=na), np.bincount(rows_b, minlength=nb)
    (la, stop_a, dup_a), (lb, stop_b, dup_b) = a.sentence_counts, b.sentence_counts
    best_a, best_b = np.zeros(na, np.float32), np.zeros(nb, np.float32)
    # (each list starts empty-handed: a text of stop words alone shares no content word)
    kept_i, kept_j = [np.empty(0, np.int32)], [np.empty(0, np.int32)]
    kept_closeness = [np.empty(0, np.float32)]
    for i, j, shared in _shared_words(rows_a, keys_a, rows_b, keys_b, nb):
        np.maximum.at(best_a, i, shared)
        np.maximum.at(best_b, j, shared)
        short = np.minimum(size_a[i], size_b[j]) <= 2
        # a bound on the common subsequence: shared content words, plus the stop words and
        # repeated words both could match
        bound = shared + np.minimum(stop_a[i], stop_b[j]) + np.minimum(dup_a[i], dup_b[j])
        need = np.minimum((la[i] + lb[j]) / 4, 0.75 * np.minimum(la[i], lb[j]))
        keep = ((shared >= 2) | ((shared == 1) & short)) & (bound >= need)
        i, j, shared = i[keep].astype(np.int32), j[keep].astype(np.int32), shared[keep]
        kept_i.append(i)
        kept_j.append(j)
        kept_closeness.append((shared / np.maximum(size_a[i], size_b[j])).astype(np.float32))  # of the wordier one
    i, j = np.concatenate(kept_i), np.concatenate(kept_j)
    keep = _among_closest(i, j, np.concatenate(kept_closeness))
    return ([(int(x), int(y)) for x, y in zip(i[keep], j[keep], strict=True)],
            best_a / np.maximum(size_a, 1), best_b / np.maximum(size_b, 1))


def _shared_words(rows_a: np.ndarray, keys_a: np.ndarray, rows_b: np.ndarray, keys_b: np.ndarray,
                  nb: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(i, j, shared content words) of every pair of sentences (i of A, j of B) sharing one, in
    order, row by row: a join on the words, so memory follows the words the sentences share, not
    the size of the documents; and done a few of A's sentences at a time, at most JOIN_CHUNK word
    matches each, since two template pages share every word of every line (tens of millions)."""
    by_word = np.argsort(keys_b, kind="stable")
    words_b, sentences_b = keys_b[by_word], rows_b[by_word]
    lo, hi = np.searchsorted(words_b, keys_a, "left"), np.searchsorted(words_b, keys_a, "right")
    matches = hi - lo
    ends = np.cumsum(matches)
    start = 0
    while start < len(keys_a):
        stop = int(np.searchsorted(ends, (ends[start - 1] if start else 0) + JOIN_CHUNK, "right"))
        if stop < len(keys_a):  # a sentence's words are joined together: cut before its first word
            stop = max(int(np.searchsorted(rows_a, rows_a[stop], "left")),
                       int(np.searchsorted(rows_a, rows_a[start], "right")))
        m = matches[start:stop]
        positions = np.repeat(lo[start:stop] - np.cumsum(m) + m, m) + np.arange(int(m.sum()))
        codes, shared = np.unique(np.repeat(rows_a[start:stop], m) * nb + sentences_b[positions], return_counts=True)
        yield codes // nb, codes % nb, shared
        start = stop


def _among_closest(i: np.ndarray, j: np.ndarray, closeness: np.ndarray) -> np.ndarray:
    """Which pairs (sentence i of A, j of B) are among the MAX_PARTNERS closest of i's or of j's.
    A sentence of news has a handful of partners worth weighing; one line of a results table or a
    template page has thousands, and weighing them all is what made aligning two such pages take a minute."""
    if len(i) <= MAX_PARTNERS or min(np.bincount(i).max(), np.bincount(j).max()) <= MAX_PARTNERS:
        return np.ones(len(i), bool)  # every pair is among the closest of one of its sentences
    keep = np.zeros(len(i), bool)
    for side in (i, j):
        order = np.lexsort((-closeness, side))  # by sentence, closest first (ties in reading order)
        first = np.searchsorted(side[order], side[order], "left")
        keep[order[np.arange(len(order)) - first < MAX_PARTNERS]] = True
    return keep


def _paraphrased(sentences: tuple[Sentence, ...], partners: dict[int, list[int]], kept: np.ndarray) -> float:
    """Share of a document's prose tokens in sentences aligned to the other text or that keep
    most of the content words of one of its sentences: a heavy rewrite follows its source
    sentence by sentence in other words, a partial reuse adds sentences of its own."""
    total = covered = 0
    for i, s in enumerate(sentences):
        n = len(s.prose_keys)
        total += n
        if i in partners or (kept[i] >= PARAPHRASE_KEPT and len(s.content_keys) >= 3):
            covered += n
    return covered / total if total else 0.0


def furniture(a: Document, b: Document, aln: Alignment) -> tuple[set[int], set[int]]:
    """The aligned sentences among the last five of both texts (of more than fifteen): on two
    pages of one outlet, its furniture (an author's bio, a newsletter or podcast promo, a
    sign-off), not a reused passage. On a shorter page the last five are a third of it or more,
    and two copies of one short text share them too: there they are furniture only when both
    pages end with them, share nothing else, and they are under half of each page. (A's sentence
    numbers, B's.)"""
    na, nb = len(a.sentences), len(b.sentences)
    foot = [x for x in aln.links if x.a >= na - FURNITURE_TAIL and x.b >= nb - FURNITURE_TAIL]
    on_a, on_b = {x.a for x in foot}, {x.b for x in foot}
    if min(na, nb) > FURNITURE_PAGE:
        return on_a, on_b
    ends_both = na - 1 in on_a and nb - 1 in on_b
    all_they_share = len(foot) == len(aln.links)
    under_half = 2 * len(on_a) < na and 2 * len(on_b) < nb
    return (on_a, on_b) if ends_both and all_they_share and under_half else (set(), set())


def _stated_figures(s: Sentence) -> set[str]:
    """The numbers a sentence states, less its dates (a day beside its month, a year): two
    reports of different days differ in those whatever they report."""
    keys = s.keys
    return {
        k.rstrip("%") for n, k in enumerate(keys)
        if k in s.figures and not _YEAR.match(k)
        and not (n > 0 and keys[n - 1] in CALENDAR_KEYS) and not (n + 1 < len(keys) and keys[n + 1] in CALENDAR_KEYS)
    }


def _name_keys(s: Sentence) -> set[str]:
    """Keys of the names a sentence mentions, less day and month names."""
    return {k for k in s.anchors if not k[:1].isdigit() and k not in CALENDAR_KEYS}


def _kept(x: set[str], y: set[str]) -> float | None:
    """Share of the smaller set found in the other; None under two (one figure says little: a
    follow-up's background paragraph updates a count)."""
    n = min(len(x), len(y))
    return len(x & y) / n if n >= 2 else None


def template_fill(a: Document, b: Document, aln: Alignment, days_apart: int | None) -> tuple[set[int], set[int]]:
    """The aligned prose sentences of two texts written in one template, else nothing. A template
    states other figures in the same words (another issuer, another week's report); a reuse keeps
    most of its source's figures. A wire story's update changes its figures too, but not its
    names, and it runs within a day: so same names within a day (or undated) are a reuse.
    (A's sentence numbers, B's.)"""
    sa, sb = a.sentences, b.sentences
    links = [x for x in aln.links if sa[x.a].quote_share < 0.5 or sb[x.b].quote_share < 0.5]
    if not links:
        return set(), set()
    kept = _kept(set().union(*(_stated_figures(sa[x.a]) for x in links)),
                 set().union(*(_stated_figures(sb[x.b]) for x in links)))
    if kept is None or kept >= TEMPLATE_FIGURES_KEPT:
        return set(), set()
    names = _kept(set().union(*(_name_keys(sa[x.a]) for x in links)), set().union(*(_name_keys(sb[x.b]) for x in links)))
    same_names = names is not None and names >= TEMPLATE_FIGURES_KEPT
    if same_names and (days_apart is None or days_apart <= 1):
        return set(), set()
    return {x.a for x in links}, {x.b for x in links}


def align(a: Document, b: Document, min_similarity: float = MIN_SIMILARITY,
          skip: tuple[Collection[int], Collection[int]] = ((), ())) -> Alignment:
    """Align the sentences of A and B and measure how much of each the other reproduces.
    `skip`: sentences of A and of B that are not to be aligned (an outlet's furniture)."""
    sa, sb = a.sentences, b.sentences
    scored: list[tuple[float, float, int, int]] = []
    candidates, kept_a, kept_b = _sentence_pairs_to_score(a, b)
    # the page around the article (a newsletter sign-up) is no part of either story
    skip = (a.page_lines.union(skip[0]), b.page_lines.union(skip[1]))
    if skip[0] or skip[1]:
        candidates = [(i, j) for i, j in candidates if i not in skip[0] and j not in skip[1]]
        kept_a[list(skip[0])], kept_b[list(skip[1])] = 0, 0
    for i, j in candidates:
        x, y = sa[i], sb[j]
        dice, contained = _similarity(x, y)
        if dice < min_similarity and contained < 0.75:
            continue
        same = _same_subject(x, y)
        if dice >= min_similarity and same:
            scored.append((dice, contained, i, j))
        elif contained >= 0.75 and (same or _cut_short_inside(x, y)):
            scored.append((0.0, contained, i, j))  # a piece of the other, linked below if it fits
    links: list[SentenceLink] = []
    contained_links: set[tuple[int, int]] = set()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for dice, _, i, j in sorted(scored, reverse=True):
        if dice >= min_similarity and i not in used_a and j not in used_b:
            links.append(SentenceLink(i, j, dice))
            used_a.add(i)
            used_b.add(j)
    # split or merged sentences: a whole short sentence contained in a longer partner
    for _, contained, i, j in sorted(scored, key=lambda t: -t[1]):
        if contained < 0.75 or (i in used_a and j in used_b):
            continue
        shorter, longer = (sa[i], sb[j]) if len(sa[i].keys) <= len(sb[j].keys) else (sb[j], sa[i])
        # a piece of a split leaves room in its partner for the other piece: a sentence as long as
        # its partner is a near-duplicate that lost the one-to-one match (a template line), not a piece
        room = len(longer.keys) - len(shorter.keys) >= MIN_CONTAINED_TOKENS
        if len(shorter.keys) >= MIN_CONTAINED_TOKENS and room and (i not in used_a or j not in used_b):
            if (shorter is sa[i] and i not in used_a) or (shorter is sb[j] and j not in used_b):
                links.append(SentenceLink(i, j, contained * 0.9))
                contained_links.add((i, j))
                used_a.add(i)
                used_b.add(j)
    links.sort(key=lambda x: (x.a, x.b))
    a_partners: dict[int, list[int]] = {}
    b_partners: dict[int, list[int]] = {}
    for link in links:
        a_partners.setdefault(link.a, []).append(link.b)
        b_partners.setdefault(link.b, []).append(link.a)
    # each group of linked sentences (one, or a sentence split in two) is measured as one span
    groups = _link_groups(links)
    swapped = [(gb, ga) for ga, gb in groups]
    prose_links = [x for x in links if sa[x.a].quote_share < 0.5 or sb[x.b].quote_share < 0.5]
    shared_prose = sum(
        LCSseq.similarity([k for i in ga for k in sa[i].prose_keys], [k for j in gb for k in sb[j].prose_keys])
        for ga, gb in _link_groups(prose_links)
    )
    quotes = [x for x in links if x.similarity >= QUOTE_KEPT and min(sa[x.a].quote_share, sb[x.b].quote_share) >= 0.5]
    surface_total = surface_same = 0
    for group_a, group_b in groups:
        wa = [_surface(w) for i in group_a for w in sa[i].words]
        wb = [_surface(w) for j in group_b for w in sb[j].words]
        # a sentence printed whole inside a longer one lost a clause: not reworded
        cut_short = len(group_a) == len(group_b) == 1 and (group_a[0], group_b[0]) in contained_links
        surface_total += 2 * min(len(wa), len(wb)) if cut_short else len(wa) + len(wb)
        surface_same += 2 * LCSseq.similarity(wa, wb)
    va = _visible(sa, a_partners, _cut_short(sb, b_partners))
    vb = _visible(sb, b_partners, _cut_short(sa, a_partners))
    return Alignment(
        a_sentences=[s.text for s in sa],
        b_sentences=[s.text for s in sb],
        links=links,
        passages=_passages(links, a, b),
        a_coverage=_covered(va, groups, sb, prose_only=True),
        b_coverage=_covered(vb, swapped, sa, prose_only=True),
        a_quote_coverage=_covered(va, groups, sb, prose_only=False),
        b_quote_coverage=_covered(vb, swapped, sa, prose_only=False),
        mean_similarity=(sum(x.similarity for x in prose_links) / len(prose_links)) if prose_links else 0.0,
        shared_prose_tokens=float(shared_prose),
        verbatim=surface_same / surface_total if surface_total else 0.0,
        a_paraphrase=_paraphrased(va, a_partners, kept_a),
        b_paraphrase=_paraphrased(vb, b_partners, kept_b),
        shared_quotes=len(quotes),
        shared_quote_tokens=float(sum(min(len(sa[x.a].keys), len(sb[x.b].keys)) for x in quotes)),
    )
