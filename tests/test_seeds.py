"""The case the project started from: RT's story and Iran Daily's rewrite of it."""

import json

import pytest

import newstrace
from newstrace.ingest.read import read_file
from tests.conftest import IRAN_DAILY, RT


@pytest.fixture(scope="module")
def result() -> newstrace.Comparison:
    # given in the "wrong" order: the direction must come from the texts
    return newstrace.compare(str(IRAN_DAILY), str(RT))


def test_seed_files_read_with_their_metadata():
    rt = next(read_file(RT))
    iran = next(read_file(IRAN_DAILY))
    assert rt.title == "Russian air force destroys 200+ ISIS terrorists heading for Deir ez-Zor, Syria - MoD"
    assert rt.url == "https://www.rt.com/news/400335-isis-reinforcements-deir-ezzor-destroyed/"
    assert rt.outlet == "rt.com"
    assert rt.date is None  # the page states no date
    assert "Source:" not in rt.text and "Disclaimer" not in rt.text and not rt.text.startswith("#")
    assert iran.date == "2017-08-21"
    assert iran.title is None and iran.url is None
    assert iran.text.startswith("The Russian Air Force killed")


def test_iran_daily_is_a_rewrite_of_rt(result):
    assert result.relation == "rewrite"
    assert result.source == str(RT)
    assert result.derived == str(IRAN_DAILY)
    assert any("credits 'RT'" in e for e in result.evidence)


def test_substitutions_come_from_the_alignment(result):
    subs = {(s.old, s.new): s.count for s in result.edits.substitutions}
    assert subs[("IS", "Daesh")] >= 3
    assert subs[("ISIS", "Daesh")] >= 1
    assert subs[("Deir ez-Zor", "Deir Ezzor")] >= 5
    assert subs[("militants", "terrorists")] >= 1


def test_attribution_quote_and_paragraph(result):
    assert result.edits.attribution["added"] == ["RT reported"]
    assert result.edits.attribution["removed"] == []
    assert any(s.startswith("“The Russian Air Force destroyed another large column") for s in result.edits.removed)
    assert any("another large column of ISIS fighters" in q for q in result.edits.quotes["dropped"])
    # its words are all in Iran Daily's text, in order, but far apart: the quote itself is gone
    assert "heavy vehicles with ammunition." in result.edits.quotes["dropped"], result.edits.quotes
    # the ministry's words, altered inside the quotation marks
    changed = {q["source"]: q["derived"] for q in result.edits.quotes["changed"]}
    assert changed["The defeat of ISIS in the Deir ez-Zor region will be a strategic defeat for the international "
                   "terrorist group in the Syrian Arab Republic,"].startswith("The defeat of Daesh in the Deir Ezzor region")
    assert any("125,000 civilians" in s for s in result.edits.added)
    assert "125,000" in result.edits.numbers["added"]


def test_json_shape(result):
    d = json.loads(json.dumps(result.to_dict()))
    for key in ("relation", "score", "source", "derived", "evidence", "alignment", "substitutions",
                "removed", "added", "numbers", "attribution"):
        assert key in d
    assert d["alignment"][0]["source_text"] and d["alignment"][0]["derived_text"]


def test_tasnim_independent_report_is_not_a_rewrite(dev):
    arts = {a.id: a for a in read_file(dev / "articles.jsonl")}
    c = newstrace.compare(arts["S-s00-rt"], arts["S-s00-tasnim"])
    assert c.relation == "independent"
    c = newstrace.compare(arts["S-s00-rt"], arts["S-s00-ftribune"])
    assert c.relation == "copy" and c.source == "S-s00-rt"
