"""Who an outlet is, so that a credit line ("RT reported", "(AP)") can be matched to an article.

An outlet is known by its name, its URL's domain and, for the agencies that most news is copied
from, their usual short and long names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlparse

from newstrace.model import Article

# Agencies, release wires and the broadcasters whose copy others republish (and which are usually first).
WIRES: dict[str, tuple[str, ...]] = {
    "ap": ("ap", "associated press", "apnews"),
    "reuters": ("reuters", "thomson reuters"),
    "afp": ("afp", "agence france presse", "agence france-presse"),
    "xinhua": ("xinhua", "xinhuanet", "xinhua news agency"),
    "tass": ("tass", "itar-tass"),
    "ria": ("ria novosti", "ria"),
    "interfax": ("interfax",),
    "sputnik": ("sputnik", "sputniknews"),
    "rt": ("rt", "russia today"),
    "anadolu": ("anadolu", "anadolu agency", "aa", "aa.com"),
    "efe": ("efe",),
    "dpa": ("dpa",),
    "ansa": ("ansa",),
    "upi": ("upi", "united press international"),
    "pa": ("pa", "press association", "pa media"),
    "ani": ("ani", "asian news international"),
    "pti": ("pti", "press trust of india"),
    "ians": ("ians",),
    "bernama": ("bernama",),
    "kyodo": ("kyodo",),
    "yonhap": ("yonhap",),
    "irna": ("irna",),
    "bbc": ("bbc", "bbc news"),
    "cnn": ("cnn",),
    "prnewswire": ("pr newswire", "prnewswire"),
    "businesswire": ("business wire", "businesswire"),
    "globenewswire": ("globenewswire", "globe newswire"),
}
_ALIAS_TO_WIRE = {alias: wire for wire, aliases in WIRES.items() for alias in aliases}
_ALIAS_PATTERNS = [(re.compile(rf"\b{re.escape(alias)}\b"), wire) for alias, wire in _ALIAS_TO_WIRE.items()]
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"}
_AGENCY_WORDS = re.compile(r"\b(news agency|news service|agency|newspaper|news|daily|tv|television|website)\b")


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s.-]", " ", name.lower())).strip()


def identities(outlet: str | None, url: str | None = None) -> frozenset[str]:
    """Every name an outlet answers to: its own, its domain's, and any agency it names."""
    return _identities(outlet, url)


@lru_cache(maxsize=65536)
def _identities(outlet: str | None, url: str | None) -> frozenset[str]:
    names: set[str] = set()
    for raw in filter(None, [outlet]):
        n = _norm(raw)
        names.add(n)
        names.add(_AGENCY_WORDS.sub("", n).strip())
        for part in re.split(r"[()/,]| - ", raw):
            part = _norm(part)
            if part:
                names.add(part)
        for pattern, wire in _ALIAS_PATTERNS:
            if pattern.search(n):
                names.add(wire)
    host = (urlparse(url).hostname or "") if url else ""
    if not host and outlet and re.fullmatch(r"[\w-]+(\.[\w-]+)+", outlet):
        host = outlet
    if host:
        labels = re.sub(r"^(www\d?|m|amp)\.", "", host.lower()).split(".")
        if labels:
            # the name before the public suffix: bbc in bbc.co.uk, not co
            second_level = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL
            main = labels[-3] if second_level else labels[-2] if len(labels) >= 2 else labels[0]
            names.add(main)
            names.add(_ALIAS_TO_WIRE.get(main, main))
    names.discard("")
    return frozenset({_ALIAS_TO_WIRE.get(n, n) for n in names} | names)


@lru_cache(maxsize=100_000)
def credited(name: str) -> frozenset[str]:
    """The identities a credited name stands for ("the Tass news agency" → tass). A name read to
    its last capitalised word may run on past the outlet ("ABC News Chief Justice Correspondent
    Pierre Thomas"), so each run of its leading words stands for it too. Cached: direction asks
    it of the same names for every pair."""
    words = re.sub(r"^the\s+", "", _norm(name)).split()
    out: set[str] = set()
    for k in range(1, len(words) + 1):
        lead = " ".join(words[:k])
        bare = " ".join(_AGENCY_WORDS.sub("", lead).split())
        out |= {lead, bare, _ALIAS_TO_WIRE.get(bare, bare), _ALIAS_TO_WIRE.get(lead, lead)}
    return frozenset(out - {""})


def prints_name(text: str, name: str, ignore_case: bool = False) -> bool:
    """Whether the text prints the name as a whole word or words ("Google", not "Googles")."""
    if not ignore_case and name not in text:
        return False  # most names are not there at all: no pattern to compile
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE if ignore_case else 0) is not None


def wire_key(name: str) -> str:
    """One key for an agency's names ("Associated Press", "AP" -> "ap"); other names as they are."""
    return _ALIAS_TO_WIRE.get(_norm(name), name)


def is_wire(outlet: str | None, url: str | None = None) -> bool:
    return bool(identities(outlet, url) & WIRES.keys())


# the table's names, in any case (checked for a capital after matching: "(AP)", not "(ap)")
_WIRE_NAME = "(?i:" + "|".join(sorted({re.escape(a) for names in WIRES.values() for a in names if len(a) > 1},
                                      key=len, reverse=True)) + ")"
_HEAD = 300  # a dateline or byline stands at the top of the text
_VOICE_HEAD = [
    # a dateline: "NEW YORK (AP) —", "PYONGYANG, North Korea (AP)", "MOSCOW (UrduPoint News / Sputnik - 20th April, 2022)";
    # the capitals tell it from a photo credit "(Jonathan Ernst/Reuters)"
    re.compile(rf"\b[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:,\s*[A-Z][\w.' -]{{1,30}}?)?\s*"
               rf"\((?:[^()\n]{{0,40}}/\s*)?(?P<name>{_WIRE_NAME})(?:\s*[-–,][^()\n]{{0,40}})?\)"),
    re.compile(rf"\bBy\s+[A-Z][^\n]{{0,100}}?,\s*(?:the\s+)?(?P<name>{_WIRE_NAME})\b"),  # "By Lori Hinnant, Associated Press"
    re.compile(rf"\b(?P<name>{_WIRE_NAME})\s*\|\s*(?:Updated|Published|Posted)\b"),  # "Xinhua | Updated: 2021-05-28"
]
_VOICE_END = re.compile(rf"(?:^|\n|[.!?”\"]\s*)(?:[-–—]\s*|\()?(?P<name>{_WIRE_NAME})\)?\s*$")  # "... (Reuters)", "CNN"
_VOICE_TITLE = re.compile(rf"\s[-–—|]\s*(?P<name>{_WIRE_NAME})\s*$")  # a page title kept from its source: "... – BBC News"


# each noun, then the words that must stand before it ("according to the", "press"): looked for
# with plain string search, since the text runs through this on every lineage rebuild
_CITED = r"\b(?:according to|in|citing)\s+(?:a|an|the|its|their)\s+(?:joint\s+|written\s+)?$"
_STATEMENT_CUES = {
    "release": re.compile(r"\b(?:press|news) $"),
    "statement": re.compile(rf"\bpress $|{_CITED}"),
    "announcement": re.compile(_CITED),
}


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def cites_statement(text: str) -> bool:
    """Whether the text credits a press release or statement it draws on ("according to the press
    release", "said Friday in a statement"): a source named, though no outlet."""
    lower = text.lower()
    for noun, cue in _STATEMENT_CUES.items():
        at = lower.find(noun)
        while at >= 0:
            end = at + len(noun)
            whole_word = not (at and _word_char(lower[at - 1])) and not (end < len(lower) and _word_char(lower[end]))
            if whole_word and cue.search(lower, max(0, at - 40), at):
                return True
            at = lower.find(noun, end)
    return False


def agency_voice(text: str, outlet: str | None = None, url: str | None = None,
                 title: str | None = None) -> str | None:
    """The agency (as the text names it) whose own text this is, by its dateline, byline or
    sign-off, when the site publishing it is another: the text is then a copy of that agency's,
    even with no other copy of it at hand. Credits inside the story ("Tass reported", "told
    CNN") do not count: independent reports cite agencies too; a page title that ends in the
    agency's name ("... – BBC News"), kept from the page it was taken from, does. The site is
    judged by its URL when there is one, since scraped outlet names often say whose copy they
    carry ("PBS NewsHour (AP)")."""
    own = identities(None, url) if url else identities(outlet)
    found = [m.group("name") for p in _VOICE_HEAD for m in p.finditer(text[:_HEAD])]
    found += [m.group("name") for m in _VOICE_END.finditer(text[-_HEAD:])]
    found += [m.group("name") for m in _VOICE_TITLE.finditer(title or "")]
    for name in found:
        if name[0].isupper() and not credited(name) & own:
            return name
    return None


def article_voice(article: Article) -> str | None:
    """`agency_voice` of a stored article, read from its text, site and title."""
    return agency_voice(article.text, article.outlet, article.url, article.title)
