"""Token keys: the comparable form of a word (case, accents, hyphens, plurals and number formats)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
    "million": "1000000", "billion": "1000000000", "dozen": "12",
}
_NUMBER = re.compile(r"^\d[\d,.]*(?:-?\d+/\d+)?(?:%|[\s-]?(?i:per\s?cent))?$")
_PERCENT = re.compile(r"[\s-]?per\s?cent$", re.IGNORECASE)


# the calendar's words, written once: figures read dates with them, credits and templates skip them
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# as normalised keys, with the months' short forms ("jan", "sept")
CALENDAR_KEYS = frozenset({n.lower() for n in MONTH_NAMES + WEEKDAY_NAMES} | {m[:3].lower() for m in MONTH_NAMES} | {"sept"})
_MONTH = "(?:" + "|".join(f"{m[:3]}(?:{m[3:]})?" for m in MONTH_NAMES) + r"|Sept)\.?"  # "Jan", "Jan.", "January"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn)"
# a figure as a reader names it: a date whole ("April 1, 2022", "2017-08-21"), a sum with its
# currency and scale ("$25.5 billion"), a share ("38%", "12 per cent"); dates first
_FIGURE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b{_MONTH}\s{_DAY}(?:,?\s\d{{4}})?\b(?!\s?{_SCALE})"
    rf"|\b{_DAY}\s{_MONTH}(?:,?\s\d{{4}})?\b"
    rf"|\b{_MONTH}\s\d{{4}}\b"
    rf"|(?:[$€£¥]|\b(?:US|A|C|HK)\$)?(?<![\w-])\d(?:[\d,.]*\d)?(?![\w-])"
    rf"(?:\s?(?:%|per\s?cent\b))?(?:\s{_SCALE}\b)?"
)


def figures(text: str) -> list[tuple[str, str]]:
    """The figures a text states, as (key, surface): '125,000' and '125000' share a key, and a
    date or a sum is one figure, not the numbers it is written with."""
    out = []
    for m in _FIGURE.finditer(text):
        surface = m.group().rstrip(".,")
        key = " ".join(number_key(surface.lower()).split())
        out.append((re.sub(r"\s?(?:per\s?cent\b|%)", "%", key), surface))
    return out


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def number_key(surface: str) -> str:
    """'125,000' and '125000' compare equal, as do '20%' and '20 per cent'; a decimal point is kept."""
    s = surface.replace(",", "").rstrip(".")
    return _PERCENT.sub("%", s)


@lru_cache(maxsize=200_000)
def word_key(surface: str) -> str:
    """Lower-case, no accents, no inner hyphens/apostrophes/dots, possessive and plural -s off."""
    if _NUMBER.match(surface):
        return number_key(surface)
    s = strip_accents(surface.lower())
    for suffix in ("'s", "’s"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    s = re.sub(r"[-'’.]", "", s)
    if s in _NUMBER_WORDS:
        return _NUMBER_WORDS[s]
    if len(s) > 4 and s.endswith("s") and not s.endswith("ss"):
        s = s[:-1]
    return s
