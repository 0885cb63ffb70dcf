"""Alignment measures on small cases made for one point, and on the dev corpus's real pages."""

from __future__ import annotations

import pytest

from newstrace.align import align, find_attributions
from newstrace.align.sidebyside import side_by_side
from newstrace.lineage.relation import compare_articles
from newstrace.model import Article
from newstrace.normalize import prepare

SOURCE = [
    "The city council approved a new budget of 4.2 million dollars for the harbour on Monday evening.",
    "Mayor Anna Lindqvist said the money would repair the old stone piers before the winter storms.",
    "Fishermen in Kalmar had asked for the repairs since a storm damaged the northern pier in 2019.",
    "The opposition Green group voted against the plan and called it a gift to the shipping firms.",
    "Work on the piers is expected to start in March and to last about eighteen months.",
    "The council will also hire two engineers to inspect the harbour walls every spring.",
]


def _article(id_: str, sentences: list[str], date: str | None = None) -> Article:
    return Article(id=id_, text=" ".join(sentences), date=date)


def test_a_sentence_repeated_in_one_text_is_kept_once():
    doc = prepare("Version 1 | Version 2 |\n" + "\n".join(f"{s} | {s} |" for s in SOURCE[:3]))
    assert [s.text for s in doc.sentences].count(SOURCE[0]) == 1
    assert len(doc.sentences) == 5  # two header cells and three sentences


def test_a_sentence_echoed_in_the_other_text_is_shared_once():
    # a summary line that repeats the lede, as news pages print above the story: both link to
    # the source's one sentence, whose words are shared once, not twice
    summary = "The city council approved a new budget of 4.2 million dollars for the harbour."
    source = prepare(" ".join(SOURCE[:1] + ["Nothing else in this text is the same as the other one at all."]))
    derived = prepare(" ".join([summary] + SOURCE[:1] + ["A sentence of its own about the weather in the city."]))
    aln = align(source, derived)
    # the lede finds the source's lede; the summary line, nearly as long and its lede already
    # matched, is an echo, not a piece of a split sentence
    assert [(x.a, x.b) for x in aln.links] == [(0, 1)]
    lede = len(source.sentences[0].prose_keys)
    assert aln.shared_prose_tokens <= lede
    # nor does the echo make more of the derived text come from the source than the lede's words
    assert aln.b_coverage <= lede / sum(len(s.prose_keys) for s in derived.sentences)


def test_a_version_archive_page_reads_as_one_copy_of_its_text(dev_articles):
    # NewsSniffer shows each BBC sentence twice, in a two-column table of versions
    bbc, copy = dev_articles["B-s01-a1"], dev_articles["B-s01-a2"]
    doc = prepare(bbc.text)
    texts = [s.text for s in doc.sentences]
    assert len(texts) == len(set(texts))
    result = compare_articles(bbc, copy)
    assert result.relation == "copy"


def test_a_source_cut_off_mid_sentence_does_not_make_a_copy_look_partial():
    cut = " ".join(SOURCE[:3]) + " The opposition Green group voted"
    full = " ".join(SOURCE)
    aln = align(prepare(cut), prepare(full))
    assert aln.b_coverage > 0.9  # what follows the cut is beyond what the source shows
    # the same source ending on a full stop is a whole text: the rest of B is B's own
    whole = align(prepare(" ".join(SOURCE[:3])), prepare(full))
    assert whole.b_coverage < 0.6
    # a teaser cut after one sentence says nothing of the rest of a long text
    teaser = SOURCE[0] + " Mayor Anna Lindqvist said the"
    assert align(prepare(teaser), prepare(full)).b_coverage < 0.3
    result = compare_articles(Article(id="src", text=cut, date="2024-03-01"),
                              Article(id="der", text=full, date="2024-03-02"))
    assert (result.source, result.relation) == ("src", "copy")


def test_a_sentence_by_sentence_paraphrase_is_a_rewrite_and_own_text_makes_a_partial():
    paraphrase = [
        "On Monday evening a budget of 4.2 million dollars for the harbour won approval from the city council.",
        "The money, according to Mayor Anna Lindqvist, is meant to repair old stone piers ahead of winter storms.",
        "Since 2019, when a storm damaged the northern pier, Kalmar fishermen have been asking for repairs.",
        "Calling the plan a gift to shipping firms, the opposition Green group voted against it.",
        "Starting in March, work on the piers should last around eighteen months.",
        "Two engineers will be hired by the council to inspect harbour walls each spring.",
    ]
    src = _article("src", SOURCE, "2024-03-01")
    rewrite = compare_articles(src, _article("der", paraphrase, "2024-03-02"))
    assert rewrite.alignment.b_coverage < 0.4  # few sentences keep the wording in order ...
    assert rewrite.relation == "rewrite"  # ... but every one follows a source sentence
    own = [
        "Local shop owners welcomed the news at a meeting in the town library on Tuesday.",
        "Several of them said tourism had fallen since the cruise terminal closed last year.",
        "A bakery owner hoped that visiting yachts would return to the marina next summer.",
        "Others asked why the money was not spent on the railway station instead.",
        "The library meeting ended with a vote of thanks to the organisers.",
    ]
    partial = compare_articles(src, _article("der", own[:3] + SOURCE[:2] + own[3:], "2024-03-02"))
    assert partial.relation == "partial"


def test_partial_means_mostly_its_own_text():
    from newstrace.lineage.relation import classify

    # a fifth of the prose aligned; whether the rest follows the source decides rewrite or partial
    assert classify(0.2, 0.3, 0.7, 40, derived_paraphrase=0.55)[0] == "rewrite"
    assert classify(0.2, 0.3, 0.7, 40, derived_paraphrase=0.45)[0] == "partial"


def test_paraphrase_measure_is_kept_by_the_store(tmp_path):
    from newstrace.lineage.build import PairVerdict
    from newstrace.store import Store

    store = Store(tmp_path / "t.db")
    v = PairVerdict("a", "b", 0.3, 0.2, 0.7, 40.0, 1.0, 0.5, 0.8, 4, 90.0)
    store.save_verdicts([("a", "b", v)], {"a": "h1", "b": "h2"})
    assert store.cached_verdicts({"a": "h1", "b": "h2"})[("a", "b")] == v
    assert (v.reversed().source_paraphrase, v.reversed().derived_paraphrase) == (0.8, 0.5)
    assert (v.reversed().shared_quotes, v.reversed().shared_quote_tokens) == (4, 90.0)


def test_a_store_written_before_the_quote_columns_is_read_and_written(tmp_path):
    import sqlite3

    from newstrace.lineage.build import PairVerdict
    from newstrace.store import Store

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:  # the pairs table as algorithm 14 wrote it
        db.execute("CREATE TABLE pairs (a TEXT NOT NULL, b TEXT NOT NULL, a_hash TEXT NOT NULL, "
                   "b_hash TEXT NOT NULL, source TEXT NOT NULL, derived TEXT NOT NULL, source_coverage REAL, "
                   "derived_coverage REAL, similarity REAL, shared_prose REAL, direction REAL, "
                   "source_paraphrase REAL, derived_paraphrase REAL, PRIMARY KEY (a, b))")
        db.execute("INSERT INTO pairs VALUES ('a', 'b', 'h1', 'h2', 'a', 'b', 0.3, 0.2, 0.7, 40, 1, 0.5, 0.8)")
    store = Store(path)
    hashes = {"a": "h1", "b": "h2", "c": "h3"}
    assert store.cached_verdicts(hashes)[("a", "b")] == PairVerdict("a", "b", 0.3, 0.2, 0.7, 40.0, 1.0, 0.5, 0.8)
    v = PairVerdict("a", "c", 0.1, 0.1, 0.9, 0.0, 0.0, 0.6, 0.7, 5, 120.0)
    store.save_verdicts([("a", "c", v)], hashes)
    assert store.cached_verdicts(hashes)[("a", "c")] == v


def test_a_pickup_that_keeps_the_quotes_and_rewords_the_rest_is_a_rewrite(dev_articles):
    from newstrace.lineage.relation import compare_articles

    # News18 prints the Twitter release's quotes word for word and retells the rest in its own
    # words, in the release's order: it shares no sentence of prose with the release's pickups
    news18, herald = dev_articles["A-s11-a5"], dev_articles["A-s11-a2"]
    c = compare_articles(herald, news18)
    assert c.alignment.shared_prose_tokens < 12 and c.alignment.shared_quotes >= 3
    assert (c.relation, c.derived) == ("rewrite", "A-s11-a5")
    # WTOP's own report quotes one statement of the Amazon release that USA Today's quotes too
    wtop, coloradoan = dev_articles["B-s02-a5"], dev_articles["B-s02-a7"]
    c = compare_articles(wtop, coloradoan)
    assert c.alignment.shared_quotes == 2 and c.relation == "independent"


def test_a_dump_of_many_thousand_sentences_is_compared_on_its_first_sentences_only():
    # aligning costs the product of two texts' sentences: a book-length dump is cut, and a copy
    # of a passage from its beginning is still found
    import random

    from newstrace.normalize.text import MAX_SENTENCES

    rng = random.Random(3)
    words = [f"{c}{v}{c2}{v2}{c3}" for c in "bdfgklm" for v in "aeiou" for c2 in "nprst" for v2 in "aeio" for c3 in "lnrs"]
    sentences = [" ".join(rng.sample(words, 12)).capitalize() + "." for _ in range(MAX_SENTENCES + 3000)]
    dump = " ".join(sentences)
    assert len(prepare(dump).sentences) == MAX_SENTENCES
    c = compare_articles(Article(id="dump", text=dump), Article(id="excerpt", text=" ".join(sentences[500:560])))
    assert (c.relation, c.source, c.derived) == ("copy", "dump", "excerpt")


def test_template_lines_are_not_taken_for_pieces_of_a_split_sentence():
    # results lines of one shape: each line of the excerpt matches its own line word for word; the
    # other lines of the long text are as long as those and differ in a figure, they are not
    # pieces of a split sentence (which leave room in their partner for the other piece)
    lines = [f"Paragraph {i} of the report says the harbour council met on day {i}." for i in range(300)]
    c = compare_articles(Article(id="report", text=" ".join(lines)), Article(id="excerpt", text=" ".join(lines[100:160])))
    assert (c.relation, c.source) == ("copy", "report")
    assert len(c.alignment.links) == 60 and c.alignment.verbatim == 1.0


def test_a_line_of_a_template_page_weighs_its_closest_lines_not_every_line():
    # every line shares all its words but the figures with every other: weighing each against all
    # (90,000 pairs here, 4 million for two pages of 2,000 lines) made aligning such pages take a minute
    from newstrace.align.align import MAX_PARTNERS, _sentence_pairs_to_score

    lines = [f"Paragraph {i} of the report says the harbour council met on day {i}." for i in range(300)]
    pairs, _, _ = _sentence_pairs_to_score(prepare(" ".join(lines)), prepare(" ".join(reversed(lines))))
    assert len(pairs) <= 2 * MAX_PARTNERS * len(lines)
    assert {(i, 299 - i) for i in range(300)} <= set(pairs)  # each line's own copy, which shares most


def test_sentence_pairs_are_joined_a_few_sentences_at_a_time_with_the_same_result(monkeypatch, dev_articles):
    # two template pages share every word of every line: joined at once, two pages of 2,000 lines
    # held 28 million word matches (650 MB); in chunks of A's sentences, the same pairs come out
    import sys

    aligner = sys.modules["newstrace.align.align"]  # the package exports a function of the same name

    lines = [f"Paragraph {i} of the report says the harbour council met on day {i}." for i in range(120)]
    cases = [(prepare(" ".join(lines)), prepare(" ".join(reversed(lines)))),
             (prepare(dev_articles["S-s00-rt"].text), prepare(dev_articles["S-s00-irandaily"].text))]
    for a, b in cases:
        whole = aligner._sentence_pairs_to_score(a, b)
        for chunk in (1, 7, 64):  # smaller than one sentence's matches, a few sentences', many
            monkeypatch.setattr(aligner, "JOIN_CHUNK", chunk)
            pairs, best_a, best_b = aligner._sentence_pairs_to_score(a, b)
            assert pairs == whole[0] and (best_a == whole[1]).all() and (best_b == whole[2]).all()
        monkeypatch.undo()
    # a text of stop words alone shares no content word: no pair, and no error
    pairs, best_a, best_b = aligner._sentence_pairs_to_score(prepare("It is. So it was."), prepare("It was. It is."))
    assert pairs == [] and not best_a.any() and not best_b.any()
    assert align(prepare("It is. So it was."), prepare("It was.")).links == []


def test_a_sentence_cut_short_is_aligned_whole_and_the_cut_is_no_rewording(dev_articles):
    # two AP versions of the Notre Dame fire: the later one prints the earlier one's sentence
    # without its clause about the fire chief, whose names the kept part does not have
    first, later = dev_articles["A-s10-a3"], dev_articles["A-s10-a2"]
    c = compare_articles(first, later)
    kept = "The blaze collapsed the cathedral's spire and spread to one of its landmark rectangular towers."
    aln = c.alignment
    assert kept in {aln.a_sentences[x.a] for x in aln.links} | {aln.b_sentences[x.b] for x in aln.links}
    assert kept not in c.edits.added
    assert c.relation == "copy"
    # a shared name phrase is not a sentence cut short: it aligns with nothing
    phrase = prepare("The experimental advanced superconducting tokamak (EAST).")
    sentence = prepare("The experimental advanced superconducting tokamak, or the Chinese artificial sun, "
                       "achieved an electron temperature of 100 million degrees, a laboratory in Anhui said.")
    assert align(phrase, sentence).links == []


# (text, the names it credits): a credit is named whole, from its cue to its last capitalised word
CREDITS = [
    ("Reade told the Associated Press on Monday.", ["Associated Press"]),
    ("according to The Wall Street Journal, the deal", ["Wall Street Journal"]),
    ("he told Business Insider. The firm", ["Business Insider"]),
    ("according to Xinhua. The minister said", ["Xinhua"]),
    ('Li told the Global Times The Chinese "artificial sun" project', ["Global Times"]),
    ("as NPR's Tom Bowman reported", ["NPR"]),  # an outlet's person is the outlet's
    ("Friday. The Associated Press reported", ["Associated Press"]),
    ("he told Reuters that officials had left", ["Reuters"]),
    ("he told Reuters news agency", ["Reuters"]),
    ("he told the St. Louis Post-Dispatch on Monday.", ["St. Louis Post-Dispatch"]),  # not "St"
    ("according to Wired\n\nResearchers found", ["Wired"]),  # a name ends at a line break
    ("according to Army Times", ["Army Times"]),  # an outlet, though its name is a body's
    ("As reported by the Heritage Foundation", ["Heritage Foundation"]),  # "As" names no one
    # a person the text names by a title is no outlet, an outlet beside the person is
    ("President Trump spoke. He told MSNBC Trump was wrong.", ["MSNBC"]),
    ("Trump told Fox. President Trump left.", ["Fox"]),  # told by him, not told him
    ("Mr. Putin's United Russia party, according to Interfax", ["Interfax"]),
    ("He thanked the President. CNN reported on Monday", ["CNN"]),  # a sentence's end, no title
    # who contributed: a desk's person, a writer's outlet (not the place filed from), no colleague
    ("CNN Justice Correspondent Joe Johns contributed to this report", ["CNN"]),
    ("Associated Press writer Darlene Superville in Washington contributed to this report.", ["Associated Press"]),
    ("Tamara Lush in Tampa, Florida, and Freida Frisaro in Miami contributed to this report.", []),
    ("Dave Boyer contributed to this report.", []),
    ("CNN's Manu Raju contributed to this report.", ["CNN"]),
    ("Agence France-Presse contributed to this report.", ["Agence France-Presse"]),
    # a body's name runs on through "for"; a writer "for" an outlet is the outlet's
    ("according to the Center for Responsive Politics.", ["Center for Responsive Politics"]),
    ("according to the National Center for Health Statistics.", ["National Center for Health Statistics"]),
    ("as reported by Amanda Taub for Vox, the rules", ["Vox"]),
    # the outlet is the name after what it is, not the country before it
    ("Mr Kelly told US broadcaster CBS.", ["CBS"]),
    ("according to Iranian state news agency IRNA on Monday.", ["IRNA"]),
    ("he told the Israeli newspaper Haaretz.", ["Haaretz"]),
    ("Mr. Fabius told Europe 1 radio on Monday.", ["Europe"]),  # a channel, though a place's name
    ("according to the Associated Press news agency Monday", ["Associated Press"]),
    ("according to Russia's Interfax news agency", ["Interfax"]),
    ("Buttigieg told New York magazine.", ["New York"]),  # a place's magazine
    ("the Texas Tribune reported", ["Texas Tribune"]),
    ("An article in Mother Jones reported that the rules", ["Mother Jones"]),
    ("he told Fox News. Fox said on Monday", ["Fox News"]),
    # the credit after what it credits
    ("the troops withdrew,” reported the New York Times on Monday.", ["New York Times"]),
    # a sign-off or a link naming the text's source
    ("This report contains material from Reuters.", ["Reuters"]),
    ("Material from Reuters and the Associated Press was used in this report.", ["Reuters", "Associated Press"]),
    ("compiled from Associated Press material and other sources", ["Associated Press"]),
    # the day between an outlet and its verb, or a sentence's first word before it
    ("The New York Times on Wednesday reported that", ["New York Times"]),
    ("Although Breitbart reported it first", ["Breitbart"]),
    # what an outlet is, from where, then its name
    ("Edward Snowden told the British newspaper the Guardian that", ["Guardian"]),
    ("he told the German business newspaper Handelsblatt.", ["Handelsblatt"]),
    ("Unnamed sources told Reuters news agency the Republican memo was misleading", ["Reuters"]),
    ("A Russian news agency reported Monday that", ["Russian"]),  # an outlet, unnamed
    # an outlet with a person's look, or named as an article
    ("In 2017, he told Marie Claire magazine that", ["Marie Claire"]),
    ("Katie Hill resigned on Sunday. She told The Hill that", ["Hill"]),
    ("Michael Bloomberg owns Bloomberg News. He told Bloomberg that", ["Bloomberg"]),
    ("the bill passed (via Ed Morrissey).", ["Ed Morrissey"]),  # a blogger's post the text was taken from
    # a journalist's outlet, before the desk; a report from a place
    ("he told CNN Political Editor Paul Steinhauser that", ["CNN"]),
    ("Trump told NBC's Meet the Press on Sunday", ["NBC"]),  # a broadcaster's show
    ("1,878 deaths, according to the Bureau of Investigative Journalism, a", ["Bureau of Investigative Journalism"]),
    ("Associated Press White House Correspondent Julie Pace reported that", ["Associated Press"]),
    ("First reported by The New York Times, Manafort", ["New York Times"]),
    ("in Miami.\nNPR's Greg Allen reported from Miami:", ["NPR"]),
    ("in South Africa. The Reuters news agency reported from Havana that", ["Reuters"]),
    # two outlets joined by "and" are both credited; one outlet's name with "and" in it is read whole
    ("Reuters and AP reported that the talks failed.", ["Reuters", "AP"]),
    ("according to Reuters and the Associated Press, the deal", ["Reuters", "Associated Press"]),
    ("The Washington Post and The New York Times reported Friday that", ["Washington Post", "New York Times"]),
    ("he told the Financial Times and the Guardian that", ["Financial Times", "Guardian"]),
    ("The Globe and Mail reported that", ["Globe and Mail"]),
    ("A year earlier, Canada's Globe and Mail newspaper reported that", ["Globe and Mail"]),
    ("according to U.S. News & World Report, the", ["U.S. News & World Report"]),
]
# texts that credit no outlet: a body that speaks, a person, a place, a name that qualifies
# people or figures are sources of facts, not outlets whose text was taken
NO_CREDIT = [
    "according to Taiwan's Defence Ministry", "according to French officials.",
    "according to the United Nations, 5,000", "Haley told the U.N. on Monday", "told NATO allies",
    "he told the White House", "according to UN Secretary-General Antonio Guterres",
    # a person named by a title, a chamber or a party: they were told, no text was taken
    "Assistant Attorney General Joseph Hunt told U.S. District Judge George Hazel during a call",
    "she told Mr. Trump", "according to Sen. Warren", "he told House Republicans", "told Americans",
    # a person the text names by a title elsewhere, or quotes
    "President Donald Trump spoke. She told Trump on Monday", "Mr. Putin's party, according to Putin",
    "First lady Melania Trump and President Trump. He told Melania Trump",
    "The talks collapsed, according to John Bolton. Bolton said later that",
    # no one named
    "Some news reports have also found", "State TV reported that",
    # a country, a state or a capital speaks through its government; officials in a place
    "the president told China, which", "Iran has reported 43 new deaths",
    "Moscow has told Washington the decision", "New York reported 4,591 new cases",
    "Defense officials in Taiwan reported that missiles fell",
    "police in Newport, R.I., in August reported him to the base",  # a place's time, after a comma
    # a name that qualifies people or figures
    "according to U.S. intelligence officials.", "according to Census Bureau data",
    "according to Chinese state media", "according to Reuters calculations",
    # after what it credits, a day, a person or a body
    "sales fell, reported Thursday's survey", "it rose, reported Mr Smith", "it rose, reports the Defense Ministry",
    # material from a person, sources unnamed
    "The book includes material from Podesta emails", "compiled from Russian sources",
    "he received material from Manning in 2010",
    # a people or a party: "told the American people", "according to Democratic operatives"
    "the one Democrats have told the American people for years", "May also told the Russian president",
    "according to Republican senators who have spoken to him", "according to Democratic operatives briefed",
    # a day; reports of no one named
    "The U.S. on Wednesday reported a record 36,880 new cases", "according to Friday’s indictment",
    "according to the Sept. 12 filing",
    "Multiple reports have indicated that", "Press reports indicate Rosenstein was", "Despite reports that",
    "Source: Polls",
    # a person named in full, or by a surname the text gives a first name elsewhere
    "the president told Sean Hannity on Fox", "CNN's Jake Tapper asked him. Later he told Tapper that",
    "he told Chief Political Correspondent Candy Crowley", "according to the Rev. Al Sharpton",
    # a byline's line; people, a role, a document
    "the votes.\n___\nPeoples reported from Montclair, N.J.", "Geoffrey Cox told MPs the legal risk",
    "SEAN HANNITY (HOST): I want to go over this", "Intelligence reports suggest that",
    "Witnesses reported hearing shots", "to decide cases according to the Constitution and laws",
    # a government's agencies, by name or initials, and the bodies whose figures news cites
    "he told the FBI that", "according to the Census Bureau, the", "according to the CDC.",
    "the U.S. Energy Information Administration reported", "according to the World Bank",
    "according to the Human Rights Campaign", "told the South Korean president",
    # a body's name with "and" in it, not cut at the "and"; two reporters
    "The Centers for Disease Control and Prevention reported 40 cases",
    "The Department of Health and Human Services reported that", "according to the Securities and Exchange Commission",
    "according to the National Oceanic and Atmospheric Administration.", "Robert Costa and Philip Rucker reported that",
    "Oregon and Texas reported 40 new cases",
]


@pytest.mark.parametrize(("text", "credited"), CREDITS)
def test_a_credited_outlet_is_named_whole(text, credited):
    assert [n for n, _ in find_attributions(text)] == credited


@pytest.mark.parametrize("text", NO_CREDIT)
def test_a_source_of_facts_is_no_credited_outlet(text):
    assert find_attributions(text) == []


def test_a_credit_line_is_quoted_as_the_text_words_it_and_counts_as_direction_evidence():
    assert find_attributions("RT reported on Monday") == [("RT", "RT reported")]
    assert find_attributions('Steny Hoyer told CNN\'s "At This Hour" that') == [("CNN", "told CNN")]
    assert find_attributions("dogs extend the life of heart patients, reports AHA.") == [("AHA", "reports AHA")]
    assert find_attributions("Trump said (via Politico) that") == [("Politico", "via Politico")]
    # the credit names the other text's outlet: evidence of which is the source
    wire = Article(id="wire", text=" ".join(SOURCE), outlet="Associated Press")
    paper = Article(id="paper", text=" ".join(SOURCE[:4]) + " That is according to the Associated Press.",
                    outlet="Kalmar Daily")
    c = compare_articles(paper, wire)
    assert c.source == "wire" and any("credits 'Associated Press'" in e for e in c.evidence), c.evidence


def test_explained_edits_hold_terms_quotes_and_figures_not_wording():
    src = ('The council approved 43 new posts, the mayor said on Monday in the town hall.\n\n'
           'The mayor said “the harbour will be repaired before the winter storms come\n\n'
           'Fishermen in Kalmar had asked for the repairs since a storm hit the pier in 2019 and called '
           'the long delay a "disgrace".\n\nThe work on the piers will start in 2025, the council said.')
    der = ('The council approved 20 new posts, the mayor said on 5 May in this town hall.\n\n'
           'Fishermen in Kalmar had asked for the repairs since a storm hit the jetty in 2019 and called '
           'the long delay a "disgrace".\n\nThe work on the piers will start soon, the council said.')
    c = compare_articles(Article(id="a", text=src, date="2024-01-01"), Article(id="b", text=der, date="2024-01-02"))
    subs = {(s.old, s.new) for s in c.edits.substitutions}
    assert ("pier", "jetty") in subs and ("the", "this") not in subs, subs
    # a figure replaced by words ("on Monday" → "on 5 May") is a figure added, not a changed one
    assert c.edits.numbers["changed"] == [{"source": "43", "derived": "20"}], c.edits.numbers
    assert "2025" in c.edits.numbers["removed"] and "5 May" in c.edits.numbers["added"], c.edits.numbers
    assert "43" not in c.edits.numbers["removed"] and "20" not in c.edits.numbers["added"]  # listed once, as changed
    # an unclosed quote ends with its paragraph: the next paragraph is prose, not quoted
    quotes = c.edits.quotes["dropped"] + c.edits.quotes["kept"]
    assert all("Fishermen" not in q for q in quotes), quotes


def test_a_quote_with_words_altered_inside_it_is_changed_not_one_trimmed_at_its_end():
    said = "the council leader said at the meeting in the town hall on Monday evening."
    src = (f'"We will rebuild the harbour before the winter storms arrive in the bay," {said}\n\n'
           f'"The fishermen have waited long enough for the repairs to the old pier," {said}')
    der = (f'"We will rebuild the port before the winter storms arrive in the bay," {said}\n\n'
           f'"The fishermen have waited long enough," {said}')
    c = compare_articles(Article(id="a", text=src, date="2024-01-01"), Article(id="b", text=der, date="2024-01-02"))
    assert c.edits.quotes["changed"] == [{"source": "We will rebuild the harbour before the winter storms arrive in the bay,",
                                          "derived": "We will rebuild the port before the winter storms arrive in the bay,"}]
    assert c.edits.quotes["added"] == [], c.edits.quotes


def test_a_figure_added_four_times_reads_once_with_its_count(tmp_path):
    from click.testing import CliRunner

    from newstrace.align.edits import counted
    from newstrace.cli import main

    assert counted(["10", "49%", "10", "10"]) == ["10 ×3", "49%"]
    src = "The council said 40 homes were flooded in the storm that hit the town on Monday, officials said."
    der = src + " Three in 10 residents lost power, and 10 roads and 10 bridges closed; 2 in 10 shops shut."
    for name, text in (("a.txt", src), ("b.txt", der)):
        (tmp_path / name).write_text(text)
    out = CliRunner().invoke(main, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                    "--db", str(tmp_path / "x.db")]).output
    assert ": 10 ×4, 2\n" in out and "10, 10" not in out, out  # "numbers removed:" here: the longer text is the source


def test_the_words_between_two_scare_quotes_are_no_quote():
    # dev's Taiwan text: the mark that closes "not back down" opens nothing
    text = ('President Tsai Ing-wen said the island would "not back down" as a furious China geared up for '
            'military drills. Mr Trump called the writer "gutless" and the newspaper "phony" on Twitter.')
    der = text + ' "We will defend our freedom and our democracy," she said.'
    c = compare_articles(Article(id="a", text=text, date="2024-01-01"), Article(id="b", text=der, date="2024-01-02"))
    assert c.edits.quotes == {"kept": [], "changed": [], "dropped": [],
                              "added": ["We will defend our freedom and our democracy,"]}, c.edits.quotes


def test_a_name_shortened_to_its_acronym_is_the_same_subject_and_a_substitution(dev_articles):
    # the Independent's text prints "the UK'S National Health Services", the Daily Mail's "The NHS"
    c = compare_articles(dev_articles["B-s01-a3"], dev_articles["B-s01-a2"])
    assert (c.source, c.derived) == ("B-s01-a3", "B-s01-a2")
    assert ("UK'S National Health Services", "NHS") in {(s.old, s.new) for s in c.edits.substitutions}
    assert not any("200mg of caffeine" in x for x in c.edits.removed + c.edits.added)
    # another body's acronym is not the name shortened: the wording is a template filled twice
    said = "says pregnant women should have no more than 200mg of caffeine a day, and not more."
    ours = prepare(f"The National Health Service's chief Amanda Pritchard {said}")
    assert align(ours, prepare(f"The FDA's chief Robert Califf {said}")).links == []
    assert len(align(ours, prepare(f"The NHS's chief Amanda Pritchard {said}")).links) == 1
    assert len(align(ours, prepare(f"The NHS's chief {said}")).links) == 1


def test_a_handle_in_an_embedded_tweet_is_no_term_substitution():
    src = ("Governor-elect Ron DeSantis thanked the voters of Florida on Saturday night in Tallahassee. "
           "The hard-fought campaign was over and the state would come together, Mr DeSantis wrote.")
    der = ("Governor-elect Ron DeSantis thanked the voters of Florida on Saturday night in Tallahassee. "
           "The hard-fought campaign was over and the state would come together, @RonDeSantisFL wrote.")
    c = compare_articles(Article(id="a", text=src, date="2018-11-17"), Article(id="b", text=der, date="2018-11-18"))
    assert len(c.alignment.links) == 2
    assert c.edits.substitutions == []


def test_only_a_term_swapped_is_a_substitution_not_a_word_moved_respelled_inflected_or_cut_off():
    src = ("China's civilian airship was shot down by the defense forces of the U.S. over the ocean on Saturday.\n\n"
           "The militants fired at the convoy near the border crossing, the governor of the province said.\n\n"
           "Residents of the valley fear more floods after the heavy rain of the past week, the mayor told reporters.\n\n"
           "The ministry will safeguard the rights of the company, it added.")
    der = ("A civilian airship from China was shot down by the defence forces of the US over the ocean on Saturday.\n\n"
           "The terrorists fired at the convoy near the border crossing, the governor of the province claimed.\n\n"
           "Residents of the valley feared more floods after the heavy rain of the past week, the mayor told reporters.\n\n"
           "The ministry will safeguard the rights of the company, it ad")
    c = compare_articles(Article(id="a", text=src, date="2024-01-01"), Article(id="b", text=der, date="2024-01-02"))
    assert len(c.alignment.links) == 4
    subs = {(s.old, s.new) for s in c.edits.substitutions}
    # "China's" moved behind the noun, "defense" and "U.S." respelled, "fear" inflected, "added" cut off with the text
    assert subs == {("militants", "terrorists"), ("said", "claimed")}, subs
    # a person's courtesy title for their given name is one person styled two ways
    said = "The plan will help the families of the soldiers who serve abroad,"
    c = compare_articles(Article(id="a", text=f"{said} said Mr. Berry of the institute.\n\n{src}"),
                         Article(id="b", text=f"{said} Michael Berry of the institute said.\n\n{der}"))
    assert len(c.alignment.links) == 5
    assert {(s.old, s.new) for s in c.edits.substitutions} == subs
    # so is a word and its abbreviation ("Sen." for "senator"); an acronym is a name of its own
    said = "The plan will help the families of the soldiers who serve abroad, said the {} from Ohio."
    c = compare_articles(Article(id="a", text=f"{said.format('Sen.')}\n\n{src}"),
                         Article(id="b", text=f"{said.format('senator')}\n\n{der}"))
    assert len(c.alignment.links) == 5
    assert {(s.old, s.new) for s in c.edits.substitutions} == subs


def test_a_changed_figure_is_named_whole_and_one_written_another_way_is_no_change():
    src = ("The company agreed on April 1, 2022 to pay the sellers in cash, the filing said on Monday.\n\n"
           "The firm paid $44 billion for the rival, the filing of the company said.")
    der = ("The company agreed on April 2, 2022 to pay the sellers in cash, the filing said on Monday.\n\n"
           "The firm paid $43 billion for the rival, the filing of the company said.")
    c = compare_articles(Article(id="a", text=src), Article(id="b", text=der))
    assert c.edits.numbers["changed"] == [{"source": "April 1, 2022", "derived": "April 2, 2022"},
                                          {"source": "$44 billion", "derived": "$43 billion"}], c.edits.numbers
    assert c.edits.numbers["removed"] == c.edits.numbers["added"] == []
    # one figure written another way is no change
    share = "of the shareholders voted for the offer at the meeting in the city hall, the company said."
    c = compare_articles(Article(id="a", text=f"{src}\n\nSome 38% {share}"),
                         Article(id="b", text=f"{der}\n\nSome 38 per cent {share}"))
    assert len(c.edits.numbers["changed"]) == 2, c.edits.numbers
    assert c.edits.numbers["removed"] == c.edits.numbers["added"] == []
    # nor is a time as AP and as the Guardian write it
    asked = "When asked by another senator how he was feeling just before {}, the senator said he was fine."
    c = compare_articles(Article(id="a", text=f"{src}\n\n{asked.format('7:30 p.m.')}"),
                         Article(id="b", text=f"{src}\n\n{asked.format('7.30pm')}"))
    assert c.edits.numbers == {"changed": [], "removed": [], "added": []}, c.edits.numbers
    c = compare_articles(Article(id="a", text=f"{src}\n\n{asked.format('07:30')}"),
                         Article(id="b", text=f"{src}\n\n{asked.format('7:30')}"))
    assert c.edits.numbers == {"changed": [], "removed": [], "added": []}, c.edits.numbers


def test_a_figure_in_words_or_a_date_in_another_order_is_the_same_figure():
    """A rewrite that writes a date the British way, a share or a sum in words (`half` for 50%), or a small number
    in words keeps those figures: none is changed, removed or added. A date with its year added
    is the same date; a figure only in words on one side is still stated (and so listed)."""
    tail = "as demand for its new phones grew across Europe and Asia, the company said in a statement."
    src = (f"On April 1, 2022 the company said sales rose 9% in the quarter {tail}\n\n"
           "It said profit doubled to two billion dollars in the year to March.\n\n"
           "2 people were hurt at the plant in Leeds on May 3 and 50% of its staff stayed home, the company said.")
    der = (f"On 1 April 2022 the company said sales rose nearly nine per cent in the quarter {tail}\n\n"
           "It said profit doubled to $2 billion in the year to March.\n\n"
           "Two people were hurt at the plant in Leeds on May 3, 2022 and half its staff stayed home, the company said, "
           "and forty percent of staff were sent home.")
    c = compare_articles(Article(id="a", text=src, date="2022-05-03"), Article(id="b", text=der, date="2022-05-04"))
    assert c.source == "a" and c.edits.numbers == {"changed": [], "removed": [], "added": ["forty percent"]}, c.edits.numbers
    # another day is another date, year or not
    c = compare_articles(Article(id="a", text=src), Article(id="b", text=src.replace("May 3 and", "May 4, 2022 and")))
    assert c.edits.numbers["changed"] == [{"source": "May 3", "derived": "May 4, 2022"}], c.edits.numbers


def test_sentences_said_again_in_other_words_are_reworded_not_removed_and_added(dev_articles):
    """Dev's NHS advice, two sentences in B-s01-a5 merged into one in other words by B-s01-a6: the
    alignment leaves both out (too few words in order), and the explanation shows them side by
    side as reworded; a sentence on another point stays removed."""
    c = compare_articles(dev_articles["B-s01-a5"], dev_articles["B-s01-a6"])
    assert c.source == "B-s01-a5", c.evidence
    nhs = [r for r in c.edits.reworded if "The NHS advises" in r["source"]]
    assert len(nhs) == 1 and "The reason for this is" in nhs[0]["source"], c.edits.reworded
    assert nhs[0]["derived"].startswith("NHS recommendations for a pregnant woman"), nhs
    assert not any("NHS" in x for x in c.edits.removed + c.edits.added), (c.edits.removed, c.edits.added)
    # made for the point: one sentence reworded, one dropped
    kept = "The council approved the new budget for the city schools on Tuesday evening after a long debate."
    src = (f"{kept} Teachers will receive a pay rise of three percent from next spring, officials said. "
           "The mayor also opened a new bridge over the river in the northern district.")
    der = f"{kept} From next spring, officials said, the teachers are to get a three percent rise in their pay."
    c = compare_articles(Article(id="a", text=src, date="2024-01-01"), Article(id="b", text=der, date="2024-01-02"))
    assert c.edits.reworded == [{"source": "Teachers will receive a pay rise of three percent from next spring, officials said.",
                                 "derived": der[len(kept) + 1:]}], c.edits.reworded
    assert c.edits.removed == ["The mayor also opened a new bridge over the river in the northern district."]
    assert c.edits.added == []


def test_a_sentence_cut_short_is_shown_beside_its_whole_not_removed_and_added():
    """AllSides' asylum story: a copy stops the sentence at its first clause, whose other clause
    names the ACLU; too short a piece for the alignment, the explanation pairs the two."""
    whole = ("The policy is almost certain to face a legal challenge, and shortly after the new rule was "
             "announced, the American Civil Liberties Union said it intends to sue.")
    cut = "The policy is almost certain to face a legal challenge."
    kept = "The administration announced the new asylum rule on Monday in Washington."
    c = compare_articles(Article(id="a", text=f"{kept} {whole}", date="2024-01-01"),
                         Article(id="b", text=f"{kept} {cut}", date="2024-01-02"))
    assert c.edits.reworded == [{"source": whole, "derived": cut}], c.edits.reworded
    assert c.edits.removed == [] and c.edits.added == [], (c.edits.removed, c.edits.added)
    # a sentence that only starts alike is no cut ("The policy is" and five words more differ)
    other = "The policy is a matter for the courts now."
    c = compare_articles(Article(id="a", text=f"{kept} {whole}", date="2024-01-01"),
                         Article(id="b", text=f"{kept} {other}", date="2024-01-02"))
    assert c.edits.reworded == [] and c.edits.added == [other], (c.edits.reworded, c.edits.added)


def test_a_reused_paragraph_is_partial_reuse_in_compare_as_in_the_lineage():
    """A whole paragraph of another text's prose, however small a share of a long text, is what
    puts the text in its source's lineage; compare must call the pair what trace does."""
    from newstrace.pipeline import analyze

    paragraph = " ".join(SOURCE)  # six sentences, some 90 words of the reporter's prose
    topics = ["railway", "library", "school", "hospital", "museum", "stadium", "bridge", "market",
              "airport", "theatre", "park", "factory", "harbour office", "fire station", "zoo", "bakery"]
    own = [f"The {t} in district {n} reported {n + 3} new visitors and a {t} committee meeting on day {n}."
           for n, t in enumerate(topics * 5)]
    weather = ["rain", "snow", "fog", "wind", "frost", "hail", "heat", "storms"]
    other = [f"Forecasters expect {w} over the {t} in week {n}, with {n + 7} millimetres recorded at the gauge."
             for n, (w, t) in enumerate(zip(weather * 10, reversed(topics * 5), strict=True))]
    src = Article(id="src", text=" ".join(other[:30]) + " " + paragraph + " " + " ".join(other[30:]),
                  date="2024-01-01")
    der = Article(id="der", text=" ".join(own[:40]) + " " + paragraph + " " + " ".join(own[40:]), date="2024-01-05")
    c = compare_articles(src, der)
    aln = c.alignment
    assert max(aln.a_coverage, aln.b_coverage) < 0.12 and aln.shared_prose_tokens >= 45, aln
    assert c.relation == "partial" and c.source == "src", c.relation
    row = {x.id: x for x in analyze([src, der]).lineages}["der"]
    assert row.relation == "partial" and row.derived_from == "src"


def test_a_page_of_capitalised_words_is_read_for_credits_in_one_pass():
    """A name was sought from every capitalised word to the end of its run, so a page of
    capitalised words with one "reported" took hours (quadratic); a name is now at most a few
    words. Run in a child process so that a hang fails the test instead of stalling the suite."""
    import subprocess
    import sys

    code = ("from newstrace.align import find_attributions; "
            "print([n for n, _ in find_attributions('Abc ' * 100000 + 'x reported. Reuters reported.')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "'Reuters'" in done.stdout, done.stderr


def test_a_credit_line_repeated_thousands_of_times_is_judged_once():
    """What the whole text says of a name (a person's, given a first name elsewhere? an outlet's
    name printed elsewhere?) was read again for every line naming it: a page repeating "He told
    Sean Hannity." 20,000 times took minutes (quadratic). Child process, as above."""
    import subprocess
    import sys

    code = ("from newstrace.align import find_attributions as f; "
            "print(f('He told Sean Hannity. ' * 20000), [n for n, _ in f('Reuters and AP reported. ' * 20000)])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[] ['Reuters', 'AP']", done.stderr


def test_an_unpunctuated_page_is_explained_without_a_quadratic_diff():
    """A page with no sentence breaks is one "sentence" of thousands of words; difflib's matcher
    took 37 s on 50,000 of them (quadratic). Long sentences are now diffed by their longest
    common subsequence. Run in a child process so that a hang fails the test."""
    import subprocess
    import sys

    code = ("import random; from newstrace.lineage.relation import compare_articles; "
            "from newstrace.model import Article; random.seed(1); "
            "a = [f'w{random.randrange(3000)}' for _ in range(60000)]; "
            "b = [w if i % 50 else 'changed' for i, w in enumerate(a)]; "
            "c = compare_articles(Article(id='a', text=' '.join(a)), Article(id='b', text=' '.join(b))); "
            "print(c.relation, [(s.old, s.new) for s in c.edits.substitutions])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=45)
    assert done.returncode == 0, done.stderr
    relation, subs = done.stdout.split(" ", 1)
    assert relation == "copy" and "'changed')" in subs, done.stdout


def test_one_outlets_furniture_at_the_foot_of_its_pages_is_not_reuse():
    """Two pages of one outlet that share only their last sentences (an author's bio, a newsletter
    promo) are not one derived from the other; the same sentences in the body are a reuse."""
    bio = ["Jane Roe is a senior fellow at the Harbour Institute and a columnist for the Kalmar Post.",
           "She is the author of the bestselling book The Tides of Commerce, published last spring.",
           "Her weekly column on trade and shipping appears in the Kalmar Post every Saturday morning."]
    topics = ["railway", "library", "school", "hospital", "museum", "stadium", "bridge", "market",
              "airport", "theatre", "park", "factory", "bakery", "zoo", "tunnel", "ferry"]
    col_a = [f"The {t} budget for district {n} grew by {n + 4} percent after the vote on the {t} plan." for n, t in
             enumerate(topics)]
    col_b = [f"Residents of ward {n} argued for {n + 9} hours about the future of the old {t} site." for n, t in
             enumerate(reversed(topics))]

    def page(id_: str, body: list[str], outlet: str) -> Article:
        return Article(id=id_, text="\n\n".join(body + bio), outlet=outlet, date="2024-01-0" + id_[-1])

    c = compare_articles(page("a1", col_a, "Kalmar Post"), page("a2", col_b, "Kalmar Post"))
    assert c.relation == "independent" and any("furniture" in e for e in c.evidence), (c.relation, c.evidence)
    # both pages print it: it is neither removed nor added, and the side-by-side view says what it is
    assert not set(bio) & set(c.edits.removed + c.edits.added), c.edits.removed
    rows = side_by_side(prepare(page("a1", col_a, "").text), prepare(page("a2", col_b, "").text), c.alignment, c.set_aside)
    assert ["".join(x.text for x in r.derived) for r in rows if r.kind == "furniture"] == bio
    # the same bio on another outlet's page is a passage taken from the first
    assert compare_articles(page("a1", col_a, "Kalmar Post"), page("a3", col_b, "Baltic Herald")).relation != "independent"
    # and one outlet's pages sharing it in the body reuse it
    inside = Article(id="a4", text="\n\n".join(col_b[:8] + bio + col_b[8:]), outlet="Kalmar Post", date="2024-01-04")
    assert compare_articles(page("a1", col_a, "Kalmar Post"), inside).relation != "independent"


def test_a_short_pages_foot_is_furniture_only_when_it_is_all_two_pages_of_one_outlet_share():
    """Breitbart's pages of twelve sentences end with their author's bio, as its longer pages
    do: two that share only it are not one derived from the other. But two copies of one short
    text share their last sentences too, and a short page may share a paragraph besides the bio."""
    bio = ["Jane Roe is a senior fellow at the Harbour Institute and a columnist for the Kalmar Post.",
           "She is the author of the bestselling book The Tides of Commerce, published last spring.",
           "Follow her on Twitter at @janeroe for her weekly notes on trade and shipping."]
    topics = ["railway", "library", "school", "hospital", "museum", "stadium", "bridge", "market"]
    col_a = [f"The {t} budget for district {n} grew by {n + 4} percent after the vote on the {t} plan." for n, t in
             enumerate(topics)]
    col_b = [f"Residents of ward {n} argued for {n + 9} hours about the future of the old {t} site." for n, t in
             enumerate(reversed(topics))]

    def page(id_: str, body: list[str], outlet: str = "Kalmar Post") -> Article:
        return Article(id=id_, text="\n\n".join(body + bio), outlet=outlet, date="2024-01-0" + id_[-1])

    c = compare_articles(page("a1", col_a), page("a2", col_b[:5]))
    assert c.relation == "independent" and any("furniture" in e for e in c.evidence), (c.relation, c.evidence)
    assert compare_articles(page("a1", col_a), page("a2", col_a)).relation == "copy"  # a short text printed twice
    brief = "\n\n".join(col_a[:2] + bio[:2])  # four sentences, every one in its last five
    assert compare_articles(Article("b1", brief, outlet="Kalmar Post", date="2024-01-01"),
                            Article("b2", brief, outlet="Kalmar Post", date="2024-01-02")).relation == "copy"
    shared = page("a3", col_b[:4] + col_a[2:3])  # one of the other's sentences besides the bio
    assert not any("furniture" in e for e in compare_articles(page("a1", col_a), shared).evidence)
    assert compare_articles(page("a1", col_a), page("a4", col_b, "Baltic Herald")).relation != "independent"

def test_the_page_around_an_article_is_no_part_of_its_story():
    """Politico's pages print its newsletter sign-up inside the story, whatever the story: two
    stories that share only that are independent, and it is neither removed nor added."""
    promo = ["Story Continued Below",
             "Morning Energy newsletter The source for energy and environment news — weekday mornings, in your inbox.",
             "Email Sign Up By signing up you agree to receive email newsletters or alerts from POLITICO.",
             "You can unsubscribe at any time.",
             "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply."]
    one = Article(id="p1", text="\n\n".join(SOURCE[:3] + promo + SOURCE[3:]), outlet="Politico", date="2017-04-28")
    own = ["Interior's deputy secretary David Bernhardt is set to run the department after Ryan Zinke leaves.",
           "Environmental groups said his years as an oil industry lobbyist made him too conflicted for the job."]
    other = Article(id="p2", text="\n\n".join(own + promo), outlet="Politico", date="2018-12-15")
    c = compare_articles(one, other)
    assert c.relation == "independent" and not c.alignment.links, c.alignment.passages
    assert not set(promo) & set(c.edits.removed + c.edits.added), c.edits.added
    # the side-by-side view shows it as the page's, greyed, on each side
    rows = side_by_side(prepare(one.text), prepare(other.text), c.alignment, c.set_aside)
    page = [r for r in rows if r.kind == "page"]
    assert [s.text for r in page for s in r.source] == promo and [s.text for r in page for s in r.derived] == promo
    # a passage running past such a line does not show it
    page = "\n\n".join(SOURCE[:3] + promo[:1] + SOURCE[3:])
    first, copy = (Article(id=f"p{n}", text=page, outlet="Politico", date=f"2017-04-2{n}") for n in (3, 4))
    passages = compare_articles(first, copy).alignment.passages
    assert len(passages) == 1 and "Story Continued" not in passages[0].a_text + passages[0].b_text, passages
    # nor a contact line; "sign up" in a story is the story's
    for line, furniture in (("Write to Ken Thomas at ken.thomas@wsj.com", True),
                            ("Email FoxNewsFirst@FOXNEWS.COM with your tips", True),
                            ("Hide Caption 3 of 40 Photos: Reactions to the Paris attack", True),
                            ("Photos: Donald Trump's rise Photos: Donald Trump's rise President-elect Donald Trump", True),
                            ("JUST WATCHED Will Trump and Ryan see eye-to-eye? Replay More Videos ...", True),
                            ("RELATED: Obama’s Nuclear Deal with Iran: Worse Than We Could Have Imagined", True),
                            ("(RELATED: ICE Scaling Back Enforcement Operations Amid Coronavirus Pandemic)", True),
                            ("More On This...", True),
                            ("Copyright © 2020 The Washington Times, LLC.", True),
                            ("© 2019 Creators.com", True),
                            ("COPYRIGHT 2019 CREATORS.COM", True),
                            ("Copyright law protects the work of the writers.", False),
                            ("Related coverage of the summit ran on Monday.", False),
                            ("The group has held drives to sign up voters across the state.", False),
                            ("Follow @cstirewalt on Twitter for the latest.", False)):
        assert prepare(line).sentences[0].page_furniture is furniture, line


def _reuters21578(*ids: str) -> list[Article]:
    from newstrace.ingest.read import read_file

    from .conftest import REUTERS21578, need

    wanted = {f"reuters21578-{i}" for i in ids}
    found = {a.id: a for a in read_file(need(REUTERS21578))
             if isinstance(a, Article) and a.id in wanted}
    return [found[f"reuters21578-{i}"] for i in ids]


def test_one_template_filled_twice_is_not_a_reuse():
    """Two Reuters eurobond notices of one day in the same words, for other issuers at other
    rates: most of each aligns with the other, but no figure or name is taken from it."""
    gasunie, victoria = _reuters21578("905", "1163")
    assert align(prepare(victoria.text), prepare(gasunie.text)).b_coverage >= 0.5  # the wording is shared
    c = compare_articles(victoria, gasunie)
    assert c.relation == "independent" and any("template" in e for e in c.evidence), (c.relation, c.evidence)
    # the template's sentences are in both, with other figures: not removed and added
    assert len(c.edits.removed) < len(prepare(victoria.text).sentences) / 2, c.edits.removed
    # and the side-by-side view shows them as the template, beside each other, not as removed or added rows
    source, derived = (victoria, gasunie) if c.source == victoria.id else (gasunie, victoria)
    rows = side_by_side(prepare(source.text), prepare(derived.text), c.alignment, c.set_aside)
    template = [r for r in rows if r.kind == "template"]
    assert len(template) == len(c.set_aside) >= 3, [r.kind for r in rows]
    shown = {"".join(x.text for x in r.source) for r in rows if r.kind in ("removed", "pair", "reworded")}
    assert not shown & {c.alignment.a_sentences[x.a] for x in c.set_aside}, shown
    assert [x["why"] for x in c.to_dict()["set_aside"]] == ["template"] * len(c.set_aside)


def test_a_wire_update_with_new_figures_is_a_reuse_and_next_weeks_report_is_not():
    """A story re-run the same day with a higher toll keeps its names: a version of one text. The
    same wording with other figures a week later, or about another place, is another report."""
    first = [
        "At least 12 people were killed and 40 injured when a ferry capsized near Kalmar on Monday, police said.",
        "The ferry Baltic Star was carrying 230 passengers from Kalmar to the island of Oland.",
        "Coast guard chief Erik Holm said 35 boats were searching the strait in strong winds.",
        "Governor Anna Lindqvist said the 18 crew members had been questioned by investigators.",
    ]
    update = [s.replace("12 people", "19 people").replace("40 injured", "57 injured")
              .replace("35 boats", "48 boats").replace("18 crew", "21 crew") for s in first]
    elsewhere = [s.replace("Kalmar", "Visby").replace("Baltic Star", "Gotland Wind").replace("Oland", "Faro")
                 .replace("Erik Holm", "Lars Berg").replace("Anna Lindqvist", "Karin Ek") for s in update]
    assert compare_articles(_article("a", first, "2024-03-04"), _article("b", update, "2024-03-04")).relation != "independent"
    assert compare_articles(_article("a", first, "2024-03-04"), _article("b", update)).relation != "independent"
    c = compare_articles(_article("a", first, "2024-03-04"), _article("b", update, "2024-03-11"))
    assert c.relation == "independent" and any("template" in e for e in c.evidence), (c.relation, c.evidence)
    assert compare_articles(_article("a", first, "2024-03-04"), _article("b", elsewhere, "2024-03-04")).relation == "independent"


def test_a_translation_compared_is_said_to_be_out_of_reach_not_just_independent(dev_articles):
    """`compare` reads wording: an Arabic translation of a Reuters text shares none of it. The
    result says the languages differ, by the data's `lang` or else by the script, so the user
    does not read "independent" as "not derived"."""
    from newstrace.normalize import writing_system

    gap = "different languages (ar and en)"
    c = compare_articles(dev_articles["S-s00-slaati"], dev_articles["S-s00-reutersblog"])
    assert c.relation == "independent" and any(gap in e for e in c.evidence), c.evidence
    # no language stated: the script tells
    ru = Article("ru", "Российские самолёты уничтожили колонну боевиков у Дейр-эз-Зора, сообщило министерство.")
    en = Article("en", "Russian jets destroyed a column of fighters near Deir ez-Zor, the ministry said on Monday.")
    assert writing_system(ru.text) == "CYRILLIC" and writing_system("12, 13.") is None
    assert any("(Cyrillic and Latin script)" in e for e in compare_articles(ru, en).evidence)
    # one language, nothing shared: independent, and nothing said of languages
    other = Article("en2", "The harbour reopened on Friday after the storm, and ferries resumed their crossings.")
    assert not any("languages" in e for e in compare_articles(en, other).evidence)
