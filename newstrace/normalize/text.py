"""Sentences and tokens of an article, each token with a surface form and a comparable key.

Every function here is pure: text in, structures out. Alias phrases (Deir ez-Zor, Islamic State)
become one token, so a substitution is one token for one token in the diff.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from sys import intern
from typing import NamedTuple

import numpy as np

from newstrace.normalize.aliases import AliasTable
from newstrace.normalize.keys import TIME_OF_DAY, WEEKDAY_NAMES, word_key

# a number with its percent sign or word is one word: "20%", "20 percent" and "20 per cent" are one figure;
# so is a time of day, "7:30" as "7.30" (British papers write "7.30pm")
word_pattern = re.compile(rf"{TIME_OF_DAY}(?!\d)|"
                          r"\d+(?:,\d+)*(?:\.\d+)?(?:-?\d+/\d+)?(?:%|[\s-]?(?i:per\s?cent)\b)?|\w+(?:[-'’.]\w+)*",
                          re.UNICODE)

# the words of a page's interface, not of a news story ("sign up" alone is: "sign up voters"),
# a contact line ("Write to ken.thomas@wsj.com"), a link to another story ("RELATED: ...") and a
# copyright notice; in parts searched apart: `re` is slow on a case-insensitive alternation of
# phrases and tries anchored ones at every position, so phrases are matched on the lower-cased line
# and a line's start only there (five times faster)
_FURNITURE_PHRASES = re.compile(
    r"story continued below|continue reading the main story|click here|by signing up|"
    r"(?:newsletter|email) sign up|sign up (?:for|here|today|to receive|now)|(?:to|in) your inbox|unsubscribe|"
    r"recaptcha|all rights reserved|follow us on|subscribe to (?:our|the)|agree to (?:our|the) (?:privacy|terms)|"
    r"check local listings|choose your country|hide caption|just watched|must watch|replay more videos|"
    r"got a tip from the right or left")
_FURNITURE_START = re.compile(  # matched at the line's start only
    r"(?i:advertisement|read more)\b"
    r"|(?:Photos?|PHOTOS?|Gallery):"  # a gallery's caption or a photo credit
    r"|\(?(?:SEE )?(?i:related(?: coverage)?):|More On This\b"  # links to other pages
    r"|(?:© ?)?(?i:copyright) ?(?:©|\(c\)|\d{4})|© ?(?:\d{4}|(?i:copyright))")  # a copyright notice
_READ_MORE_END = re.compile(r"\bread more\W*$")  # on the lower-cased line
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[a-zA-Z]")  # a contact address
_OPEN_QUOTES = "“«„‘"
_CLOSE_QUOTES = "”»’"
_ANY_QUOTE = re.compile("[\"“«„‘”»’]")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "v", "vs", "inc", "corp", "ltd", "co", "jr", "sr", "u.s", "u.k", "u.n", "e.g", "i.e", "approx",
    # titles in the plural and the ranks American copy abbreviates ("Sens. John McCain and ...")
    "sens", "reps", "govs", "gens", "messrs", "adm", "maj", "cmdr", "cpl", "pvt", "rev", "amb",
    "atty", "supt", "det", "pres", "dept", "ft", "mt",
}
# a time's "a.m." ends no sentence before its zone or its day ("at 9 a.m. ET Wednesday")
_TIME_GOES_ON = re.compile(r"(?:ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|MT|MST|MDT|GMT|UTC|BST|CET|Eastern|Pacific|Central|"
                           rf"Mountain|{'|'.join(WEEKDAY_NAMES)})\b")
_LIST_NUMBER = re.compile(r"\d{1,3}\.")  # "2." before "The ruling ...": an item's number, no sentence
# Boundary: end punctuation (optionally a closing quote/bracket), space, then an opening capital,
# digit or quote.
_BOUNDARY = re.compile(r"(?<=[.!?])([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9\u0400-\u04FF])")
# Two sentences glued where a scraper dropped the paragraph break ("streets below.The blaze"): a
# lower-case word or figure, end punctuation, then a capitalised word that is not part of an
# e-mail address or a domain ("Erin.Ailworth@wsj.com").
_GLUED_SENTENCES = re.compile(r"(?<=[a-z\u00df-\u00ff0-9)][.!?])([\"”’]?)(?=[“‘]?[A-Z][a-z]+(?![\w.@]))")

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they we you i his her their our your them him us not no so than then
    there here which who whom whose what when where why how all any both each more most other some such
    only own same too very can will would should could may might must do does did has have had having
    into over under about after before between through during up down out off again further once also
    said says say""".split()
)


REPEAT_MIN_WORDS = 6  # a sentence this long said twice in one text is layout, not reporting
# a long-form article has a few hundred sentences; past this a text is a book or a dump, and the
# cost of aligning two texts grows with the product of their sentences: the rest is not compared
MAX_SENTENCES = 2000


class Token(NamedTuple):
    """A word with its comparable key; made on demand from a sentence's columns."""

    surface: str
    key: str
    in_quote: bool
    alias: bool = False  # matched a name variant of the alias table


@dataclass(frozen=True)
class Sentence:
    """A sentence as columns (surface words, keys, inside-quote flags, alias flags): an article
    has thousands of words and the columns are much cheaper to build than one object a word."""

    text: str
    words: tuple[str, ...]
    keys: tuple[str, ...]
    quoted: tuple[bool, ...]
    aliased: tuple[bool, ...]
    paragraph: int

    @cached_property
    def page_furniture(self) -> bool:
        """A line of the web page around the article, kept by the scraper: a newsletter sign-up,
        "Story Continued Below", "Advertisement", "Click here", "Read more:", a contact address,
        an embedded photo gallery ("Hide Caption 3 of 40") or video teaser ("JUST WATCHED").
        Two pages of one site share it, whatever their stories."""
        text = self.text
        lower = text.lower()
        return bool(_FURNITURE_PHRASES.search(lower) or _FURNITURE_START.match(text)
                    or ("read more" in lower and _READ_MORE_END.search(lower))
                    or ("@" in text and _EMAIL.search(text)))

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(map(Token, self.words, self.keys, self.quoted, self.aliased))

    @cached_property
    def prose_keys(self) -> list[str]:
        """Keys of the words outside quotation marks: the reporter's own prose."""
        return [k for k, q in zip(self.keys, self.quoted, strict=True) if not q]

    @cached_property
    def content_keys(self) -> frozenset[str]:
        return frozenset(self.keys) - STOPWORDS

    @cached_property
    def anchors(self) -> frozenset[str]:
        """Keys of the names and figures it mentions (capitalised past the first word, or numbers):
        what a reuse keeps and a template (same wording, other company, other sum) changes."""
        return frozenset(
            k for n, (w, k) in enumerate(zip(self.words, self.keys, strict=True))
            if k not in STOPWORDS and (w[:1].isdigit() or (n > 0 and w[:1].isupper()))
        )

    @cached_property
    def figures(self) -> frozenset[str]:
        """Keys of the numbers it states: a template changes them, a reuse keeps most."""
        return frozenset(k for k in self.anchors if k[:1].isdigit())

    @cached_property
    def acronyms(self) -> tuple[str, ...]:
        """The acronyms it prints (NHS, UN): read once, as the aligner asks of each sentence pair
        (a tuple: most sentences print none, and the empty one costs nothing to keep)."""
        return tuple(a for a in map(acronym, self.words) if a)

    @cached_property
    def quote_share(self) -> float:
        """Share of tokens inside quotation marks: 1.0 for a sentence that is all quote."""
        if not self.quoted:
            return 0.0
        return sum(self.quoted) / len(self.quoted)


@dataclass(frozen=True)
class Document:
    sentences: tuple[Sentence, ...]

    @cached_property
    def content_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(sentence number, hash of the key) of each distinct content word of each sentence:
        what the aligner intersects, in numpy, to find sentence pairs worth scoring. Python's own
        string hash (cached in each string) is stable within a process, where both documents of
        a pair are compared."""
        sets = [s.content_keys for s in self.sentences]
        count = sum(map(len, sets))
        rows = np.repeat(np.arange(len(sets), dtype=np.int64), [len(x) for x in sets])
        return rows, np.fromiter((hash(k) for x in sets for k in x), dtype=np.int64, count=count)

    @cached_property
    def sentence_counts(self) -> np.ndarray:
        """Per sentence: tokens, stop-word tokens, repeated content tokens (rows of a 3 x n array)."""
        out = np.zeros((3, len(self.sentences)), dtype=np.float32)
        for n, s in enumerate(self.sentences):
            stop = sum(map(STOPWORDS.__contains__, s.keys))
            out[:, n] = (len(s.keys), stop, len(s.keys) - stop - len(s.content_keys))
        return out

    @cached_property
    def keys(self) -> list[str]:
        return [k for s in self.sentences for k in s.keys]

    @cached_property
    def page_lines(self) -> frozenset[int]:
        """The sentences that are the page around the article (`Sentence.page_furniture`): never
        aligned, never listed as removed or added."""
        return frozenset(n for n, s in enumerate(self.sentences) if s.page_furniture)

    @property
    def n_tokens(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)


# The Hill prints a tooltip after a politician's name: the full name glued to the latest headlines
# about them, then "MORE" ("Sen. John Cornyn John CornynGOP senators balk at lengthy impeachment
# trial Overnight Health Care: … MORE (R-Texas) said"). Its pages share those headlines whatever
# their stories. Glued means a lower-case letter then a capital or a digit inside a word
# ("Sanders2020 Democrats make play …"), not a name's own (McConnell, DeVos, LaHood, iPhone).
_NAME_TOOLTIP = re.compile(
    r"(?<=[a-z])(?<!\bMc)(?<!\bMac)(?<!\bDe)(?<!\bLa)(?<!\bDi)(?<!\bi)(?<!\be)(?=[A-Z\d])[^\n]{10,600}? MORE(?!\w)")


def clean(text: str) -> str:
    """Unicode NFC, no markdown emphasis or heading marks, no link targets, no name tooltips,
    uniform spaces, a space between sentences a scraper glued together."""
    text = unicodedata.normalize("NFC", text)
    if " MORE" in text:  # the tooltips' mark: the pattern itself is slow to try everywhere
        text = _NAME_TOOLTIP.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"(\*\*|__)", "", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = _GLUED_SENTENCES.sub(r"\1 ", text)
    # markdown table rows (version archives, listings): one cell a line, separator rows dropped
    text = re.sub(r"^[\s|:-]*-{3,}[\s|:-]*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"[ \t]*\|[ \t]*(?=\S|$)", "\n\n", text, flags=re.MULTILINE)
    return text


NAME_JOINERS = frozenset({"of", "and", "for", "the", "on", "&"})


# the words of a name an acronym stands for, at most: its six capitals and the small words between
# them ("Department of Health and Human Services"); a bound keeps the search linear on a page of capitals
ACRONYM_NAME_WORDS = 12


def writing_system(text: str, sample: int = 2000) -> str | None:
    """The script most of a text's first letters are written in, by their Unicode names (LATIN,
    ARABIC, CYRILLIC, CJK, BENGALI, ...); None when it has no letters. A text's wording can be
    compared with another's only in one script: what tells `compare` a translation is out of reach."""
    counts: dict[str, int] = {}
    for ch in islice((c for c in text if c.isalpha()), sample):
        script = unicodedata.name(ch, "?").split(" ", 1)[0]
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def acronym(word: str) -> str | None:
    """The word if it is printed as an acronym (NHS, DHS, UN; NHS's: NHS), else None."""
    word = re.sub(r"['’]s$", "", word)
    return word if 2 <= len(word) <= 6 and word.isalpha() and word.isupper() else None


def initials(words: Sequence[str]) -> str | None:
    """Initials of a run of capitalised words, over the small words inside a name ("Department of
    Homeland Security": DHS); None where another word breaks the run."""
    out = ""
    for w in words:
        if w[:1].isupper():
            out += w[0]
        elif w.lower() not in NAME_JOINERS:
            return None
    return out.upper()


def split_paragraphs(text: str) -> list[str]:
    """Blank lines end paragraphs; so does a line break after end punctuation. Other line
    breaks are hard wrapping and are joined."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", clean(text)):
        current = ""
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            current = f"{current} {line}" if current else line
            if re.search(r"[.!?:\"”’)\]]$", line):
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
    return paragraphs


def _split_paragraph(paragraph: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        end = m.end(1)
        # the word before the boundary, read from a short window: a run of skipped boundaries
        # (initials, abbreviations) must not make each look-back read the whole run again
        before = paragraph[max(start, end - 64):end].rstrip("\"”’)] ")
        last_word = re.findall(r"[\w.]+$", before)
        if last_word and last_word[0].rstrip(".").lower() in _ABBREVIATIONS:
            continue
        if last_word and len(last_word[0].rstrip(".")) == 1 and last_word[0][0].isupper():
            continue  # an initial: "John F. Kennedy"
        if last_word and last_word[0].lower() in ("a.m.", "p.m.") and _TIME_GOES_ON.match(paragraph, m.end()):
            continue
        if _LIST_NUMBER.fullmatch(paragraph[start:end].strip()):
            continue
        pieces.append(paragraph[start:end].strip())
        start = m.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) for every sentence of the text."""
    return [(i, s) for i, p in enumerate(split_paragraphs(text)) for s in _split_paragraph(p)]


def _raw_tokens(sentence: str, in_quote: bool) -> tuple[list[tuple[str, bool]], bool]:
    """Words with whether each is inside quotation marks; the quote state carries on."""
    if not _ANY_QUOTE.search(sentence):  # most sentences: no quote marks to track
        return [(w, in_quote) for w in word_pattern.findall(sentence)], in_quote
    marks = [(m.start(), m.group()) for m in _ANY_QUOTE.finditer(sentence)]
    out: list[tuple[str, bool]] = []
    pos = k = 0
    for m in word_pattern.finditer(sentence):
        while k < len(marks) and marks[k][0] < m.start():
            at, ch = marks[k]
            k += 1
            if at < pos:
                continue  # an apostrophe inside the previous word
            if ch == '"':
                in_quote = not in_quote
            elif ch in _OPEN_QUOTES and ch != "’":
                in_quote = True
            elif ch in _CLOSE_QUOTES:
                in_quote = False
        out.append((m.group(), in_quote))
        pos = m.end()
    for at, ch in marks[k:]:
        if at < pos:
            continue
        if ch == '"':
            in_quote = not in_quote
        elif ch in _CLOSE_QUOTES and ch != "’":
            in_quote = False
    return out, in_quote


def _alias_spans(words: list[str], keys: list[str], aliases: AliasTable) -> list[tuple[int, int, str]]:
    """(start, end, canonical key) of each name variant in a word list, longest match first."""
    starts = aliases.starts
    if starts.keys().isdisjoint(keys) and starts.keys().isdisjoint(words) and "." not in "".join(words):
        return []  # most sentences name no variant: settled without a loop
    spans: list[tuple[int, int, str]] = []
    done = 0
    for i, (w, k) in enumerate(zip(words, keys, strict=True)):
        if i < done or not (k in starts or (w.replace(".", "") if "." in w else w) in starts):
            continue
        lengths = {*starts.get(k, ()), *starts.get(w.replace(".", ""), ())}
        for n in sorted((n for n in lengths if i + n <= len(words)), reverse=True):
            canonical = (aliases.acronyms.get(tuple(x.replace(".", "") for x in words[i : i + n]))
                         or aliases.phrases.get(tuple(keys[i : i + n])))
            if canonical:
                spans.append((i, i + n, canonical))
                done = i + n
                break
    return spans


def _merge_aliases(raw: list[tuple[str, bool]], aliases: AliasTable) -> tuple[list[str], list[str], list[bool], list[bool]]:
    """Columns (words, keys, quoted, aliased) with each name variant made one word."""
    words = [w for w, _ in raw]
    quotes = [q for _, q in raw]
    keys = [word_key(w) for w in words]
    spans = _alias_spans(words, keys, aliases)
    if not spans:
        return words, keys, quotes, [False] * len(words)
    out: tuple[list[str], list[str], list[bool], list[bool]] = ([], [], [], [])
    done = 0
    for start, end, canonical in spans:
        out[0].extend(words[done:start])
        out[1].extend(keys[done:start])
        out[2].extend(quotes[done:start])
        out[3].extend([False] * (start - done))
        out[0].append(" ".join(words[start:end]))
        out[1].append(canonical)
        out[2].append(quotes[start])
        out[3].append(True)
        done = end
    out[0].extend(words[done:])
    out[1].extend(keys[done:])
    out[2].extend(quotes[done:])
    out[3].extend([False] * (len(words) - done))
    return out


def document_keys(text: str, aliases: AliasTable | None = None) -> list[str]:
    """The token keys of `prepare(text)`, without building sentences and tokens: the cheap pass
    that shingles every article of a corpus."""
    words = word_pattern.findall(clean(text))
    keys = [word_key(w) for w in words]
    out: list[str] = []
    done = 0
    for start, end, canonical in _alias_spans(words, keys, aliases or AliasTable()):
        out.extend(keys[done:start])
        out.append(canonical)
        done = end
    out.extend(keys[done:])
    return out


def tokenize(sentence: str, aliases: AliasTable | None = None, in_quote: bool = False) -> list[Token]:
    raw, _ = _raw_tokens(sentence, in_quote)
    return list(map(Token, *_merge_aliases(raw, aliases or AliasTable())))


def prepare(text: str, aliases: AliasTable | None = None) -> Document:
    """Split an article into sentences of normalised tokens (quote state carried per paragraph);
    a sentence repeated word for word is kept once, and no more than MAX_SENTENCES are kept."""
    aliases = aliases or AliasTable()
    sentences: list[Sentence] = []
    in_quote, paragraph = False, -1
    seen: set[tuple[str, ...]] = set()
    for para, sentence in islice(split_sentences(text), MAX_SENTENCES):
        if para != paragraph:
            in_quote, paragraph = False, para
        raw, in_quote = _raw_tokens(sentence, in_quote)
        words, keys, quoted, aliased = _merge_aliases(raw, aliases)
        if len(keys) >= REPEAT_MIN_WORDS:
            if tuple(keys) in seen:
                continue  # a repeated sentence is layout (a version table, a pull quote), said once
            seen.add(tuple(keys))
        if words:
            # one string object per distinct word across documents: a worker keeps thousands prepared
            sentences.append(Sentence(sentence, tuple(map(intern, words)), tuple(map(intern, keys)), tuple(quoted),
                                      tuple(aliased), para))
    return Document(tuple(sentences))
