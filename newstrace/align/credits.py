"""Credit lines: the outlets a text names as its source ("RT reported", "according to Reuters",
"(AP) —", "This report contains material from Reuters"), and not the bodies, people, places and
days that the same phrases name as sources of facts ("according to the Russian Defence Ministry",
"told Sean Hannity", "told China", "on Wednesday reported").

Patterns find the phrases; what each one names is then checked against what outlets' names look
like and against the text itself (a person it names by a title or quotes elsewhere). Lists too
long for a pattern ship beside this module as data: `places.txt`, `given_names.txt`.
"""

from __future__ import annotations

import re
from importlib import resources

from newstrace.normalize.keys import CALENDAR_KEYS, MONTH_NAMES, WEEKDAY_NAMES

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
_KIND_THEN = rf"\s+{_OUTLET_KIND}\s+"
_A_NAME_NEXT = rf"(?!{_DATE_WORD}\b)[A-Z]"
_KIND_THEN_NAME = re.compile(_KIND_THEN + _A_NAME_NEXT)
# "told the British newspaper the Guardian": the outlet is the Guardian, not British ("told Reuters
# news agency the Republican memo was" credits Reuters: only a place's kind is followed so)
_PLACE_KIND_THEN_NAME = re.compile(_KIND_THEN + r"the\s+" + _A_NAME_NEXT)
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
_CUE_NAME = re.compile(rf"{_CUE}(?P<name>{_NAME_AFTER})")  # "according to Reuters", "told CNN"
_ATTRIBUTION_PATTERNS = [
    _NAME_REPORTED,
    _CUE_NAME,
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
_CUE_WORDS = ("according to", "reported by", "cited by", "quoted by", "citing", "told")  # what _CUE needs
# words one of which each pattern needs, looked for first (a plain substring search is fast; most
# texts have none, and the patterns are slow)
_PATTERN_NEEDS: list[tuple[str, ...]] = [
    ("report",), _CUE_WORDS, _CUE_WORDS,
    ("contributed",), ("contributed",), ("(",), ("Source", "Via", "Credit"), ("agency",), ("report",),
    ("aterial from", "ompiled from", "(via"), ("aterial from",)]
# a byline's line: "___ Peoples reported from Montclair, N.J." (a writer, at a line's start, no owner)
_FILED_FROM = re.compile(r"\s+from\b")
_LINE_START = re.compile(r"(?:^|\n)[^\S\n]*$")
_OWNS = re.compile(r"['’]s\b")
_SHOW_TITLE = re.compile(r"\s+[Tt]he\s+[A-Z]")  # a show's title runs on past "the": "Meet the Press"
# a place before a name: "Freida Frisaro in Miami contributed", "officials in Taiwan reported"
# (not "an article in Mother Jones reported")
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
                "intelligence", "witnesses", "mps", "host", "constitution", "health", "first", "any"}
# a body that speaks (a ministry, a court, an official) is a source of facts, not of the text
_NOT_OUTLET_WORDS = re.compile(
    r"\b(?:ministry|department|secretary|minister|president|spokes(?:man|woman|person)|officials?|police|army|"
    r"military|government|council|committee|research service|office|court|embassy|parliament|senate|"
    r"congress(?:ional)?|white house|kremlin|pentagon|united nations|u\.n|nato|european union|"
    # a government's agencies and the bodies whose figures news cites ("according to the Census
    # Bureau", "told the FBI", "the Energy Information Administration", "according to the WHO")
    r"bureau|administration|commission|customs|observatory|centers for disease control|world health organization|world bank|"
    r"federal reserve|census|international monetary fund|campaign|"
    # a person by title ("told Mr", "told U.S. District Judge George Hazel") or a party or people
    r"mr|mrs|ms|dr|sen|rep|gov|rev|gen|lt|col|sgt|capt|adm|pastor|cardinal|bishop|senator|governor|mayor|judge|"
    r"prosecutors?|attorneys?|lawyers?|lawmakers?|"
    r"house|republicans?|democrats|democratic|gop|americans)\b", re.IGNORECASE)
# the same bodies by their initials, in capitals only ("ICE", not "Ice"; "WHO", not "Who")
_BODY_INITIALS = re.compile(
    r"\b(?:FBI|CIA|NSA|DOJ|DHS|ICE|CBP|IRS|EPA|FDA|CDC|FAA|FCC|FEC|SEC|GAO|CBO|BLS|NIH|NASA|USDA|HHS|DOD|DoD|"
    r"ATF|DEA|TSA|FEMA|NTSB|OSHA|USPS|VA|WHO|IMF|IAEA|NHS|IG|CMS|CRS|OMB|NOAA|NHTSA|EIA|USGS|Fed)\b")
# a person the text names by a title ("President Donald Trump", "Mr. Putin"): "told Trump" credits no outlet
_PERSON_TITLE = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?|President|Senator|Governor|Mayor|Judge|Secretary|Speaker|"
    r"Chairman|Chairwoman|Minister|Chancellor|Pope|King|Queen|Prince|Sheikh|Ayatollah)"
    rf"((?:{_SPACE}{_SENTENCE_START}(?!{_DATE_WORD}\b)[A-Z][\w'’-]+){{1,3}})")
# the words outlets' names are made of, one list read three ways: a name holding a newspaper's
# word is an outlet though it reads as a body ("Army Times"); a name ending in a broadcaster's or
# agency's word is one before a person's name ("told MSNBC Trump was"); and "X contributed to
# this report" credits an outlet when X holds any of them ("Holland Sentinel"), not a colleague
_NEWSPAPER_WORDS = ("Times", "News", "Post", "Journal", "Journalism", "Herald", "Tribune", "Gazette", "Daily", "Radio", "TV",
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
_TIME_WORDS = re.compile(rf"(?:\s+(?:(?i:on|in|last|this|early|late)|{_DATE_WORD}))+$")
_LEADING_WORDS = re.compile(r"^(?:(?:The|A|An|Both|After|When|As|But|And|Meanwhile|Earlier|Later|Also|However|While|Since|"
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
    if len(words) > 1:
        person = words[0] in _GIVEN_NAMES and len(words) <= 3 and not _looks_like_outlet(name)
    else:
        person = not name.isupper() and not re.search(rf"\b[Tt]he\s+{re.escape(name)}\b", phrase) and any(
            m.group(1) in _GIVEN_NAMES for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(name)}\b", text))
    return person and not _printed_as_outlet(name, text)


_AS_OUTLET = re.compile(rf"\s+(?:{_OUTLET_KIND}|{_OUTLET_VOCABULARY.pattern})")


def _printed_as_outlet(name: str, text: str) -> bool:
    """"Marie Claire magazine", "Bloomberg News": the name as an outlet's, somewhere in the text."""
    return any(_AS_OUTLET.match(text, m.end()) for m in re.finditer(rf"\b{re.escape(name)}\b", text))


def _names_no_outlet(pattern: re.Pattern[str], m: re.Match[str], matched: str, text: str) -> bool:
    """Whether the phrase, for where it stands, names a source of facts, a writer or a place, not
    an outlet whose text was taken."""
    name_end = m.end("name")
    if ((_NOT_OUTLET_WORDS.search(matched) or _BODY_INITIALS.search(matched)) and not _OUTLET_WORDS.search(matched)
            or _PEOPLE_AFTER.match(text, name_end) or _KIND_THEN_NAME.match(text, name_end)):
        return True  # "Taiwan's Defence Ministry", "French officials": sources of facts ("Army Times" is an
        # outlet); "US broadcaster CBS": the outlet is the name that follows
    if pattern is _NAME_REPORTED:
        place = _IN_PLACE.search(text, max(0, m.start("name") - 40), m.start("name"))
        if place and (place.group(1) or "").lower() not in _PUBLISHED_IN:
            return True  # "officials in Taiwan reported": a place, the officials' own report
        if (_FILED_FROM.match(text, m.end()) and not _OWNS.search(m.group("name"))
                and _LINE_START.search(text, max(0, m.start() - 5), m.start())):
            return True  # "___ Peoples reported from Montclair, N.J.": a byline line, the writers' ("The
            # Reuters news agency reported from Havana", "NPR's Greg Allen reported from Miami" credit)
    return "contributed" in pattern.pattern and bool(
        _IN_PLACE.search(text, max(0, m.start("name") - 80), m.start("name")) or not _looks_like_outlet(m.group("name")))
    # "... Freida Frisaro in Miami contributed", "Dave Boyer contributed": a place, a colleague


def _a_place(name: str, m: re.Match[str], text: str) -> bool:
    """A country, a state, a capital or a people ("told China", "told the American people"), but
    not a place's outlet ("told New York magazine", "a Russian news agency reported"), unless
    the outlet is named after it ("told the British newspaper the Guardian")."""
    after = m.end("name")
    return name.lower() in _PLACES and not (
        m.group("name").endswith(name) and _PLACE_OUTLET.match(text, after) and not _PLACE_KIND_THEN_NAME.match(text, after))


# a name joined to another by "and": "Reuters and AP reported", "according to the Globe and Mail",
# "the Department of Health and Human Services reported" (read backwards from the name, or on from it)
_AND_BEFORE = re.compile(rf"(?<![\w&'’.-])(?P<other>{_WORD}(?:{_SPACE}(?:{_WORD}|of|for|de|al|el))*)"
                         rf"{_SPACE}(?P<and>and|&){_SPACE}(?P<the>[Tt]he{_SPACE})?$")
_AND_AFTER = re.compile(rf"{_SPACE}(?P<and>and|&){_SPACE}(?P<the>[Tt]he{_SPACE})?(?P<other>{_NAME_AFTER})")
_JOINABLE = (_NAME_REPORTED, _CUE_NAME)  # "X and Y reported", "according to X and Y"
_PLACE_OWNS = re.compile(r"([\w.-]+)['’]s\s+")


def _strong_outlet(name: str) -> bool:
    """A name no body or common word has: in capitals ("AP", "CBS News") or of two words or more,
    one an outlet's ("Washington Post"); not "Reuters", "Mail" or "Human Services" alone."""
    words = [_POSSESSIVE.sub("", w) for w in name.split()]
    return any(w.isupper() and w.isalpha() and len(w) > 1 for w in words) or (
        len(words) > 1 and bool(_OUTLET_VOCABULARY.search(name)))


def _a_body(name: str) -> bool:
    return bool(_NOT_OUTLET_WORDS.search(name) or _BODY_INITIALS.search(name)) and not _OUTLET_WORDS.search(name)


def _conjoined(pattern: re.Pattern[str], m: re.Match[str], matched: str, reading: _Reading) -> list[tuple[str, str]] | None:
    """The names to credit when the matched name is joined to another by "and" (with the phrase
    naming both), or None to credit the matched name alone. A body's name is read whole, and
    credits no one ("the Centers for Disease Control and Prevention reported", not "Prevention");
    so is an outlet's with "&" or an outlet's word alone on one side ("the Globe and Mail", "the
    Post and Courier", "U.S. News & World Report") and a name that runs on from "of" or "for"
    ("the Center for Law and Justice"); two outlets are both credited when one has
    an article ("the Financial Times and the Guardian") or a name no common word has ("Reuters
    and AP reported"). Two plain words ("Stars and Stripes", "Hill and Politico") are left as
    they were: nothing in the text tells one outlet from two."""
    if pattern not in _JOINABLE:
        return None
    text = reading.text
    if pattern is _NAME_REPORTED:
        joint = _AND_BEFORE.search(text, max(0, m.start("name") - 80), m.start("name"))
        if not joint:
            return None
        other = _trim_name(joint.group("other"))
        phrase = text[joint.start("other") + joint.group("other").find(other):m.end()]
        owner = _PLACE_OWNS.match(other)
        if owner and owner.group(1).lower() in _PLACES:
            other = other[owner.end():]  # "Canada's Globe and Mail": the Globe and Mail
        whole = f"{other} {joint['and']} {matched}"
    else:
        joint = _AND_AFTER.match(text, m.end("name"))
        if not joint:
            return None
        other = _trim_name(joint.group("other"))
        whole = f"{matched} {joint['and']} {other}"
        phrase = text[m.start():joint.end()]
    if not other or other.lower() in _PLACES or matched.lower() in _PLACES or reading.a_person(other, phrase):
        return None  # "Oregon and Texas reported", "Robert Costa and Philip Rucker reported"
    if _a_body(other) or _a_body(whole):
        return [] if not _strong_outlet(matched) else None  # but "President Trump and CNN reported": CNN
    both = [(other, phrase), (matched, phrase)] if pattern is _NAME_REPORTED else [(matched, phrase), (other, phrase)]
    if joint["the"] or (pattern is _NAME_REPORTED and m.group("name").startswith("The ")):
        return both if _looks_like_outlet(other) else None
    first = other if pattern is _NAME_REPORTED else matched
    if joint["and"] == "&" or re.search(r" (?:of|for) ", first) or any(
            " " not in x and _OUTLET_VOCABULARY.fullmatch(x) for x in (matched, other)):
        return [(whole, phrase)]
    return both if _looks_like_outlet(other) and (_strong_outlet(other) or _strong_outlet(matched)) else None


class _Reading:
    """One text's credit search: the names it has credited, and what the whole text says of a
    name (a person's? quoted?), asked once however often the name recurs: a page that repeats a
    line thousands of times would otherwise be read once per line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: set[str] = set()
        self._people: set[str] | None = None
        self._persons: dict[tuple[str, str], bool] = {}
        self._speakers: dict[str, bool] = {}

    def people(self) -> set[str]:
        if self._people is None:  # found only when a name needs it: most texts credit no one
            self._people = _people(self.text)
        return self._people

    def a_person(self, name: str, phrase: str) -> bool:
        if (name, phrase) not in self._persons:
            self._persons[name, phrase] = _a_person(name, phrase, self.text)
        return self._persons[name, phrase]

    def speaks(self, name: str) -> bool:
        if name not in self._speakers:
            self._speakers[name] = _speaks(name, self.text)
        return self._speakers[name]


def find_attributions(text: str) -> list[tuple[str, str]]:
    """(credited name, the phrase that credits it) for each credit line in the text."""
    found: list[tuple[str, str]] = []
    reading = _Reading(text)
    for pattern, needs in zip(_ATTRIBUTION_PATTERNS, _PATTERN_NEEDS, strict=True):
        if not any(word in text for word in needs):
            continue
        for m in pattern.finditer(text):
            matched = _outlet_of_desk(m.group("name"))
            if not matched or _names_no_outlet(pattern, m, matched, text):
                continue
            joined = _conjoined(pattern, m, matched, reading)
            for name, phrase in joined if joined is not None else [(matched, m.group(0))]:
                found += _credits_in(pattern, m, name, phrase, reading)
    return found


def _credits_in(pattern: re.Pattern[str], m: re.Match[str], matched: str, phrase: str,
                reading: _Reading) -> list[tuple[str, str]]:
    """The credits one matched name gives, once checked against the text; `reading.seen` grows by them."""
    found: list[tuple[str, str]] = []
    text, seen = reading.text, reading.seen
    names = _names(matched)
    broadcaster = len(names) == 2 and (names[0].isupper() or _OUTLET_VOCABULARY.search(names[0]))
    if broadcaster and _SHOW_TITLE.match(text, m.end("name")):
        names = names[:1]  # "told NBC's Meet the Press": NBC, not "Meet"
    if names and m.end("name") == m.end() and phrase == m.group(0):  # the name ends the phrase: so does
        at = phrase.find(names[-1], m.start("name") - m.start())  # its last kept word
        phrase = phrase[:at + len(names[-1])] if at >= 0 else phrase
    for name in names:
        lower = name.lower()
        if lower in _NOT_OUTLETS or lower in CALENDAR_KEYS or len(name) > 60 or lower in seen or _a_place(name, m, text):
            continue  # no one named; a day ("told Wednesday", "Friday's indictment"); a place
        kept = _without_people(name, reading.people())  # "told Trump": a person the text names by title
        if not kept or kept.lower() in seen or reading.speaks(kept):
            continue
        if pattern not in _SIGN_OFFS and reading.a_person(kept, phrase):
            continue  # "told Sean Hannity"; "(via Ed Morrissey)" credits the blogger's post
        credit = phrase[:len(phrase) - len(name)] + kept if kept != name and phrase.endswith(name) else phrase
        seen.add(kept.lower())
        found.append((kept, credit.lstrip(",”\" ").strip()))  # ", reports AHA" → "reports AHA"
    return found
