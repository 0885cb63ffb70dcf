"""Two aligned texts as rows for a side-by-side view, every word marked same / substituted /
removed / added. Read off the alignment and the word diff of `edits` inside each aligned pair."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newstrace.align.edits import MAX_TERM_TOKENS, token_opcodes, unpaired
from newstrace.model import Alignment, SetAside
from newstrace.normalize.text import Document, Sentence


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str  # "same", "sub" (a term swapped), "del" (only in the source), "ins" (only in the derived)


@dataclass
class Row:
    # "pair", "reworded" (sentences the alignment left out that say the same in other words: their
    # shared words "same"), "removed" (a source sentence with no partner), "added" (a derived one),
    # "furniture" or "template" (a pair both print that is no reuse: left out of the alignment),
    # "page" (a line of the page around the article, a newsletter sign-up: not compared)
    kind: str
    source: list[Segment] = field(default_factory=list)
    derived: list[Segment] = field(default_factory=list)
    similarity: float | None = None


def _spans(sentence: Sentence) -> list[tuple[int, int]]:
    """Character span of each token in the sentence text (an alias token may span words)."""
    spans, cursor = [], 0
    for word in sentence.words:
        parts = word.split(" ")
        start = sentence.text.find(parts[0], cursor)
        if start < 0:
            spans.append((cursor, cursor))
            continue
        end = start + len(parts[0])
        for part in parts[1:]:
            nxt = sentence.text.find(part, end)
            end = nxt + len(part) if nxt >= 0 else end
        spans.append((start, end))
        cursor = end
    return spans


def _segments(sentence: Sentence, kinds: list[str]) -> list[Segment]:
    out: list[Segment] = []
    cursor = 0

    def add(text: str, kind: str) -> None:
        if not text:
            return
        if out and out[-1].kind == kind:
            out[-1] = Segment(out[-1].text + text, kind)
        else:
            out.append(Segment(text, kind))

    for (start, end), kind in zip(_spans(sentence), kinds, strict=True):
        add(sentence.text[cursor:start], "same" if start > cursor else kind)
        add(sentence.text[start:end], kind)
        cursor = max(cursor, end)
    add(sentence.text[cursor:], "same")
    return out


def _pair_kinds(a: Sentence, b: Sentence) -> tuple[list[str], list[str]]:
    ka, kb = ["same"] * len(a.keys), ["same"] * len(b.keys)
    for op, i1, i2, j1, j2 in token_opcodes(a.keys, b.keys):
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                # same key: a name variant swapped (ISIS -> Daesh), not a plural or a case change
                if (a.aliased[i] or b.aliased[j]) and a.words[i].lower() != b.words[j].lower():
                    ka[i] = kb[j] = "sub"
        elif op == "replace" and i2 - i1 <= MAX_TERM_TOKENS and j2 - j1 <= MAX_TERM_TOKENS:
            ka[i1:i2] = ["sub"] * (i2 - i1)
            kb[j1:j2] = ["sub"] * (j2 - j1)
        else:
            ka[i1:i2] = ["del"] * (i2 - i1)
            kb[j1:j2] = ["ins"] * (j2 - j1)
    return ka, kb


def _reworded_row(src: list[Sentence], der: list[Sentence]) -> Row:
    """Sentences said again in other words: the words both sides use marked the same, the rest
    as only on one side."""
    def marked(sentences: list[Sentence], other: list[Sentence], own: str) -> list[Segment]:
        theirs = {k for s in other for k in s.keys}
        out: list[Segment] = []
        for n, s in enumerate(sentences):
            out += ([Segment(" ", "same")] if n else []) + _segments(s, ["same" if k in theirs else own for k in s.keys])
        return out

    return Row("reworded", marked(src, der, "del"), marked(der, src, "ins"))


def side_by_side(source: Document, derived: Document, aln: Alignment, set_aside: Sequence[SetAside] = ()) -> list[Row]:
    """Rows in the derived text's order; a source sentence with no partner is shown where it
    stood, just before the next aligned pair, and one reworded where its derived sentence stands.
    `set_aside`: pairs both print that are no reuse (furniture, a template), shown as such."""
    src, der = source.sentences, derived.sentences
    removed, added, groups = unpaired(source, derived, aln, ({x.a for x in set_aside}, {x.b for x in set_aside}))
    removed_at, added_at = set(removed), set(added)
    reworded_at = {gb[0]: (ga, gb) for ga, gb in groups}  # a group's row stands at its first derived sentence
    pairs = sorted([(x.b, x.a, x.similarity, "pair") for x in aln.links] + [(x.b, x.a, x.similarity, x.why) for x in set_aside])
    rows: list[Row] = []
    next_a = next_b = 0

    def flush(upto_a: int, upto_b: int) -> None:
        """Rows for the sentences with no partner that stood before this point, on each side."""
        nonlocal next_a, next_b
        for i in range(next_a, upto_a):
            if i in removed_at:
                rows.append(Row("removed", source=[Segment(src[i].text, "del")]))
            elif i in source.page_lines:  # never aligned, so never in a pair row
                rows.append(Row("page", source=[Segment(src[i].text, "same")]))
        for j in range(next_b, upto_b):
            if j in reworded_at:
                ga, gb = reworded_at[j]
                rows.append(_reworded_row([src[i] for i in ga], [der[k] for k in gb]))
            elif j in added_at:
                rows.append(Row("added", derived=[Segment(der[j].text, "ins")]))
            elif j in derived.page_lines:
                rows.append(Row("page", derived=[Segment(der[j].text, "same")]))
        next_a, next_b = max(next_a, upto_a), max(next_b, upto_b)

    for b, a, similarity, kind in pairs:
        flush(a, b)
        ka, kb = _pair_kinds(src[a], der[b])
        rows.append(Row(kind, _segments(src[a], ka), _segments(der[b], kb), similarity))
        next_a = max(next_a, a + 1)
        next_b = max(next_b, b + 1)
    flush(len(src), len(der))
    return rows
