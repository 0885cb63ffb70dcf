from newstrace.normalize import AliasTable, prepare, split_sentences, tokenize

from .conftest import IRAN_DAILY, RT


def keys(text, aliases=None):
    return [t.key for t in tokenize(text, aliases or AliasTable.default())]


def test_name_variants_share_one_key():
    k = keys("Daesh and ISIS and ISIL and the Islamic State in Deir ez-Zor, Deir Ezzor, Deir al-Zor")
    assert k.count("islamic_state") == 4
    assert k.count("deir_ezzor") == 3


def test_acronyms_match_only_in_capitals():
    assert "islamic_state" in keys("IS fighters")
    assert "islamic_state" not in keys("it is what it is")
    assert "united_state" in keys("the U.S. said")
    assert "united_state" not in keys("tell us")


def test_user_alias_file_extends_the_default(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("Ukrainian Armed Forces | AFU | ZSU\n", encoding="utf-8")
    table = AliasTable.load(f)
    assert keys("the AFU said", table) == keys("the ZSU said", table)
    assert "islamic_state" in keys("Daesh", table)  # the defaults are still there


def test_numbers_and_plurals_normalise():
    assert keys("125,000 militants") == keys("125000 militant")
    assert keys("two vehicles") == keys("2 vehicle")


def test_a_date_or_a_sum_is_one_figure():
    from newstrace.normalize.keys import figures

    text = ("On April 1, 2022 (date 2017-08-21) Musk secured $25.5 billion, a 38 per cent premium; "
            "125,000 people; the COVID-19 rules and 5G masts are names, not figures.")
    assert [s for _, s in figures(text)] == ["April 1, 2022", "2017-08-21", "$25.5 billion", "38 per cent", "125,000"]
    assert dict(figures("125000 and 38%")) == {"125000": "125000", "38%": "38%"}  # the keys of the same figures


def test_sentences_and_quotes():
    doc = prepare('He said: "We will win. We are strong." Then Mr. Smith left.\n\nNew paragraph here.')
    texts = [s.text for s in doc.sentences]
    assert texts == ['He said: "We will win.', 'We are strong."', "Then Mr. Smith left.", "New paragraph here."]
    assert doc.sentences[1].quote_share == 1.0
    assert doc.sentences[2].quote_share == 0.0


def test_a_title_in_the_plural_a_rank_or_a_time_of_day_ends_no_sentence():
    text = "Sens. John McCain and Lindsey Graham spoke. Reps. Peter King and Adm. Mike Mullen agreed. So did Rev. Al Sharpton."
    assert [s for _, s in split_sentences(text)] == [
        "Sens. John McCain and Lindsey Graham spoke.", "Reps. Peter King and Adm. Mike Mullen agreed.",
        "So did Rev. Al Sharpton."]
    # nor does a time before its zone or its day; a time at the end of a sentence ends it
    text = "The hearing starts at 10 a.m. Wednesday. It airs at 9 p.m. ET on Fox. He left at 9 a.m. The car was gone."
    assert [s for _, s in split_sentences(text)] == [
        "The hearing starts at 10 a.m. Wednesday.", "It airs at 9 p.m. ET on Fox.", "He left at 9 a.m.", "The car was gone."]
    # nor does a case's "v." or a list item's number
    text = "The court overturned Roe v. Wade on Friday. 2. The ruling stands. It cost $2. The rest was paid."
    assert [s for _, s in split_sentences(text)] == [
        "The court overturned Roe v. Wade on Friday.", "2. The ruling stands.", "It cost $2.", "The rest was paid."]


def test_hard_wrapped_lines_are_joined():
    parts = split_sentences("Inheritance is a basic\nconcept of programming.\nIt helps.")
    assert [s for _, s in parts] == ["Inheritance is a basic concept of programming.", "It helps."]


def test_a_share_is_one_word_however_it_is_written():
    keys = [t.key for t in tokenize("from 20% to 90 percent, a 12-per cent rise, 3.5 Per Cent, 40 percentage points")]
    assert keys == ["from", "20%", "to", "90%", "a", "12%", "rise", "3.5%", "40", "percentage", "point"], keys
    # so a sentence that writes its shares in words aligns with one that writes them with signs
    from newstrace.align import align
    signs = "That means going from 20% to 90% is a relatively quicker process, something that worries experts."
    words = "That means going from 20 percent to 90 percent is a relatively quick process -- something that worries experts."
    assert len(align(prepare(signs), prepare(words)).links) == 1


def test_a_time_of_day_is_one_word_however_it_is_written():
    """AP's "7:30 p.m." and the Guardian's "7.30pm" are one time; "07:30" too. A score or a verse
    with one digit after its colon is two numbers, as before."""
    assert [t.key for t in tokenize("at 7:30 p.m.")] == ["at", "7.30", "pm"]
    assert [t.key for t in tokenize("at 7.30pm")] == ["at", "7.30", "pm"]
    assert [t.key for t in tokenize("at 07:30, 12:45:30")] == ["at", "7.30", "12.45.30"]
    assert [t.key for t in tokenize("it ended 3:1")] == ["it", "ended", "3", "1"]


def test_a_figure_has_one_key_however_it_is_written():
    from newstrace.normalize.keys import figures, numbers_in_words, same_figure
    text = ("On 1 April 2022, April 1, 2022 and 2022-04-01 (Sept. 3rd, March 2020) it sold 125,000 units, "
            "nine per cent more, for two billion dollars ($2 billion); twenty-five people and the two leaders met")
    assert [k for k, _ in figures(text)] == ["2022-04-01", "2022-04-01", "2022-04-01", "--09-03", "2020-03",
                                             "125000", "9%", "$2000000000", "$2000000000"]
    assert numbers_in_words(text) == ["9", "2", "25", "2"]  # a number in words alone is no figure of its own
    # a share in words stands for the same share in signs, not for a sum ("half a million" is one of its own)
    assert numbers_in_words("Half the staff, half a million, a half-hour") == ["50%"]
    assert [k for k, _ in figures("Two hundred tons, $1.6 trillion dollars, 400 pounds")] == ["200", "$1600000000000", "400"]
    assert [k for k, _ in figures("2.5bn, 2.5 billion and 2,500,000,000 (5G)")] == ["2500000000"] * 3
    # a time is one figure, not its hours and minutes: "6:50" changed to "7:10" is one change
    assert [k for k, _ in figures("at 6:50 p.m. (12:30pm), video 01:44, odds of 2:1")] == ["6:50", "12:30", "1:44", "2", "1"]
    # one time however its hour is written, as the word keys read it: no changed figure in compare
    assert [k for k, _ in figures("07:30, 7:30, 7.30pm, 07.30am")] == ["7:30"] * 4
    # British papers write a time with a dot: "2.11am" is 2:11 a.m.; "7.30 percent" is a share
    assert figures("at 2.11am, 7.30 pm and 11.20 a.m.; 7.30 percent, 3.25") == [
        ("2:11", "2.11am"), ("7:30", "7.30 pm"), ("11:20", "11.20 a.m"), ("7.30%", "7.30 percent"), ("3.25", "3.25")]
    assert [k for k, _ in figures("a million people, 1 million people, A billion dollars, half a million, "
                                  "a dozen, a thousand times no, Plan A million")] == [
        "1000000", "1000000", "$1000000000", "500000"]
    # a wire's price in fractions is one figure ("7-1/4 pct" is 7.25%, not a 7 and a 4)
    assert dict(figures("up 7-1/4 pct to 35 3/8 dlrs, 1/2 a point, 5.5 pct, up 1/4.")) == {
        "7.25%": "7-1/4 pct", "35.375": "35 3/8", "0.5": "1/2", "5.5%": "5.5 pct", "0.25": "1/4"}
    # so is a date in digits, month or day first where one of them is over 12; "5/8/2017" is
    # either, and equals only itself; "35/28/34" is no date, and "24/7", "2/3" or "9/11" one figure as written
    assert [k for k, _ in figures("on 8/21/2017, 21/08/17 and August 21, 2017; 5/8/2017, 05/08/17, 35/28/34.")] == [
        "2017-08-21", "2017-08-21", "2017-08-21", "5/8/2017", "5/8/2017", "35/28/34"]
    assert [k for k, _ in figures("open 24/7 since 9/11, a 2/3 majority, 50/50, in 2021/22.")] == [
        "24/7", "9/11", "2/3", "50/50", "2021", "22"]
    assert same_figure("--09-03", "2023-09-03") and not same_figure("2022-09-03", "2023-09-03")
    assert not same_figure("--09-03", "--09-04") and not same_figure("2020-03", "--03-20")


def test_a_name_tooltip_is_not_the_text():
    # The Hill's pages print the latest headlines about a politician after the name; another page
    # of the same week prints the same headlines, whatever its story
    text = ("Sen. John Cornyn John CornynGOP senators balk at lengthy impeachment trial Overnight Health Care: "
            "Trump officials making changes to drug pricing proposal MORE (R-Texas) on Monday set the tone. "
            "Mitch McConnell said the DeVos plan was MORE costly than the iPhone deal. It named Donald Trump "
            "Donald John TrumpGOP senators balk at lengthy impeachment trial MORE Jr. and Paul Manafort "
            "Paul John ManafortJudge orders Manafort to stay MORE’s firm. Sen. Bernie Sanders Bernie "
            "Sanders2020 Democrats make play for veterans' votes MORE (I-Vt.) spoke.")
    assert [s.text for s in prepare(text).sentences] == [
        "Sen. John Cornyn John Cornyn (R-Texas) on Monday set the tone.",
        "Mitch McConnell said the DeVos plan was MORE costly than the iPhone deal.",
        "It named Donald Trump Donald John Trump Jr. and Paul Manafort Paul John Manafort’s firm.",
        "Sen. Bernie Sanders Bernie Sanders (I-Vt.) spoke."]


def test_sentences_a_scraper_glued_together_are_split():
    # paragraphs joined without a space, as dev's AP text prints them (A-s10-a3)
    text = ('looked on aghast from the streets below.The blaze collapsed the spire. '
            'It was "The Hunchback of Notre Dame."The fire started at 6:50 p.m. local time.'
            '“Everything is burning,” he said. Write to Erin.Ailworth@wsj.com or visit Amazon.com today.')
    assert [s for _, s in split_sentences(text)] == [
        "looked on aghast from the streets below.", "The blaze collapsed the spire.",
        'It was "The Hunchback of Notre Dame."', "The fire started at 6:50 p.m. local time.",
        "“Everything is burning,” he said.", "Write to Erin.Ailworth@wsj.com or visit Amazon.com today."]
    assert "below" in prepare("the streets below.The blaze").sentences[0].keys


def test_document_keys_are_the_keys_of_the_prepared_document():
    from newstrace.api import load_article
    from newstrace.normalize import document_keys

    aliases = AliasTable.default()
    for path in (RT, IRAN_DAILY):
        text = load_article(path).text
        assert document_keys(text, aliases) == prepare(text, aliases).keys


def test_a_bad_alias_file_is_named_with_its_line(tmp_path):
    from click.testing import CliRunner

    from newstrace.cli import main
    from tests.conftest import IRAN_DAILY, RT

    (tmp_path / "a.txt").write_text("Kyiv | Kiev\n|\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(bytes(range(128, 256)))
    for name, message in [("a.txt", "a.txt:2: a group starts with its canonical name"),
                          ("b.txt", "b.txt: not an alias file (not UTF-8 text)")]:
        r = CliRunner().invoke(main, ["compare", "--aliases", str(tmp_path / name), str(RT), str(IRAN_DAILY)])
        assert r.exit_code == 1 and message in r.output, r.output


def test_a_run_of_initials_is_split_in_one_pass():
    """Each boundary after an initial ("F.") looked back over the whole run of skipped ones, so a
    page of 50,000 initials took 93 s to split (quadratic). Run in a child process so that a hang
    fails the test instead of stalling the suite."""
    import subprocess
    import sys

    code = ("from newstrace.normalize import prepare; "
            "d = prepare('A. ' * 100000 + 'The end came. John F. Kennedy spoke.'); "
            "print([s.text for s in d.sentences][-1])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "John F. Kennedy spoke.", done.stderr
