"""The lineage builder on small verdict graphs made for one point each, and on dev's real cases."""

from __future__ import annotations

from newstrace.lineage.build import PairVerdict, build_lineages
from newstrace.lineage.outlets import agency_voice
from newstrace.model import Article
from newstrace.pipeline import analyze


def _articles(*ids: str, outlet: str = "Example") -> list[Article]:
    return [Article(id=i, text="text", outlet=f"{outlet} {i}") for i in ids]


def _by_id(lineages):
    return {x.id: x for x in lineages}


def _core(src: str, der: str, direction: float = 3.0) -> PairVerdict:
    return PairVerdict(src, der, 0.8, 0.9, 0.95, 150.0, direction)


def _weak(src: str, der: str, direction: float) -> PairVerdict:
    return PairVerdict(src, der, 0.3, 0.08, 0.93, 25.0, direction)  # one paragraph of src in der


def test_a_text_that_lent_one_passage_stays_out_of_the_borrowers_lineage():
    arts = _articles("x", "y", "z")
    # y copies x; y also took one paragraph from z, and the evidence says z is the lender
    got = _by_id(build_lineages(arts, [_core("x", "y"), _weak("z", "y", 3.0)], {}))
    assert got["x"].lineage == got["y"].lineage
    assert got["z"].lineage != got["y"].lineage
    # a lone text that took the paragraph joins as a leaf
    got = _by_id(build_lineages(arts, [_core("x", "y"), _weak("y", "z", 3.0)], {}))
    assert got["z"].lineage == got["y"].lineage and got["z"].derived_from == "y"


def test_a_first_text_crediting_an_outlet_outside_the_lineage_is_a_copy_not_the_origin():
    arts = _articles("x", "y")
    verdicts = [_core("x", "y")]
    y_credits_x = {"y": frozenset({"example x"})}
    assert _by_id(build_lineages(arts, verdicts, y_credits_x))["x"].relation == "origin"
    # x's own text says "(AP)": the lineage's origin is AP's text, which is not in the corpus
    with_ap = y_credits_x | {"x": frozenset({"ap"})}
    assert _by_id(build_lineages(arts, verdicts, with_ap))["x"].relation == "copy"


def test_a_name_every_member_names_is_their_subject_not_the_origins_source():
    def art(i: str, text: str) -> Article:
        return Article(id=i, text=text, outlet=None)

    google = "Visits reported by the Google toolbar count. Google ranks pages."
    arts = [art("x", google), art("y", "Google ranks every page by its links."), art("z", google)]
    # x holds each answer; they hold a part of x: the fullest text
    verdicts = [PairVerdict("x", y, 0.4, 0.9, 0.95, 150.0, 1.0) for y in "yz"]
    # x and z keep the sentence that "credits" Google; y names Google and credits no one
    credits = {"x": frozenset({"google"}), "z": frozenset({"google"})}
    assert _by_id(build_lineages(arts, verdicts, credits))["x"].relation == "origin"
    # copies of an agency's text all credit it: the first of them copied an absent origin
    agency = [art("x", "(AFP) Pages."), art("y", "(AFP) Pages."), art("z", "(AFP) Pages.")]
    credits = {x: frozenset({"afp"}) for x in "xyz"}
    assert _by_id(build_lineages(agency, verdicts, credits))["x"].relation == "copy"


def test_a_pair_with_no_evidence_of_direction_casts_no_vote_for_the_origin():
    arts = _articles("a", "o", "d1", "d2")
    # "a" is "o" less a few words: nothing says which came first, and "a" is only the first id;
    # the others' evidence names "o" a little more strongly
    verdicts = [PairVerdict("a", "o", 0.99, 0.99, 1.0, 300.0, 0.0),
                _core("o", "d1", 0.3), _core("o", "d2", 0.3), _core("a", "d1", 0.25), _core("a", "d2", 0.25)]
    got = _by_id(build_lineages(arts, verdicts, {}))
    assert got["a"].origin == "o"


def test_a_first_text_copying_an_absent_origin_is_a_copy_when_what_it_shares_is_verbatim():
    arts = _articles("x", "y")
    # x credits AP, an outlet outside the lineage; y took a few of x's paragraphs word for word,
    # so only a third of x is in y: that measures y, not how much of AP's text x holds
    verbatim = PairVerdict("x", "y", 0.35, 0.9, 0.97, 120.0, 1.0)
    reworded = PairVerdict("x", "y", 0.35, 0.9, 0.7, 120.0, 1.0)
    credits = {"x": frozenset({"ap"})}
    assert _by_id(build_lineages(arts, [verbatim], credits))["x"].relation == "copy"
    assert _by_id(build_lineages(arts, [reworded], credits))["x"].relation == "partial"


def test_an_agency_dateline_on_another_site_makes_a_lone_text_a_copy():
    ap = "WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill."
    lone = [Article(id="w", text=ap, outlet="Washington Times", url="https://www.washingtontimes.com/news/1")]
    assert _by_id(build_lineages(lone, [], {}))["w"].relation == "copy"
    assert _by_id(build_lineages(lone, [], {}))["w"].attribution  # the dateline credits AP
    # on the agency's own site it is the agency's text; cited in the story, it is a source named
    own = [Article(id="w", text=ap, outlet="AP News", url="https://apnews.com/article/1")]
    cites = [Article(id="w", text="The senator told CNN the bill would pass.", outlet="Politico",
                     url="https://www.politico.com/story/1")]
    assert _by_id(build_lineages(own, [], {}))["w"].relation == "independent"
    assert not _by_id(build_lineages(own, [], {}))["w"].attribution
    # a press release or statement named as the source is a credit too, though of no outlet
    stated = [Article(id="s", text="Amazon will buy Whole Foods, both companies said Friday in a statement.")]
    assert _by_id(build_lineages(stated, [], {}))["s"].attribution
    assert _by_id(build_lineages(cites, [], {}))["w"].relation == "independent"


def test_agency_voice_reads_datelines_bylines_and_sign_offs_not_photo_credits():
    site = "https://example-daily.com/story"
    assert agency_voice("MOSCOW (UrduPoint News / Sputnik - 20th April, 2022) Russia launched", url=site) == "Sputnik"
    assert agency_voice("PYONGYANG, North Korea (AP) — North Korea said", url=site) == "AP"
    assert agency_voice("Fire at Notre Dame By Lori Hinnant, Associated Press A fire engulfed", url=site) == "Associated Press"
    assert agency_voice("Chinese artificial sun Xinhua | Updated: 2021-05-28 17:14 HEFEI", url=site) == "Xinhua"
    assert agency_voice("Missiles were fired into waters around Taiwan.\n\n(Reuters)", url=site) == "Reuters"
    assert agency_voice("Outside the court on Monday. (Jonathan Ernst/Reuters)  The ruling", url=site) is None
    assert agency_voice("TEHRAN (Tasnim) – Over 200 were killed, Tass reported.",
                        url="https://tasnimnews.com/en/news/1") is None
    assert agency_voice("LONDON (BBC) - The inquiry opened.", url="https://www.bbc.co.uk/news/1") is None
    # a page title kept from the agency's page it was taken from
    title = "China conducts live-fire military exercises around Taiwan – BBC News"
    assert agency_voice("China began exercises.", url=site, title=title) == "BBC News"
    assert agency_voice("China began exercises.", url="https://www.bbc.com/news/1", title=title) is None
    assert agency_voice("China began exercises.", url=site, title="Taiwan – analysis") is None


def test_dev_credits_read_after_the_text_and_in_a_kept_title(dev_articles):
    got = _by_id(analyze([dev_articles[x] for x in ("B-s07-a3", "A-s08-a5")]).lineages)
    assert got["B-s07-a3"].attribution  # "..., reports AHA."
    assert got["A-s08-a5"].attribution  # its title ends "– BBC News" on breakinglatest.news


def test_dev_ap_teaser_on_pbs_is_a_copy_of_an_absent_origin(dev_articles):
    got = _by_id(analyze([a for i, a in dev_articles.items() if i.startswith("A-s10")]).lineages)
    # PBS's truncated teaser carries AP's byline; the other AP versions here contain it
    assert got["A-s10-a1"].relation == "copy"
    members = [x for x in got.values() if x.lineage == got["A-s10-a1"].lineage]
    assert len(members) > 2 and not any(x.relation == "origin" for x in members)


def test_dev_xinhua_dispatch_is_not_merged_into_the_lineage_that_borrowed_from_it(dev_articles):
    got = _by_id(analyze([a for i, a in dev_articles.items() if i.startswith("A-s15")]).lineages)
    # A-s15-a1 carries Xinhua's foreign-ministry paragraphs (its lineage) and some of the
    # defence-ministry dispatch A-s15-a14, which is the origin of another lineage
    assert got["A-s15-a1"].lineage == got["A-s15-a3"].lineage
    assert got["A-s15-a14"].lineage != got["A-s15-a1"].lineage


def test_dev_release_pickup_keeping_its_quotes_joins_the_release_lineage(dev_articles):
    got = _by_id(analyze([a for i, a in dev_articles.items() if i.startswith(("A-s11", "B-s02"))]).lineages)
    # News18 keeps the Twitter release's quotes and rewords its prose; WTOP and USA Today each
    # quote one statement of the Amazon release and tell the rest their own way
    assert got["A-s11-a5"].lineage == got["A-s11-a2"].lineage and got["A-s11-a5"].relation == "rewrite"
    assert len({got[x].lineage for x in ("B-s02-a5", "B-s02-a7", "B-s02-a1")}) == 3


def test_the_parent_is_the_closest_text_not_the_one_sharing_most():
    arts = _articles("o", "a", "b")
    verdicts = [
        PairVerdict("o", "a", 0.9, 0.95, 0.85, 150.0, 3.0),
        PairVerdict("o", "b", 0.9, 0.95, 0.84, 150.0, 3.0),
        PairVerdict("a", "b", 0.8, 0.85, 0.99, 140.0, 3.0),  # b keeps a's wording: a copy of a
    ]
    got = _by_id(build_lineages(arts, verdicts, {"a": frozenset({"example o"})}))
    assert (got["a"].derived_from, got["b"].derived_from) == ("o", "a")


def test_dev_verbatim_copy_of_a_version_hangs_on_that_version(dev_articles):
    got = _by_id(analyze([a for i, a in dev_articles.items() if i.startswith("B-s11")]).lineages)
    # B-s11-a3 reproduces B-s11-a2 word for word (0.98); B-s11-a1 is another version of the text
    assert got["B-s11-a3"].derived_from == "B-s11-a2"
    assert got["B-s11-a3"].relation == "copy"


def test_a_composite_text_does_not_bridge_the_two_lineages_it_draws_on():
    # y is a copy of x's story with one paragraph of z's story pasted in word for word (a round-up,
    # a partial reuse): it stays in x's lineage and z's lineage stays apart, however verbatim the
    # paragraph (bridging on such paragraphs merged the benchmark's injected families with the
    # real stories their partial reuses were pasted into)
    arts = _articles("x", "y", "z", "w")
    paragraph = PairVerdict("z", "y", 0.3, 0.2, 1.0, 60.0, 0.0)
    got = _by_id(build_lineages(arts, [_core("x", "y"), _core("z", "w"), paragraph], {}))
    assert got["x"].lineage == got["y"].lineage
    assert got["z"].lineage == got["w"].lineage != got["y"].lineage


_TIE = """
from newstrace.lineage.build import PairVerdict, build_lineages
from newstrace.model import Article
arts = [Article(id=i, text="text", outlet=f"Example {i}") for i in ("o", "a", "b", "y")]
verdicts = [
    PairVerdict("o", "a", 0.9, 0.95, 0.99, 150.0, 3.0),
    PairVerdict("o", "b", 0.9, 0.95, 0.98, 150.0, 3.0),
    PairVerdict("a", "y", 0.8, 0.9, 0.95, 140.0, 3.0),  # a and b offer y the same link
    PairVerdict("b", "y", 0.8, 0.9, 0.95, 140.0, 3.0),
]
print({x.id: x.derived_from for x in build_lineages(arts, verdicts, {})}["y"])
"""


def test_the_same_verdicts_give_the_same_tree_in_every_run():
    """Python salts string hashes per process: a tie broken by iterating a set of ids went one
    way or the other from run to run."""
    import os
    import subprocess
    import sys

    parents = {
        subprocess.run([sys.executable, "-c", _TIE], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip()
        for seed in range(8)
    }
    assert parents == {"a"}  # the member that joined the tree first


def test_the_pure_pipeline_refuses_two_articles_with_one_id():
    import pytest

    texts = ["The harbour reopened on Friday after the storm.", "The election results were announced on Monday."]
    with pytest.raises(ValueError, match="article ids must be unique: 'x'"):
        analyze([Article(id="x", text=t) for t in texts])


def test_a_credit_that_runs_on_into_a_title_still_names_its_outlet():
    from newstrace.lineage.outlets import credited, identities

    assert credited("CNN Political Editor Paul Steinhauser") & identities("CNN (Web News)")
    assert credited("ABC News Chief Justice Correspondent Pierre Thomas") & identities("ABC News (Online)")
    assert "tass" in credited("the Tass news agency") and "ap" in credited("Associated Press")
    # a text crediting its own staff credits no other outlet
    from newstrace.pipeline import credited_outlets

    own = Article(id="x", outlet="CNN (Web News)",
                  text="The vote passed. CNN Political Editor Paul Steinhauser contributed to this report.")
    assert credited_outlets(own) == frozenset()


def test_a_pair_attached_to_one_lineage_is_at_least_a_partial_reuse():
    """What puts a text in its source's lineage (a fifth of either text shared in 20 tokens, or a
    whole paragraph) is what compare calls a partial reuse: the two never disagree."""
    from newstrace.lineage.build import _is_attach
    from newstrace.lineage.relation import classify

    for derived, source, shared in [(0.05, 0.26, 25.0), (0.03, 0.05, 50.0), (0.2, 0.1, 20.0)]:
        v = PairVerdict("s", "d", source, derived, 0.9, shared, 1.0)
        assert _is_attach(v) and classify(derived, source, 0.9, shared)[0] == "partial", (derived, source, shared)
    assert classify(0.05, 0.1, 0.9, 15.0)[0] == "independent"


def test_a_story_spans_at_most_a_month_however_long_the_chain_of_shared_passages():
    """Texts sharing background paragraphs or a recurring quote chain, day after day, into one
    component; a story is one event: it joins, strongest links first, what keeps it within
    STORY_DAYS of stated dates. A lineage is one story whatever its span."""
    dates = {"a": "2020-01-01", "b": "2020-01-20", "c": "2020-02-10", "d": "2021-01-01", "e": None}
    arts = [Article(id=i, text="text", outlet=f"Outlet {i}", date=d) for i, d in dates.items()]
    # each pair shares a sentence or two of prose (a story link, not a lineage link), a-b most
    fact = [PairVerdict(x, y, 0.05, 0.05, 0.8, 40.0 - 10 * n, 0.0) for n, (x, y) in
            enumerate([("a", "b"), ("b", "c"), ("c", "d"), ("e", "b")])]
    got = _by_id(build_lineages(arts, fact, {}))
    assert len({x.lineage for x in got.values()}) == 5
    assert got["a"].story == got["b"].story == got["e"].story  # an undated text stretches no span
    assert got["c"].story != got["b"].story and got["d"].story not in (got["a"].story, got["c"].story)
    # the strongest link is taken first: c joins b, and a (19 days before b) no longer can
    fact[1] = PairVerdict("b", "c", 0.05, 0.05, 0.8, 50.0, 0.0)
    got = _by_id(build_lineages(arts, fact, {}))
    assert got["b"].story == got["c"].story != got["a"].story
    # copies a year apart are one lineage, so one story
    got = _by_id(build_lineages(arts, [_core("a", "d")], {}))
    assert got["a"].lineage == got["d"].lineage and got["a"].story == got["d"].story


def test_two_undated_pages_of_one_outlet_are_not_one_story_by_what_they_share():
    """BBC's pages share a video caption line and a contact box mid-page; with no dates nothing
    bounds the chain: such pages are one story only through a lineage or another text."""
    bbc = [Article(id=i, text="text", outlet="BBC News") for i in ("p", "q", "r")]
    other = Article(id="w", text="text", outlet="Reuters")
    furniture = [PairVerdict("p", "q", 0.05, 0.05, 1.0, 20.0, 0.0)]
    got = _by_id(build_lineages(bbc, furniture, {}))
    assert got["p"].story != got["q"].story
    # dated, the 30-day bound holds them; of two outlets, the link stands
    dated = [Article(id=a.id, text="text", outlet="BBC News", date="2019-01-0" + str(n + 1)) for n, a in enumerate(bbc)]
    assert len({x.story for x in build_lineages(dated[:2], furniture, {})}) == 1
    shared = [PairVerdict("p", "w", 0.05, 0.05, 1.0, 20.0, 0.0), PairVerdict("w", "q", 0.05, 0.05, 1.0, 20.0, 0.0)]
    got = _by_id(build_lineages([*bbc, other], shared, {}))
    assert got["p"].story == got["w"].story == got["q"].story
    # copies of one text are one lineage, so one story
    got = _by_id(build_lineages(bbc, [_core("p", "r")], {}))
    assert got["p"].story == got["r"].story
