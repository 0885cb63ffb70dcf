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
from importlib import resources
from typing import Any

from rapidfuzz.distance import Indel, LCSseq

from newstrace.align.align import PARAPHRASE_KEPT
from newstrace.model import Alignment, Edits, Substitution
from newstrace.normalize.keys import MONTH_NAMES, WEEKDAY_NAMES, figures, numbers_in_words, same_figure
from newstrace.normalize.text import ACRONYM_NAME_WORDS, STOPWORDS, Document, Token, acronym, initials, tokenize

MAX_TERM_TOKENS = 3  # a longer replaced span is rewording, not a term substitution
_REPORTING = frozenset({"said", "says", "say"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "miss"})
LONG_SENTENCE = 300  # words: past this a "sentence" is an unsplit page, diffed by a faster method

# words in a name, at most: a bound keeps the search linear on a page of capitalised words
_MAX_NAME_WORDS = 8
# a capitalised word, a dot only inside it, after an initial ("U.S.") or in "St. Louis": a name stops
# at its sentence's end
_WORD = r"[A-Z](?:[\w&'’-]|\.(?=\w))*(?:(?<=\b[A-Z])\.|(?<=\b[SMF]t)\.(?= [A-Z]))?"
_SPACE = r"[^\S\n]+"  # between the words of a name: never a line break (a title or paragraph ends there)
# a name before its verb ("the Tass news agency reported"): the fewest words that reach it
_NAME = rf"{_WORD}(?:{_SPACE}(?:{_WORD}|of|de|al|el)){{0,{_MAX_NAME_WORDS - 1}}}?"
# a name that follows its cue ("according to the Associated Press on Monday"): every capitalised word
_SENTENCE_START = r"(?!(?:The|A|An|In|On|At|He|She|It|They|We|I|This|That|But|And)\b)"  # a missing full stop
# ("according to the Center for Responsive Politics")
_NAME_AFTER = rf"{_WORD}(?:{_SPACE}(?:(?:of|de|al|el|for){_SPACE})?{_SENTENCE_START}{_WORD}){{0,{_MAX_NAME_WORDS - 1}}}"
_DATE_WORD = "(?:" + "|".join(WEEKDAY_NAMES + MONTH_NAMES) + ")"
# what follows "reported" that is no outlet: a day, a month, a person's title ("reported Thursday")
_NOT_A_NAME = rf"(?!{_DATE_WORD}\b|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\b)"
_OUTLET_SUFFIX = r"(?:\s+(?:news agency|news service|agency|newspaper|daily|news|TV|television|website|reported))?"
# "Material from X (and Y) was used in this report"
_SIGNED_OFF = rf"\s+(?:[Tt]he\s+)?{_NAME_AFTER}(?:,?\s+and\s+(?:[Tt]he\s+)?{_NAME_AFTER})?\s+(?:was|were|is)\s+used"
# what an outlet is, between the country that owns it and its name ("told US broadcaster CBS",
# "according to Iranian state news agency IRNA", "told French radio station Europe 1")
_OUTLET_KIND = (r"(?:(?:state|state-run|state-owned|public|private|local|national|pro-government|independent|"
                r"business|news)[- ]){0,2}(?:news agency|press agency|news service|newspaper|newsmagazine|daily|"
                r"broadcaster|television|TV|radio(?: station)?|channel|magazine|news site|news outlet|outlet|website|"
                r"wire service|news wire|network|paper)")
_KIND_THEN_NAME = re.compile(rf"\s+{_OUTLET_KIND}\s+(?!{_DATE_WORD}\b)[A-Z]")
# "told the British newspaper the Guardian": the outlet is the Guardian, not British ("told Reuters
# news agency the Republican memo was" credits Reuters: only a place's kind is followed so)
_PLACE_KIND_THEN_NAME = re.compile(rf"\s+{_OUTLET_KIND}\s+the\s+(?!{_DATE_WORD}\b)[A-Z]")
# "the Tass news agency reported", "The New York Times on Wednesday reported" (not "Wednesday")
_NAME_REPORTED = re.compile(rf"\b(?:the\s+)?(?P<name>{_NAME})(?:{_SPACE}(?:(?:on|early|late|last|this){_SPACE})?"
                            rf"{_DATE_WORD}\b)?{_OUTLET_SUFFIX}\s+(?:has\s+)?(?:reported|reports)\b")
_CUE = r"\b(?:according to|as reported by|reported by|cited by|quoted by|citing|told)\s+(?:[Tt]he\s+)?"
# a sign-off's start: "This report contains material from", "Material from X was used"
_MATERIAL_FROM = rf"(?:\b(?:report|story|article)\s+(?:contains|includes)\s+material\s+from|\bMaterial\s+from(?={_SIGNED_OFF}))"
_SIGN_OFFS = (
    # a sign-off: "This report contains material from Reuters.", "Material from the Associated Press
    # and AFP was used in this report", "compiled from Associated Press material"; a link "(via Politico)"
    re.compile(rf"(?:{_MATERIAL_FROM}|\b[Cc]ompiled\s+from(?=\s+(?:[Tt]he\s+)?{_NAME_AFTER}\s+"
               rf"(?:material|content|reports|wires?)\b)|(?<=\()via)\s+(?:[Tt]he\s+)?(?P<name>{_NAME_AFTER})"),
    re.compile(rf"{_MATERIAL_FROM}\s+(?:[Tt]he\s+)?{_NAME_AFTER},?\s+and\s+(?:[Tt]he\s+)?(?P<name>{_NAME_AFTER})"),
)
_ATTRIBUTION_PATTERNS = [
    _NAME_REPORTED,
    re.compile(rf"{_CUE}(?P<name>{_NAME_AFTER})"),
    re.compile(rf"{_CUE}(?:[A-Z][\w.'’-]*\s+){{1,3}}{_OUTLET_KIND}\s+(?:the\s+)?{_NOT_A_NAME}(?P<name>{_NAME_AFTER})"),
    re.compile(rf"\b(?:the\s+)?(?P<name>{_NAME})\s+contributed to this report"),
    # "Associated Press writer Darlene Superville in Washington contributed to this report": the
    # writer's outlet, not the place the writer filed from; an outlet's name of two words or more,
    # or in capitals, not a desk ("Staff writer", "Data reporter", "Washington correspondent")
    re.compile(rf"\b(?P<name>[A-Z]{{2,}}|{_WORD}{_SPACE}{_NAME})\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?)\s"
               r"[^\n]*?contributed to this report"),
    re.compile(r"\((?P<name>[A-Z][A-Za-z]{1,14}(?:\s[A-Z][a-z]+)?)\)\s*[-–—:]"),
    re.compile(r"\b(?:Source|Sources|Via|Credit)\s*:\s*(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s*(?:$|\n|\.|,)", re.MULTILINE),
    re.compile(rf"\b(?P<name>{_NAME})\s+(?:news agency|agency)\s+(?:said|quoted|cited)\b"),
    # the credit after the reported words: "..., reports CBS News", "...," reported the New York Times
    re.compile(rf"[,”\"]\s+(?:reports|reported)\s+(?:[Tt]he\s+)?{_NOT_A_NAME}(?P<name>{_NAME_AFTER})"),
    *_SIGN_OFFS,
]
# words one of which each pattern needs, looked for first (a plain substring search is fast; most
# texts have none, and the patterns are slow)
_PATTERN_NEEDS: list[tuple[str, ...]] = [
    ("report",), ("according to", "by", "citing", "told"), ("according to", "by", "citing", "told"),
    ("contributed",), ("contributed",), ("(",), ("Source", "Via", "Credit"), ("agency",), ("report",),
    ("aterial from", "ompiled from", "(via"), ("aterial from",)]
# a place before a name: "Freida Frisaro in Miami contributed", "officials in Taiwan reported"
# (not "an article in Mother Jones reported")
_FILED_FROM = re.compile(r"\s+from\b")
_LINE_START = re.compile(r"(?:^|\n)[^\S\n]*$")
_OWNS = re.compile(r"['’]s\b")
_IN_PLACE = re.compile(r"(?:(\w+)\s+)?\b(?:in|from)\s+$")
_PUBLISHED_IN = frozenset({"article", "articles", "story", "piece", "study", "survey", "paper", "column", "essay",
                           "published", "issue", "editorial", "interview", "report", "op-ed", "letter"})
def _word_list(name: str) -> list[str]:
    """The words of one of the lists shipped beside this module, one a line, # for comments."""
    text = resources.files("newstrace.align").joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


_PLACES = frozenset(w.lower() for w in _word_list("places.txt"))
_GIVEN_NAMES = frozenset(_word_list("given_names.txt"))
# a place's outlet: "told New York magazine", "the Iowa newspaper", "Europe 1" (a channel)
_PLACE_OUTLET = re.compile(rf"\s+{_OUTLET_KIND}\b| \d{{1,2}}\b", re.IGNORECASE)
_NOT_OUTLETS = {"the", "it", "he", "she", "they", "this", "that", "there", "officials", "sources", "police",
                "media", "reports", "reporters", "a", "an", "we", "i", "local media", "state media",
                # "Some reports", "These reports", "News reports", "State TV reported": no one named
                "some", "these", "those", "other", "many", "news", "tv", "state", "state tv",
                # "Multiple reports have indicated", "Press reports", "Source: Polls": reports of no one named
                "multiple", "several", "numerous", "various", "recent", "early", "new", "initial", "previous",
                "similar", "conflicting", "unconfirmed", "separate", "press", "polls", "media reports",
                # people, a body, a role: "Intelligence reports", "Witnesses reported", "told MPs",
                # "SEAN HANNITY (HOST):", "according to the Constitution"
                "intelligence", "witnesses", "mps", "host", "constitution", "health", "first"}
_DATE_WORDS = frozenset(w.lower() for w in WEEKDAY_NAMES + MONTH_NAMES)  # "told Wednesday", "Friday's indictment"
# a body that speaks (a ministry, a court, an official) is a source of facts, not of the text
_NOT_OUTLET_WORDS = re.compile(
    r"\b(?:ministry|department|secretary|minister|president|spokes(?:man|woman|person)|officials?|police|army|"
    r"military|government|council|committee|research service|office|court|embassy|parliament|senate|"
    r"congress(?:ional)?|white house|kremlin|pentagon|united nations|u\.n|nato|european union|"
    # a person by title ("told Mr", "told U.S. District Judge George Hazel") or a party or people
    r"mr|mrs|ms|dr|sen|rep|gov|rev|gen|lt|col|sgt|capt|adm|pastor|cardinal|bishop|senator|governor|mayor|judge|"
    r"prosecutors?|attorneys?|lawyers?|lawmakers?|"
    r"house|republicans?|democrats|democratic|gop|americans)\b", re.IGNORECASE)
# a person the text names by a title ("President Donald Trump", "Mr. Putin"): "told Trump" credits no outlet
_PERSON_TITLE = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?|President|Senator|Governor|Mayor|Judge|Secretary|Speaker|"
    r"Chairman|Chairwoman|Minister|Chancellor|Pope|King|Queen|Prince|Sheikh|Ayatollah)"
    rf"((?:{_SPACE}{_SENTENCE_START}(?!{_DATE_WORD}\b)[A-Z][\w'’-]+){{1,3}})")
# the words outlets' names are made of, one list read three ways: a name holding a newspaper's
# word is an outlet though it reads as a body ("Army Times"); a name ending in a broadcaster's or
# agency's word is one before a person's name ("told MSNBC Trump was"); and "X contributed to
# this report" credits an outlet when X holds any of them ("Holland Sentinel"), not a colleague
_NEWSPAPER_WORDS = ("Times", "News", "Post", "Journal", "Herald", "Tribune", "Gazette", "Daily", "Radio", "TV",
                    "Magazine", "Wire")
_OUTLET_END_WORDS = (*_NEWSPAPER_WORDS, "Press", "Network", "Today")
_MORE_OUTLET_WORDS = ("Presse", "Agency", "Service", "Channel", "Business", "Media", "Report", "Monitor", "Examiner",
                      "Star", "Sun", "Observer", "Chronicle", "Telegraph", "Guardian", "Independent", "Beacon",
                      "Caller", "Standard", "Weekly", "Online", "Sentinel", "Bee", "Register", "Inquirer", "Courier",
                      "Dispatch", "Globe", "Mail", "Express", "Mirror", "Bulletin", "Review", "Broadcasting")
_OUTLET_WORDS = re.compile(rf"\b(?:{'|'.join(_NEWSPAPER_WORDS)})\b")
_OUTLET_END = re.compile(rf"\b(?:{'|'.join(_OUTLET_END_WORDS)})$", re.IGNORECASE)
_OUTLET_VOCABULARY = re.compile(rf"\b(?:{'|'.join(_OUTLET_END_WORDS + _MORE_OUTLET_WORDS)})\b")
_POSSESSIVE = re.compile(r"['’]s?$")


def _looks_like_outlet(name: str) -> bool:
    """One word, a word in capitals ("CNN's Manu Raju": CNN) or an outlet's word ("Holland
    Sentinel"), not a person's two ("Dave Boyer")."""
    words = [_POSSESSIVE.sub("", w) for w in name.split()]
    return len(words) == 1 or any(w.isupper() and w.isalpha() and len(w) > 1 for w in words) or bool(
        _OUTLET_VOCABULARY.search(name))
# "according to French officials", "told Chinese state media", "according to U.S. intelligence
# officials", "according to Reuters data": the name qualifies people or figures, not an outlet's text
_QUALIFIER = r"(?!(?:that|on|in|at|by|and|or|as|for|from|with|which|who|when|while|after|before|last|this)\b)[a-z][a-z-]*"
_PEOPLE_AFTER = re.compile(rf"\s+(?:{_QUALIFIER}\s+){{0,2}}?(?:officials|authorities|media|sources|police|prosecutors|"
                           r"investigators|lawmakers|diplomats|experts|analysts|residents|witnesses|leaders|troops|"
                           r"forces|intelligence|data|figures|statistics|estimates|calculations|polls?|surveys?)\b")
# a quote ends at its closing mark, within its paragraph; a quote that runs on into the next
# paragraph leaves its mark open and opens the next one with another (news style). Short quotes
# are matched too, then dropped: a straight mark closing "gutless" must not open the next quote
# (`as "gutless" and the newspaper as "phony"` quotes no "and the newspaper as").
_QUOTE = re.compile(r"[\"“«„]([^\"”»“«„\n]*?)(?:[\"”»]|$(?=\n\s*[\"“«„]))", re.MULTILINE)
MIN_QUOTE_CHARS = 20  # a scare-quoted word or two is no quote a reader follows
_TIME_WORDS = re.compile(rf"(?:\s+(?:(?i:on|in|last|this|early|late)|{_DATE_WORD}))+$")
_LEADING_WORDS = re.compile(r"^(?:(?:The|A|An|After|When|As|But|And|Meanwhile|Earlier|Later|Also|However|While|Since|"
                            r"Then|So|Yet|Still|Now|Today|Yesterday|Despite|With|If|Amid|Following|Although|"
                            r"Though|Unless|Whether|Previously|Originally|Initially)(?:\s+|$))+")


_WRITER_FOR = re.compile(r"[A-Z][a-z]+ (?P<body>[A-Z][a-z'’-]+) for (?P<outlet>.+)")
_BODY_WORDS = frozenset({"Center", "Centre", "Centers", "Institute", "Organization", "Organisation", "Foundation",
                         "Society", "Council", "Association", "Campaign", "Coalition", "Commission", "Office",
                         "Agency", "Partnership", "Network", "Alliance", "Committee", "Fund", "Observatory",
                         "Registry", "Movement", "League", "Union", "Action"})


def _trim_name(name: str) -> str:
    """The name without a sentence's first word, a trailing date or possessive: "After Breitbart"
    → Breitbart, "Reuters on Monday" → Reuters, "told CNN's \"New Day\"" → CNN; "As reported by"
    names no one."""
    name = _POSSESSIVE.sub("", _TIME_WORDS.sub("", name).strip(" .,"))
    return _LEADING_WORDS.sub("", name.strip(" .,'’"))


_DESK = re.compile(r"\b(?:Editor|Correspondent|Reporter|Writer|Anchor|Producer|Columnist|Analyst)\b")


def _outlet_of_desk(name: str) -> str:
    """The outlet of a journalist named with a desk ("CNN Political Editor Paul Steinhauser":
    CNN, "Associated Press White House Correspondent Julie Pace": Associated Press), nothing
    when none is named ("Chief Political Correspondent Candy Crowley"); an outlet's name that
    ends with the word stays whole ("Hollywood Reporter")."""
    desk = _DESK.search(name)
    if not desk or desk.end() == len(name):
        return name
    words = name[:desk.start()].split()
    while words and not (words[-1].isupper() or _OUTLET_VOCABULARY.search(words[-1])):
        words.pop()  # the desk's words: "Chief", "Political", "White House"
    return " ".join(words)


def _names(matched: str) -> list[str]:
    """The names in a matched name. A possessive names an outlet's person ("NPR's Tom Bowman":
    NPR) or a country's outlet ("Russia's Interfax", "Taiwan's Central News Agency": both kept),
    told apart by the second name's look: one word, or an outlet's word in it. A writer "for" an
    outlet is the outlet's ("reported by Amanda Taub for Vox"), a body is not ("the Center for
    Responsive Politics")."""
    writer = _WRITER_FOR.fullmatch(matched)
    if writer and writer["body"] not in _BODY_WORDS and _looks_like_outlet(writer["outlet"]):
        matched = writer["outlet"]
    owner, *rest = re.split(r"['’]s\s+|(?<=s)['’]\s+", matched, maxsplit=1)
    owned = rest[0] if rest else ""
    names = [_trim_name(owner)]
    if owned and (" " not in owned.strip() or _OUTLET_WORDS.search(owned) or "Agency" in owned.split()):
        names.append(_trim_name(owned))
    return [n for n in names if n]


def _people(text: str) -> set[str]:
    """The words of the names the text gives a person's title ("President Donald Trump": donald,
    trump); a possessive ends the name ("Mr. Putin's United Russia party": putin)."""
    people: set[str] = set()
    for m in _PERSON_TITLE.finditer(text):
        for word in m.group(1).split():
            people.add(_POSSESSIVE.sub("", word).lower())
            if _POSSESSIVE.search(word):
                break
    return people


def _without_people(name: str, people: set[str]) -> str:
    """The name less the person's name it ends with, when what is left reads as an outlet's name:
    "Trump" → "", "MSNBC Trump" → MSNBC ("told MSNBC Trump was ..."), "Melania Trump" → ""."""
    words = name.split()
    while words and _POSSESSIVE.sub("", words[-1]).lower() in people:
        words.pop()
    if len(words) == len(name.split()):
        return name
    left = " ".join(words)
    return left if words and (_OUTLET_END.search(left) or left.isupper()) else ""


_SPEAKS = r"\s+(?:said|says|told|tells|wrote|writes|added|argued|testified|tweeted)\b"
_FULL_NAME = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}")


def _speaks(name: str, text: str) -> bool:
    """Whether the name is a person's the text quotes ("according to John Bolton" where "Bolton
    said" too): a source of facts, as officials are, not an outlet whose text was taken. Only
    names of two or three plain words that do not read as an outlet's ("Mother Jones")."""
    return (bool(_FULL_NAME.fullmatch(name)) and not _looks_like_outlet(name)
            and re.search(rf"\b{re.escape(name.split()[-1])}{_SPEAKS}", text) is not None)


def _a_person(name: str, phrase: str, text: str) -> bool:
    """Whether the name is a person's: given in full ("told Sean Hannity"), or a surname the text
    gives a first name elsewhere ("told Tapper" where "Jake Tapper" too). Someone told or quoted,
    not an outlet whose text was taken; but not a name the credit gives an article ("told The
    Hill", in a text about Katie Hill), nor one that reads as an outlet's ("Megyn Kelly Today") or
    that the text prints as one elsewhere ("Bloomberg News" in a text about Michael Bloomberg)."""
    words = name.split()
    if re.search(rf"\b{re.escape(name)}\s+(?:{_OUTLET_KIND}|{_OUTLET_VOCABULARY.pattern})", text):
        return False  # "told Marie Claire magazine", "Michael Bloomberg ... Bloomberg News"
    if len(words) > 1:
        return words[0] in _GIVEN_NAMES and len(words) <= 3 and not _looks_like_outlet(name)
    return (not name.isupper() and not re.search(rf"\b[Tt]he\s+{re.escape(name)}\b", phrase)
            and any(m.group(1) in _GIVEN_NAMES for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(name)}\b", text)))


def find_attributions(text: str) -> list[tuple[str, str]]:
    """(credited name, the phrase that credits it) for each credit line in the text."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    people: set[str] | None = None
    for pattern, needs in zip(_ATTRIBUTION_PATTERNS, _PATTERN_NEEDS, strict=True):
        if not any(word in text for word in needs):
            continue
        for m in pattern.finditer(text):
            phrase = m.group(0)
            matched = _outlet_of_desk(m.group("name"))
            body = _NOT_OUTLET_WORDS.search(matched) and not _OUTLET_WORDS.search(matched)
            if body or _PEOPLE_AFTER.match(text, m.end("name")) or _KIND_THEN_NAME.match(text, m.end("name")):
                continue  # "Taiwan's Defence Ministry", "French officials": sources of facts ("Army Times" is an
                # outlet); "US broadcaster CBS": the outlet is the name that follows
            place = pattern is _NAME_REPORTED and _IN_PLACE.search(text, max(0, m.start("name") - 40), m.start("name"))
            if place and (place.group(1) or "").lower() not in _PUBLISHED_IN:
                continue  # "officials in Taiwan reported": a place, the officials' own report
            if (pattern is _NAME_REPORTED and _FILED_FROM.match(text, m.end()) and not _OWNS.search(m.group("name"))
                    and _LINE_START.search(text, max(0, m.start() - 5), m.start())):
                continue  # "___ Peoples reported from Montclair, N.J.": a byline line, the writers' ("The
                # Reuters news agency reported from Havana", "NPR's Greg Allen reported from Miami" credit)
            if "contributed" in pattern.pattern and (
                    _IN_PLACE.search(text, max(0, m.start("name") - 80), m.start("name"))
                    or not _looks_like_outlet(m.group("name"))):
                continue  # "... Freida Frisaro in Miami contributed", "Dave Boyer contributed": a place, a colleague
            names = _names(matched) if matched else []
            if names and m.end("name") == m.end():  # the name ends the phrase: so does its last kept word
                at = phrase.find(names[-1], m.start("name") - m.start())
                phrase = phrase[:at + len(names[-1])] if at >= 0 else phrase
            for name in names:
                is_place = name.lower() in _PLACES and not (
                    m.group("name").endswith(name) and _PLACE_OUTLET.match(text, m.end("name"))
                    and not _PLACE_KIND_THEN_NAME.match(text, m.end("name")))
                if (name.lower() in _NOT_OUTLETS or name.lower() in _DATE_WORDS or is_place or len(name) > 60
                        or name.lower() in seen):
                    continue
                people = _people(text) if people is None else people
                kept = _without_people(name, people)  # "told Trump": a person the text names by title
                person = pattern not in _SIGN_OFFS and _a_person(kept, phrase, text)  # "(via Ed Morrissey)" credits
                if not kept or kept.lower() in seen or _speaks(kept, text) or person:
                    continue
                credit = phrase[:len(phrase) - len(name)] + kept if kept != name and phrase.endswith(name) else phrase
                seen.add(kept.lower())
                found.append((kept, credit.lstrip(",”\" ").strip()))  # ", reports AHA" → "reports AHA"
    return found


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
    return sorted(merged + [([x], parts) for x, parts in gather(0)])


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
        attribution={
            "added": [p for n, p in credits_b.items() if n not in credits_a],
            "removed": [p for n, p in credits_a.items() if n not in credits_b],
            "kept": [p for n, p in credits_b.items() if n in credits_a],
        },
    )
