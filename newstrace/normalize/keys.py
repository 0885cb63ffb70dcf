"""Token keys: the comparable form of a word (case, accents, hyphens, plurals and number formats)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALE_WORDS = {"hundred": 10**2, "thousand": 10**3, "million": 10**6, "billion": 10**9}
_NUMBER_WORDS = {
    **{w: str(n) for n, w in enumerate(_UNITS, 1)}, **{w: str(10 * n) for n, w in enumerate(_TENS, 2)},
    **{w: str(n) for w, n in _SCALE_WORDS.items()}, "dozen": "12",
}
_NUMBER = re.compile(r"^\d[\d,.]*(?:-?\d+/\d+)?(?:%|[\s-]?(?i:per\s?cent))?$")
# a time of day or a running time as digits ("7:30", "01:44", "12:45:30"), read the same way by the
# tokenizer, the word keys and the figures
TIME_OF_DAY = r"\d{1,2}:\d\d(?::\d\d)?"
_CLOCK = re.compile(rf"^{TIME_OF_DAY}$")
_PERCENT = re.compile(r"(?:[\s-]?per\s?cent|\s?%|\s?pct)$", re.IGNORECASE)


# the calendar's words, written once: figures read dates with them, credits and templates skip them
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# as normalised keys, with the months' short forms ("jan", "sept")
CALENDAR_KEYS = frozenset({n.lower() for n in MONTH_NAMES + WEEKDAY_NAMES} | {m[:3].lower() for m in MONTH_NAMES} | {"sept"})
_MONTH = "(?:" + "|".join(f"{m[:3]}(?:{m[3:]})?" for m in MONTH_NAMES) + r"|Sept)\.?"  # "Jan", "Jan.", "January"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_SCALES = {**_SCALE_WORDS, "trillion": 10**12, "mn": 10**6, "bn": 10**9}
_SCALE = "(?:" + "|".join(_SCALES) + ")"
_SPELLED = "|".join([f"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS[:9])}))?", *sorted(_UNITS, key=len, reverse=True)])
_CURRENCY_WORDS = {"dollars": "$", "euros": "€"}  # not "pounds": as often a weight
# a figure as a reader names it: a date whole ("April 1, 2022", "2017-08-21"), a sum with its
# currency and scale ("$25.5 billion", "two billion dollars", "a million", not "Plan A million"),
# a share ("38%", "nine per cent"); dates first. A number in words is a figure with its unit only:
# "two" alone is a word ("the two leaders"). "(half) a million" is one (or half of one) million.
_FIGURE = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b"
    rf"|\b(?P<month>{_MONTH})\s(?P<day>{_DAY})(?:,?\s(?P<year>\d{{4}}))?\b(?!\s?{_SCALE})"
    rf"|\b(?P<day2>{_DAY})\s(?P<month2>{_MONTH})(?:,?\s(?P<year2>\d{{4}}))?\b"
    rf"|\b(?P<month3>{_MONTH})\s(?P<year3>\d{{4}})\b"
    rf"|\b(?P<time>{TIME_OF_DAY})(?!\d)"  # a time of day, a running time ("6:50", "01:44"): one figure
    rf"|\b(?P<hour>\d{{1,2}})\.(?P<minute>\d\d)\s?[ap]\.?m\b\.?"  # "2.11am", as British papers write 2:11 a.m.
    # a date in digits ("8/21/2017", "21/08/17"): one figure; read day and month where one is over 12
    rf"|(?<![\w/.-])(?P<numdate>(?P<nd1>\d{{1,2}})/(?P<nd2>\d{{1,2}})/(?P<ny>\d{{4}}|\d\d))(?![\w/-])(?!\.\d)"
    # a price in fractions, as wires wrote them ("7-1/4", "35 3/8"): one figure, not three numbers
    rf"|(?:(?<![\w/.-])(?P<fraction>(?:\d+[- ])?\d+/(?:2|4|8|16|32|64))(?![\w/-])(?!\.\d)"
    # any other pair across a slash is one figure as written: "2/3", "24/7", "50/50", "9/11"; not
    # a season's years ("2021/22": the years are figures of their own)
    rf"|(?<![\w/.-])(?!\d{{4}}/)\d+/\d+(?![\w/-])(?!\.\d)"
    rf"|(?:[$€£¥]|\b(?:US|A|C|HK)\$)?(?<![\w-])\d(?:[\d,.]*\d)?(?!(?!(?:bn|mn)\b)[\w-])"  # "2.5bn" too
    rf"|(?<![\w-])(?P<words>(?i:{_SPELLED}))(?=\s?(?:%|per\s?cent\b|{_SCALE}\b))"
    rf"|(?<![\w-])(?P<a>(?P<half>[Hh]alf\s)?(?:a|(?<!\w\s)A))(?=\s(?:{'|'.join(_SCALE_WORDS)}|trillion)\b(?!\stimes\b)))"
    rf"(?:\s?(?:%|per\s?cent\b|pct\b))?(?:\s?{_SCALE}\b)?(?:\s(?P<currency>{'|'.join(_CURRENCY_WORDS)})\b)?"
)
_NUMBER_WORD = re.compile(rf"(?<![\w-])(?i:{_SPELLED})(?![\w-])")
_HALF = re.compile(r"(?<![\w-])(?i:half)(?![\w-])(?!\s(?i:a|an)\b)")  # "half the staff", not "half a million"


def _month(name: str) -> int:
    return 9 if name.lower().startswith("sept") else [m[:3].lower() for m in MONTH_NAMES].index(name[:3].lower()) + 1


def _date_key(month: str, day: str | None, year: str | None) -> str:
    """An ISO date, "--MM-DD" with no year (as ISO 8601 writes one), "YYYY-MM" with no day."""
    if day is None:
        return f"{year}-{_month(month):02d}"
    return f"{year or '-'}-{_month(month):02d}-{int(day.rstrip('stndrh')):02d}"


def _numeric_date_key(first: int, second: int, year: str) -> str:
    """'8/21/2017' is 2017-08-21 (month first, as in the US), '21/08/2017' the same (day first, as in
    Europe); '5/8/2017' could be either, so it keys as itself and equals only itself (a two-digit
    year read as this century's below 50); '35/28/34' is no date, a split of shares."""
    if not (1 <= min(first, second) <= 12 and max(first, second) <= 31):
        return f"{first}/{second}/{year}"
    full = year if len(year) == 4 else ("20" if int(year) < 50 else "19") + year
    if first > 12:
        first, second = second, first
    elif second <= 12 and first != second:
        return f"{first}/{second}/{full}"
    return f"{full}-{first:02d}-{second:02d}"


def _spelled(words: str) -> str:
    """'twenty-five' → '25', 'nine' → '9'."""
    return str(sum(int(_NUMBER_WORDS[w]) for w in re.split(r"[- ]", words.lower())))


def _figure_key(m: re.Match[str], surface: str) -> str:
    g = m.groupdict()
    if g["iso"]:
        return g["iso"]
    if g["time"] or g["hour"]:  # "07:30" = "7:30" = the "7.30" of "7.30pm"
        hour, rest = g["time"].split(":", 1) if g["time"] else (g["hour"], g["minute"])
        return f"{int(hour)}:{rest}"
    if g["numdate"]:
        return _numeric_date_key(int(g["nd1"]), int(g["nd2"]), g["ny"])
    for month, day, year in (("month", "day", "year"), ("month2", "day2", "year2"), ("month3", None, "year3")):
        if g[month]:
            return _date_key(g[month], g[day] if day else None, g[year])
    if g["fraction"]:  # "7-1/4" is 7.25
        whole, _, part = g["fraction"].replace("-", " ").rpartition(" ")
        num, den = part.split("/")
        value = Decimal(whole or 0) + Decimal(num) / Decimal(den)
        surface = str(value.normalize()) + surface[len(g["fraction"]):]
    elif g["words"]:
        surface = _spelled(g["words"]) + surface[len(g["words"]):]
    elif g["a"]:  # "a million" is 1 million, "half a million" 0.5 million; not "a thousand times" (no figure)
        surface = ("0.5" if g["half"] else "1") + surface[len(g["a"]):]
    scaled = re.match(rf"(\D*)(\d[\d,]*(?:\.\d+)?) ?({_SCALE})\b", surface, re.IGNORECASE)
    if scaled:  # "two hundred" is 200, "$25.5 billion" is $25,500,000,000
        value = Decimal(scaled[2].replace(",", "")) * _SCALES[scaled[3].lower()]
        surface = scaled[1] + str(int(value) if value == value.to_integral_value() else value) + surface[scaled.end():]
    if g["currency"]:
        surface = surface[: -len(g["currency"])]
        surface = surface if surface[:1] in "$€" else _CURRENCY_WORDS[g["currency"]] + surface  # "$2 billion dollars"
    return " ".join(number_key(surface.lower()).split())


def figures(text: str) -> list[tuple[str, str]]:
    """The figures a text states, as (key, surface): '125,000' and '125000' share a key, as do
    'nine per cent' and '9%', 'April 1, 2022' and '1 April 2022'; a date or a sum is one
    figure, not the numbers it is written with."""
    out = []
    for m in _FIGURE.finditer(text):
        surface = m.group().rstrip(".,")
        out.append((_figure_key(m, surface), surface))
    return out


def numbers_in_words(text: str) -> list[str]:
    """The keys of the numbers a text writes in words ("two" → "2", "half" → "50%"): no figures of
    their own, but the same figure as a '2' or a '50%' on the other side. Not "one": mostly a
    pronoun ("one of them")."""
    spelled = [key for m in _NUMBER_WORD.finditer(text) if (key := _spelled(m.group())) != "1"]
    return spelled + ["50%"] * len(_HALF.findall(text))


def same_figure(a: str, b: str) -> bool:
    """One figure: the same key, or one date with the year stated on one side only."""
    return a == b or (a.startswith("--") != b.startswith("--") and a[-6:] == b[-6:] and
                      all(re.fullmatch(r"(?:\d{4}|-)-\d\d-\d\d", k) for k in (a, b)))


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def number_key(surface: str) -> str:
    """'125,000' and '125000' compare equal, as do '20%', '20 %' and '20 per cent'; a decimal point is kept."""
    s = surface.replace(",", "").rstrip(".")
    return _PERCENT.sub("%", s)


@lru_cache(maxsize=200_000)
def word_key(surface: str) -> str:
    """Lower-case, no accents, no inner hyphens/apostrophes/dots, possessive and plural -s off."""
    if _NUMBER.match(surface):
        return number_key(surface)
    if _CLOCK.match(surface):
        hour, rest = surface.split(":", 1)  # a time of day: "7:30" (or "07:30") is the "7.30" of "7.30pm"
        return f"{int(hour)}.{rest.replace(':', '.')}"
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
