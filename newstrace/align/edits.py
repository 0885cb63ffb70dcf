"""What a derived text changed: substitutions, removed/added sentences, numbers, quotes, credits.

Everything is read off the alignment: a substitution is a short replaced span inside an aligned
sentence pair, or an alias token whose surface form differs (ISIS → Daesh), counted over the
whole text. Nothing here knows about particular outlets or stories.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import Any

from rapidfuzz.distance import Indel, LCSseq

from newstrace.align.align import MIN_CONTAINED_TOKENS, PARAPHRASE_KEPT
from newstrace.align.credits import find_attributions
from newstrace.model import Alignment, Edits, Substitution
from newstrace.normalize.keys import figures, numbers_in_words, same_figure
from newstrace.normalize.text import ACRONYM_NAME_WORDS, STOPWORDS, Document, Token, acronym, initials, tokenize

MAX_TERM_TOKENS = 3  # a longer replaced span is rewording, not a term substitution
_REPORTING = frozenset({"said", "says", "say"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "miss"})
LONG_SENTENCE = 300  # words: past this a "sentence" is an unsplit page, diffed by a faster method
# a quote ends at its closing mark, within its paragraph; a quote that runs on into the next
# paragraph leaves its mark open and opens the next one with another (news style). Short quotes
# are matched too, then dropped: a straight mark closing "gutless" must not open the next quote
# (`as "gutless" and the newspaper as "phony"` quotes no "and the newspaper as").
_QUOTE = re.compile(r"[\"“«„]([^\"”»“«„\n]*?)(?:[\"”»]|$(?=\n\s*[\"“«„]))", re.MULTILINE)
MIN_QUOTE_CHARS = 20  # a scare-quoted word or two is no quote a reader follows


def _is_number(token: Token) -> bool:
    return bool(re.match(r"^\d", token.key))


def _whole_figure(tokens: Sequence[Token], sentence: str) -> str:
    """The figure a changed number belongs to, as a reader names it ("1" of "April 1, 2022" is
    "April 1, 2022"); the changed words themselves when no figure holds them."""
    number = next(t.surface for t in tokens if _is_number(t))
    alone = re.compile(rf"(?<![\w.,]){re.escape(number)}(?!\d|[.,]\d)")  # "7.30" of "7.30pm", not "1" of "10"
    found = [text for _, text in figures(sentence) if alone.search(text)]
    return found[0] if len(found) == 1 else " ".join(t.surface for t in tokens)


def token_opcodes(a: Sequence[str], b: Sequence[str]) -> Sequence[tuple[str, int, int, int, int]]:
    """Opcodes (equal / replace / delete / insert) turning sentence A into B. difflib's matcher
    (longest contiguous blocks first) reads term swaps as an editor would, but is quadratic: an
    unpunctuated page is one "sentence" of thousands of words, and its diff took minutes. Past
    `LONG_SENTENCE` words the blocks come from the longest common subsequence (rapidfuzz, near
    linear)."""
    if len(a) <= LONG_SENTENCE and len(b) <= LONG_SENTENCE:
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for block in Indel.opcodes(a, b).as_matching_blocks():
        if i < block.a or j < block.b:
            op = "replace" if i < block.a and j < block.b else "delete" if i < block.a else "insert"
            ops.append((op, i, block.a, j, block.b))
        if block.size:
            ops.append(("equal", block.a, block.a + block.size, block.b, block.b + block.size))
        i, j = block.a + block.size, block.b + block.size
    return ops


def _shortened_name(a: Sequence[Token], b: Sequence[Token]) -> bool:
    """Whether one side is an acronym of the name on the other ("UK's National Health Services" →
    "NHS"): a term substitution however many words the name has."""
    for name, short in ((a, b), (b, a)):
        letters = acronym(short[0].surface) if len(short) == 1 else None
        if letters and len(name) <= ACRONYM_NAME_WORDS:
            spelled = initials([t.surface for t in name])
            if spelled and spelled.endswith(letters) and name[-1].surface[:1].isupper():
                return True
    return False


def _handle(tokens: Sequence[Token], sentence: str) -> bool:
    """Whether the words are printed as a social-media handle or a hashtag (@RonDeSantisFL, #Sarmat)."""
    return any(re.search(rf"[@#]{re.escape(t.surface)}\b", sentence) for t in tokens)


def _spelled_alike(old: str, new: str) -> bool:
    """One word in two spellings, not a term swapped: the same letters with other hyphens, spaces
    or full stops (test-launch, U.S.), or lower-case words of five letters or more a letter or two
    apart (defence/defense, organised/organized, analogue/analogues). Names are left out: a letter
    tells Iran from Iraq, and a transliteration (Deir ez-Zor / Deir Ezzor) is worth listing."""
    if re.sub(r"[\s.-]", "", old) == re.sub(r"[\s.-]", "", new) or _abbreviated(old, new):
        return True
    return (old.islower() and new.islower() and " " not in old + new
            and min(len(old), len(new)) >= 5 and Indel.distance(old, new) <= 2)


def _abbreviated(old: str, new: str) -> bool:
    """Whether one word is the other's abbreviation: a capitalised start of it ("Sen" → "senator",
    "Gov." → "Governor", "Oct" → "October", "Dems" → "Democrats"), one word in two styles; not
    an acronym ("IS" → "ISIS", "EU" → "European Union" are names of their own)."""
    if " " in old + new:
        return False
    short, full = sorted((old.rstrip("."), new.rstrip(".")), key=len)
    stem = short.rstrip("s") if len(short) > 2 else short
    return (short[:1].isupper() and not short.isupper() and 2 <= len(stem) <= 4 and len(full) >= len(stem) + 3
            and full.lower().startswith(stem.lower()))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _inflected(old: Sequence[Token], new: Sequence[Token]) -> bool:
    """Whether the two spans hold the same lower-case words in other forms ("fear" → "feared",
    "is showing" → "shows", "regulate" → "regulating"): grammar, not a term swapped."""
    words = [[t.surface for t in span if t.key not in STOPWORDS] for span in (old, new)]
    return (len(words[0]) == len(words[1]) > 0 and all(w.islower() for w in words[0] + words[1])
            and all(_stem(x) == _stem(y) for x, y in zip(*words, strict=True)))


def _term_word(key: str) -> bool:
    # a reporting verb is a stop word to the aligner, but "said" → "claimed" is a choice worth listing
    return key not in STOPWORDS or key in _REPORTING


def _swapped(old: Sequence[Token], new: Sequence[Token], counts: tuple[Counter[str], Counter[str]]) -> bool:
    """Whether a replaced span swaps one term for another: a word of the source's goes (the
    derived sentence has fewer of it) and a word of its own comes. Otherwise the words moved
    ("China's civilian airship" → "a civilian airship from China"), or one side is only
    grammar ("the" → "Russia's": a word added). `counts`: the keys of the two sentences."""
    count_a, count_b = counts
    goes = any(count_b[t.key] < count_a[t.key] for t in old if _term_word(t.key))
    comes = any(count_b[t.key] > count_a[t.key] for t in new if _term_word(t.key))
    return goes and comes and not all(t.key in STOPWORDS for t in [*old, *new])  # "says" → "said"


def _cut_off(old: Sequence[Token], new: Sequence[Token], at_end: tuple[bool, bool]) -> bool:
    """Whether the last word of a text cut off mid-word is all that differs ("it added" → "it ad")."""
    a_end, b_end = at_end
    return len(old) == len(new) == 1 and (
        (b_end and old[0].surface.startswith(new[0].surface)) or (a_end and new[0].surface.startswith(old[0].surface)))


def _restyled_name(old: Sequence[Token], new: Sequence[Token]) -> bool:
    """Whether one side is a courtesy title and the other a given name: "said Mr. Berry" →
    "Michael Berry, ... told", one person styled two ways, not a term swapped."""
    for title, name in ((old, new), (new, old)):
        words = [t.key for t in title if t.key not in STOPWORDS]
        if words and set(words) <= _HONORIFICS and len(name) == 1 and name[0].surface[:1].isupper():
            return True
    return False


def _term_swap(old: Sequence[Token], new: Sequence[Token], counts: tuple[Counter[str], Counter[str]],
               texts: tuple[str, str], at_end: tuple[bool, bool]) -> bool:
    """Whether a replaced span with no figure in it is a term swapped for another, as the reader
    of an explanation wants it listed: not grammar words alone ("the" → "this"), a word moved
    within the sentence, a word in another form or spelling, a person's title for their given
    name ("Mr. Berry" → "Michael Berry"), an embedded tweet's handle ("Mr DeSantis" →
    "@RonDeSantisFL") or the last word of a text cut off mid-word."""
    if _shortened_name(old, new):
        return True
    if not _swapped(old, new, counts) or _inflected(old, new) or _restyled_name(old, new):
        return False
    if _handle(old, texts[0]) or _handle(new, texts[1]) or _cut_off(old, new, at_end):
        return False
    return not _spelled_alike(" ".join(t.surface for t in old), " ".join(t.surface for t in new))


def _substitutions(a: Document, b: Document, aln: Alignment) -> tuple[Counter[tuple[str, str]], list[dict[str, str]]]:
    subs: Counter[tuple[str, str]] = Counter()
    changed_numbers: list[dict[str, str]] = []
    for link in aln.links:
        ta, tb = a.sentences[link.a].tokens, b.sentences[link.b].tokens
        keys_a, keys_b = a.sentences[link.a].keys, b.sentences[link.b].keys
        counts = Counter(keys_a), Counter(keys_b)
        last = link.a == len(a.sentences) - 1, link.b == len(b.sentences) - 1
        for op, i1, i2, j1, j2 in token_opcodes(keys_a, keys_b):
            if op == "equal":
                for x, y in zip(ta[i1:i2], tb[j1:j2], strict=True):
                    if x.alias and x.surface.lower() != y.surface.lower() and not _spelled_alike(x.surface, y.surface):
                        subs[(x.surface, y.surface)] += 1
            elif op == "replace" and (i2 - i1 <= MAX_TERM_TOKENS and j2 - j1 <= MAX_TERM_TOKENS
                                      or _shortened_name(ta[i1:i2], tb[j1:j2])):
                old, new = ta[i1:i2], tb[j1:j2]
                has_figure = any(map(_is_number, old)), any(map(_is_number, new))
                if all(has_figure):
                    was, now = _whole_figure(old, a.sentences[link.a].text), _whole_figure(new, b.sentences[link.b].text)
                    keys = [[key for key, _ in figures(x)] for x in (was, now)]
                    if not keys[0] or _unmatched(*keys) or _unmatched(*keys[::-1]):  # "33 percent" → "33%": one figure
                        changed_numbers.append({"source": was, "derived": now})
                elif any(has_figure):
                    continue  # a figure dropped or added in rewording: listed with the numbers removed or added
                elif _term_swap(old, new, counts, (a.sentences[link.a].text, b.sentences[link.b].text),
                                (last[0] and i2 == len(ta), last[1] and j2 == len(tb))):
                    subs[(" ".join(t.surface for t in old), " ".join(t.surface for t in new))] += 1
    return subs, changed_numbers


def _quotes(text: str) -> list[str]:
    return [q.strip() for q in _QUOTE.findall(text) if len(q) >= MIN_QUOTE_CHARS]


def _quote_keys(quote: str) -> list[str]:
    return [t.key for t in tokenize(quote)]


def _quote_in(keys: list[str], other_keys: list[str]) -> bool:
    """Whether the other text prints the quote (its `keys`), word for word or nearly (seven words
    in ten, in order, within a stretch of it): the words of a short quote ("the project of the
    century") are found in order, far apart, in any long text."""
    if not keys:
        return False
    anchors = {k for k in keys if k not in STOPWORDS} or set(keys)
    span, checked_to = 2 * len(keys), -1
    for at, key in enumerate(other_keys):
        if key in anchors and at > checked_to:
            if LCSseq.similarity(keys, other_keys[max(0, at - span):at + span]) >= 0.7 * len(keys):
                return True
            checked_to = at + len(keys)  # the next window starting here would hold this one's words
    return False


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _altered(quote: list[str], other: list[str]) -> bool:
    """Whether two quotes are one quote with words changed inside it: seven words in ten of each
    in the other, in order, but not the same words, nor one a cut of the other (a quote trimmed
    at either end keeps its wording)."""
    if not quote or not other or quote == other:
        return False
    lcs = LCSseq.similarity(quote, other)
    if lcs < 0.7 * len(quote) or lcs < 0.7 * len(other):
        return False
    return not (_contains(quote, other) or _contains(other, quote))


def _quote_edits(qa: list[str], qb: list[str], a_keys: list[str], b_keys: list[str]) -> dict[str, list[Any]]:
    """Quotes kept, dropped, added, and changed: printed in quotation marks on both sides with
    words altered inside them (a misquote, a translation redone), as (source, derived) pairs."""
    b_quote_keys = [_quote_keys(q) for q in qb]
    kept, dropped, changed = [], [], []
    for q in qa:
        keys = _quote_keys(q)
        if not _quote_in(keys, b_keys):
            dropped.append(q)
            continue
        other = next((qb[i] for i, k in enumerate(b_quote_keys) if _altered(keys, k)), None)
        if other is None:
            kept.append(q)
        else:
            changed.append({"source": q, "derived": other})
    return {"kept": kept, "changed": changed, "dropped": dropped,
            "added": [q for q, k in zip(qb, b_quote_keys, strict=True) if not _quote_in(k, a_keys)]}


def _unmatched(keys: list[str], others: list[str]) -> list[str]:
    """The figures of `keys` that the other side does not state: not the same figure, nor the
    same date with its year left out or added."""
    spare: dict[str, list[str]] = defaultdict(list)  # by their last six characters: one figure's keys end alike
    for other in (Counter(others) - Counter(keys)).elements():
        spare[other[-6:]].append(other)
    out = []
    for key in (Counter(keys) - Counter(others)).elements():
        alike = spare[key[-6:]]
        match = next((n for n, other in enumerate(alike) if same_figure(key, other)), None)
        if match is None:
            out.append(key)
        else:
            alike.pop(match)
    return out


def unpaired(a: Document, b: Document, aln: Alignment, left_out: tuple[set[int], set[int]] = (set(), set())
             ) -> tuple[list[int], list[int], list[tuple[list[int], list[int]]]]:
    """A's sentences with no partner in B (removed), B's with none in A (added), and the groups of
    them that say the same in other words (reworded: in neither list). `left_out`: sentences both
    print that the alignment was told to skip, in no list; nor is the page around the article (a
    newsletter sign-up). What `find_edits` lists and the side-by-side view shows."""
    linked_a = {x.a for x in aln.links} | left_out[0] | a.page_lines
    linked_b = {x.b for x in aln.links} | left_out[1] | b.page_lines
    removed = [i for i in range(len(a.sentences)) if i not in linked_a]
    added = [j for j in range(len(b.sentences)) if j not in linked_b]
    reworded = reworded_sentences(a, b, removed, added)
    in_reworded = {i for g, _ in reworded for i in g}, {j for _, g in reworded for j in g}
    return ([i for i in removed if i not in in_reworded[0]], [j for j in added if j not in in_reworded[1]], reworded)


def reworded_sentences(a: Document, b: Document, removed: list[int],
                        added: list[int]) -> list[tuple[list[int], list[int]]]:
    """Sentences the alignment left out on both sides that say the same in other words: a
    derived sentence and the source sentences that keep half their content words in it (two
    merged into one: "The NHS advises ..." + "The reason for this is ..."), when together they
    hold half of its own; then the same the other way (one split in two). A reader wants them
    side by side as reworded, not one removed and another added."""
    content = ({i: a.sentences[i].content_keys for i in removed if len(a.sentences[i].content_keys) >= 3},
               {j: b.sentences[j].content_keys for j in added if len(b.sentences[j].content_keys) >= 3})
    used: tuple[set[int], set[int]] = (set(), set())

    def gather(one: int) -> list[tuple[int, list[int]]]:
        """Each sentence of side `one` with the sentences of the other side it holds."""
        many = 1 - one
        index: dict[str, list[int]] = defaultdict(list)
        for y, words in content[many].items():
            for word in words:
                index[word].append(y)
        found = []
        for x, words in content[one].items():
            if x in used[one]:
                continue  # already one of the parts of a sentence on the other side
            shared = Counter(y for word in words for y in index.get(word, ()) if y not in used[many])
            parts = sorted(y for y, n in shared.items() if n >= PARAPHRASE_KEPT * len(content[many][y]))
            held = set().union(*(content[many][y] & words for y in parts))
            if parts and len(held) >= PARAPHRASE_KEPT * len(words):
                used[one].add(x)
                used[many].update(parts)
                found.append((x, parts))
        return found

    merged = [(parts, [x]) for x, parts in gather(1)]
    split = [([x], parts) for x, parts in gather(0)]
    return sorted(merged + split + _trimmed(a, b, [i for i in removed if i not in used[0]],
                                             [j for j in added if j not in used[1]]))


def _trimmed(a: Document, b: Document, removed: list[int], added: list[int]) -> list[tuple[list[int], list[int]]]:
    """Sentences cut short or run on: one the other's first words, six or more ("The policy is
    almost certain to face a legal challenge." / "..., and shortly after the rule was announced,
    the ACLU said it intends to sue."). The alignment leaves them apart when the longer one's
    other clause names others; a reader wants them side by side, not removed and added."""
    pairs: list[tuple[list[int], list[int]]] = []
    taken: set[int] = set()
    for i in removed:
        x = a.sentences[i].keys
        for j in added:
            y = b.sentences[j].keys
            n = min(len(x), len(y))
            if j not in taken and n >= MIN_CONTAINED_TOKENS and len(x) != len(y) and x[:n] == y[:n]:
                pairs.append(([i], [j]))
                taken.add(j)
                break
    return pairs


def _figure_edits(a: Document, b: Document, aln: Alignment, changed: list[dict[str, str]]) -> dict[str, Any]:
    """Figures changed (found in the aligned sentence pairs), removed and added, each in the
    order its text states it and as it first writes it."""
    stated = [[[] if n in d.page_lines else figures(s.text) for n, s in enumerate(d.sentences)] for d in (a, b)]
    keys = [Counter(key for found in doc for key, _ in found) for doc in stated]
    surface = [{key: text for found in reversed(doc) for key, text in reversed(found)} for doc in stated]
    for change in changed:  # a changed figure is listed once, as changed
        keys[0] -= Counter(key for key, _ in figures(change["source"]))
        keys[1] -= Counter(key for key, _ in figures(change["derived"]))
    for link in aln.links:  # a figure its aligned sentence writes in words ("2 people" / "two people")
        pair = ((stated[0][link.a], b.sentences[link.b].text), (stated[1][link.b], a.sentences[link.a].text))
        for side, (mine, theirs) in enumerate(pair):
            if mine:
                keys[side] -= Counter(key for key, _ in mine) & Counter(numbers_in_words(theirs))
    listed = [list(k.elements()) for k in keys]
    return {
        "changed": changed,
        "removed": [surface[0][k] for k in _unmatched(listed[0], listed[1])],
        "added": [surface[1][k] for k in _unmatched(listed[1], listed[0])],
    }


def counted(items: Iterable[str]) -> list[str]:
    """A list as a reader scans it: each item once, where it first stands, with "×N" when it
    repeats ("10 ×4": the figure added four times)."""
    return [f"{x} ×{n}" if n > 1 else x for x, n in Counter(items).items()]


def find_edits(a: Document, b: Document, aln: Alignment, a_text: str, b_text: str,
               left_out: tuple[set[int], set[int]] = (set(), set())) -> Edits:
    """The edits that turn source A into derived B. `left_out`: sentences of each that both
    print but the alignment was told to skip (one outlet's furniture, a template filled twice):
    neither removed nor added."""
    subs, changed_numbers = _substitutions(a, b, aln)
    a_keys = a.keys
    b_keys = b.keys
    qa, qb = _quotes(a_text), _quotes(b_text)
    credits_a = {n.lower(): p for n, p in find_attributions(a_text)}
    credits_b = {n.lower(): p for n, p in find_attributions(b_text)}
    removed, added, reworded = unpaired(a, b, aln, left_out)
    return Edits(
        substitutions=[Substitution(o, n, c) for (o, n), c in subs.most_common()],
        removed=[a.sentences[i].text for i in removed],
        added=[b.sentences[j].text for j in added],
        reworded=[{"source": " ".join(a.sentences[i].text for i in ga), "derived": " ".join(b.sentences[j].text for j in gb)}
                  for ga, gb in reworded],
        numbers=_figure_edits(a, b, aln, changed_numbers),
        quotes=_quote_edits(qa, qb, a_keys, b_keys),
        attribution={  # one phrase may credit two names ("Reuters and AP reported"): listed once
            "added": list(dict.fromkeys(p for n, p in credits_b.items() if n not in credits_a)),
            "removed": list(dict.fromkeys(p for n, p in credits_a.items() if n not in credits_b)),
            "kept": list(dict.fromkeys(p for n, p in credits_b.items() if n in credits_a)),
        },
    )
