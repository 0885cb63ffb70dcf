"""Exports of an analysed store: article tables and reuse graphs, read back with the tools users
would open them with (csv, json, networkx)."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from newstrace import Corpus
from newstrace.cli import main
from newstrace.export import ARTICLE_FIELDS, outlet_edges
from newstrace.model import Article
from tests.conftest import IRAN_DAILY, RT, SEEDS


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "s.db"
    with Corpus(db) as c:
        c.ingest([SEEDS])
        c.analyze(workers=1)
    return str(db)


def test_articles_as_jsonl_and_csv(store):
    run = CliRunner().invoke
    r = run(main, ["export", "articles", "--db", store])
    assert r.exit_code == 0, r.output
    rows = {d["id"]: d for d in map(json.loads, r.output.splitlines())}
    iran, rt = rows[IRAN_DAILY.stem], rows[RT.stem]
    assert set(iran) == set(ARTICLE_FIELDS)
    assert (iran["relation"], iran["derived_from"], iran["attribution"]) == ("rewrite", RT.stem, True)
    assert iran["date"] == "2017-08-21" and rt["outlet"] == "rt.com" and rt["url"].startswith("https://www.rt.com/")
    r = run(main, ["export", "articles", "--format", "csv", "--db", store])
    table = list(csv.DictReader(io.StringIO(r.output)))
    assert [t["id"] for t in table] == list(rows) and table[0].keys() == set(ARTICLE_FIELDS)


def test_derivations_say_what_each_derived_text_changed(store):
    r = CliRunner().invoke(main, ["export", "derivations", "--db", store])
    assert r.exit_code == 0, r.output
    (row,) = [json.loads(line) for line in r.output.splitlines() if line.startswith("{")]
    assert (row["id"], row["derived_from"], row["relation"]) == (IRAN_DAILY.stem, RT.stem, "rewrite")
    c = row["comparison"]
    assert (c["source"], c["derived"]) == (RT.stem, IRAN_DAILY.stem) and c["alignment"]
    assert {(s["old"], s["new"]) for s in c["substitutions"]} >= {("ISIS", "Daesh"), ("militants", "terrorists")}
    assert "RT reported" in c["attribution"]["added"]


def test_graphs_read_back(store, tmp_path):
    run = CliRunner().invoke
    out = tmp_path / "articles.graphml"
    r = run(main, ["export", "graph", "--db", store, "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out)
    assert g.edges[RT.stem, IRAN_DAILY.stem]["relation"] == "rewrite"
    assert g.nodes[RT.stem]["outlet"] == "rt.com"
    out = tmp_path / "outlets.gexf"
    assert run(main, ["export", "graph", "--level", "outlets", "--format", "gexf", "--db", store,
                      "--out", str(out)]).exit_code == 0
    edges = list(nx.read_gexf(out).edges(data=True))
    # the Iran Daily file has no outlet in its data: the network says so instead of inventing one
    assert [(u, v, d["weight"], d["attributed_share"]) for u, v, d in edges] == [("rt.com", "?", 1.0, 1.0)]
    r = run(main, ["export", "graph", "--level", "outlets", "--format", "json", "--db", store])
    data = json.loads(r.output)
    assert data["directed"] and [e["weight"] for e in data["edges"]] == [1]


def _pickup_edges(path: Path, *more: Article) -> list[dict[str, Any]]:
    body = ("The Senate voted 68 to 32 on Tuesday to approve the farm bill after weeks of talks between the "
            "two parties. The measure now goes to the House, where its fate is less certain.")
    with Corpus(path) as c:
        c.store.add_articles([
            Article("wt", "WASHINGTON (AP) — " + body, outlet="Washington Times", url="https://www.washingtontimes.com/n/1"),
            Article("bb", "By Alan Fram, Associated Press\n\nWASHINGTON — " + body.replace("68 to 32", "70 to 30"),
                    outlet="Breitbart", url="https://www.breitbart.com/n/2"),
            Article("fx", "BEIRUT (AP) — Talks on a ceasefire resumed on Monday, officials said.", outlet="Fox News",
                    url="https://www.foxnews.com/n/4"),
            Article("own", "Local council approves the new library budget for next year.", outlet="Gazette",
                    url="https://gazette.example/n/3"),
            *more,
        ])
        c.analyze(workers=1)
        return outlet_edges(c.store)


def test_outlet_network_counts_pickup_of_an_agency_whose_page_is_not_stored(tmp_path):
    edges = _pickup_edges(tmp_path / "s.db")
    # AP's texts reached three outlets, its own page being in no store; the agency keeps the name
    # its datelines give it most often ("AP" twice, "Associated Press" once); the unrelated text adds no edge
    assert {"source": "AP", "derived": "Washington Times", "count": 1, "attributed_share": 1.0,
            "median_lag_days": None} in edges
    assert {(e["source"], e["derived"]) for e in edges} <= {("AP", "Washington Times"), ("AP", "Breitbart"),
                                                           ("AP", "Fox News"), ("Washington Times", "Breitbart"),
                                                           ("Breitbart", "Washington Times")}
    assert ("AP", "Fox News") in {(e["source"], e["derived"]) for e in edges}


def test_an_agency_with_stored_texts_is_one_node_under_its_stored_name(tmp_path):
    ap = Article("ap1", "Wildfires forced thousands from their homes in northern California on Sunday.",
                 outlet="Associated Press", url="https://apnews.com/article/1")
    edges = _pickup_edges(tmp_path / "s.db", ap)
    # AP's own page for another story is stored as "Associated Press": its pickups join that node
    assert ("Associated Press", "Fox News") in {(e["source"], e["derived"]) for e in edges}
    assert "AP" not in {e["source"] for e in edges}


def test_export_needs_an_analysed_store(tmp_path):
    run = CliRunner().invoke
    r = run(main, ["export", "articles", "--db", str(tmp_path / "none.db")])
    assert r.exit_code != 0 and "none.db" in r.output and not (tmp_path / "none.db").exists()
    with Corpus(tmp_path / "new.db") as c:
        c.ingest([SEEDS])
    r = run(main, ["export", "graph", "--db", str(tmp_path / "new.db")])
    assert r.exit_code != 0 and "nothing analysed yet" in r.output


def test_xml_graphs_drop_control_characters_scraped_titles_carry(tmp_path):
    body = "The harbour reopened on Friday after a storm closed it for three days, the port authority said."
    db = tmp_path / "c.db"
    with Corpus(db) as c:
        c.store.add_articles([Article("a\x01", body + " Boats returned.", title="Ti\x0btle", outlet="Harbour\x1f Times"),
                              Article("b", body + " Ferries resumed.", outlet="Port Post")])
        c.analyze(workers=1)
    for level, fmt, read in [("articles", "graphml", nx.read_graphml), ("outlets", "graphml", nx.read_graphml),
                             ("articles", "gexf", nx.read_gexf)]:
        out = tmp_path / f"{level}.{fmt}"
        r = CliRunner().invoke(main, ["export", "graph", "--level", level, "--format", fmt, "--db", str(db),
                                      "--out", str(out)])
        assert r.exit_code == 0, r.output
        graph = read(out)
        assert ("a" in graph and graph.nodes["a"]["title"] == "Title") if level == "articles" else "Harbour Times" in graph
