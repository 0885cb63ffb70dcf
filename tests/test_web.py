"""The web UI in a real browser (Debian's Chromium, headless, driven by Playwright) and its JSON API."""

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from fastapi.testclient import TestClient

from newstrace.api import Corpus
from newstrace.model import Article
from newstrace.web import create_app

from .conftest import DEV, need

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><svg onload="window.__pwned = 3">'
BODY = ("The harbour authority said on Monday that the new container terminal will open in March after two years "
        "of construction work. The terminal will handle up to one million containers a year, officials said. "
        "Local businesses expect hundreds of new jobs in logistics and transport around the port.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "dev.db"
    with Corpus(db) as corpus:
        corpus.ingest([need(DEV)])
        corpus.store.add_articles([
            Article("hostile-1", BODY + " " + HOSTILE, title="Port " + HOSTILE, outlet="Harbour Times <b>x</b>",
                    date="2020-01-01"),
            Article("hostile-2", BODY.replace("Monday", "Tuesday") + " " + HOSTILE, title=HOSTILE, outlet="Copy Daily",
                    date="2020-01-02", url="javascript:window.__pwned=1"),
        ])
        corpus.analyze(workers=1)
    return db


@pytest.fixture(scope="module")
def server(dev_store: Path) -> Iterator[str]:
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(dev_store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is needed for the browser tests (Debian package `chromium`)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


def test_seed_story_tree_and_compare_view_in_a_browser(server: str, browser, dev_store: Path) -> None:
    with Corpus(dev_store) as corpus:
        story = corpus.lineage("S-s00-rt").story
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/?q=Deir+Ezzor+Daesh")
    page.click(f'a.story-link[href="/story/{story}"] >> nth=0')
    page.wait_for_selector("li.origin")
    assert page.get_attribute("li.origin", "data-id") == "S-s00-rt"
    lineage = page.locator("article.lineage", has=page.locator('li.origin[data-id="S-s00-rt"]'))
    for child in ("S-s00-irandaily", "S-s00-ftribune"):
        item = lineage.locator(f'li.derived[data-id="{child}"]')
        assert "from S-s00-rt" in item.inner_text()
    lineage.locator(".graph[data-ready]").wait_for()  # set once Cytoscape has drawn (after the page loads)
    assert int(lineage.locator(".graph").get_attribute("data-ready") or 0) >= 3  # the nodes it drew
    lineage.locator('li[data-id="S-s00-irandaily"] a.compare-link').click()
    page.wait_for_selector("#side-by-side")
    assert page.inner_text("#relation") == "rewrite"
    subs = page.locator("#side-by-side .right span.sub").all_inner_texts()
    assert "Daesh" in subs
    assert "RT reported" in page.inner_text(".callouts")
    assert "quote changed: “The defeat of ISIS" in page.inner_text(".callouts")  # the ministry's words altered
    assert not errors


def test_hostile_titles_and_text_never_execute(server: str, browser, dev_store: Path) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in ("/?q=harbour", "/article/hostile-1", "/compare?a=hostile-1&b=hostile-2", "/outlets"):
        page.goto(server + url)
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("main script, main img, main svg").count() == 0 or url == "/outlets", url
    page.goto(server + "/article/hostile-1")
    assert "<script>" in page.inner_text("#article-title")  # shown as text
    story = TestClient(create_app(dev_store)).get("/api/article/hostile-2").json()["lineage"]["story"]
    page.goto(f"{server}/story/{story}")
    assert page.evaluate("window.__pwned") is None
    assert not dialogs


def test_api_is_read_only_and_documented(dev_store: Path) -> None:
    client = TestClient(create_app(dev_store))
    schema = client.get("/api/openapi.json").json()
    assert {"/api/corpus", "/api/search", "/api/story/{story_id}", "/api/article/{article_id}", "/api/compare",
            "/api/outlets"} <= set(schema["paths"])
    assert all(set(ops) == {"get"} for ops in schema["paths"].values())
    assert client.post("/api/corpus").status_code == 405
    assert client.get("/api/article/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/compare", params={"a": "/etc/passwd", "b": "S-s00-rt"}).status_code == 404
    counts = client.get("/api/corpus").json()["counts"]
    assert counts["articles"] == 109 and counts["derived"] > 0
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]
    # an AP copy whose lineage's origin (AP's own page) is not in the store: the page says whose it is
    assert client.get("/api/article/A-s10-a3").json()["origin_agency"] == "Associated Press"
    assert "Associated Press's own text, not in the store" in client.get("/article/A-s10-a3").text


def test_a_lone_copy_of_an_absent_text_is_a_lineage_not_an_independent_report(dev_store: Path) -> None:
    client = TestClient(create_app(dev_store))
    with Corpus(dev_store) as corpus:
        rows = corpus.store.lineages()
    # UrduPoint's text of the Sarmat launch is Sputnik's, by its dateline; no other copy is stored
    story_id = next(x.story for x in rows if x.id == "A-s07-a6")
    story = client.get("/api/story/" + quote(story_id)).json()
    alone = [x for x in story["lineages"] if [n["id"] for n in x["nodes"]] == ["A-s07-a6"]]
    assert alone and alone[0]["origin_agency"] == "Sputnik", story["lineages"]
    assert "A-s07-a6" not in {n["id"] for n in story["independent"]}
    assert story["lineage_count"] + story["independent_count"] == len({x.lineage for x in rows if x.story == story_id})
    page = client.get("/story/" + quote(story_id)).text
    assert "A copy of a text not in the store" in page and "Sputnik's own text, not in the store" in page
    # the corpus page counts lineages with reuse as `newstrace analyze` does: that one among them
    derived = {x.lineage for x in rows if x.relation in {"copy", "rewrite", "partial"}}
    assert client.get("/api/corpus").json()["counts"]["lineages"] == len(derived)


def test_the_compare_page_shows_sentences_reworded(dev_store: Path) -> None:
    client = TestClient(create_app(dev_store))
    api = client.get("/api/compare", params={"a": "B-s01-a5", "b": "B-s01-a6"}).json()
    assert any("The NHS advises" in r["source"] for r in api["comparison"]["reworded"]), api["comparison"]["reworded"]
    page = client.get("/compare", params={"a": "B-s01-a5", "b": "B-s01-a6"}).text
    assert 'class="reworded">reworded: The NHS advises' in page
    # two rewrites of one BBC text, one lineage; a text and a paraphrase of three of its sentences, two
    assert api["lineages"]["source"] == api["lineages"]["derived"] and "Both in one lineage." in page
    other = client.get("/compare", params={"a": "A-s10-a10", "b": "A-s10-a11"}).text
    assert "analyze did not link them" in other
    # side by side in one row, where the derived sentence stands, not as a removed row and an added one
    rows = [r for r in api["rows"] if "The NHS advises" in "".join(s["text"] for s in r["source"])]
    assert [r["kind"] for r in rows] == ["reworded"], rows
    assert "".join(s["text"] for s in rows[0]["derived"]).startswith("NHS recommendations for a pregnant woman")
    assert {s["kind"] for s in rows[0]["source"]} == {"same", "del"}  # the words both use, and the source's own


def test_search_words_are_not_query_syntax(dev_store: Path) -> None:
    client = TestClient(create_app(dev_store))
    assert client.get("/api/search", params={"q": 'Daesh" OR NEAR(('}).status_code == 200
    hits = client.get("/api/search", params={"q": "Deir Ezzor", "outlet": "Iran Daily"}).json()["results"]
    assert [h["id"] for h in hits] == ["S-s00-irandaily"]


def test_search_dates_must_be_dates(dev_store: Path) -> None:
    # dates are compared as text: "2017" as an end date would silently drop all of 2017
    client = TestClient(create_app(dev_store))
    assert client.get("/api/search", params={"q": "Daesh", "to": "2017"}).status_code == 422
    hits = client.get("/api/search", params={"q": "Deir Ezzor", "from": "2017-08-21", "to": "2017-08-21"}).json()
    assert "S-s00-irandaily" in [h["id"] for h in hits["results"]]


def test_only_web_addresses_are_links(dev_store: Path) -> None:
    page = TestClient(create_app(dev_store)).get("/article/hostile-2").text
    assert "javascript:window.__pwned=1" in page and 'href="javascript:' not in page


def test_ids_with_slashes_and_question_marks_are_reachable(tmp_path: Path) -> None:
    # corpora often use the page URL as the id
    body = "The harbour reopened on Friday after a storm closed it for three days, the port authority said."
    ids = ["https://example.com/news/2020/a?x=1", "b/c"]
    with Corpus(tmp_path / "u.db") as corpus:
        corpus.store.add_articles([Article(ids[0], body + " Boats returned."), Article(ids[1], body + " Ferries resumed.")])
        corpus.analyze(workers=1)
    client = TestClient(create_app(tmp_path / "u.db"))
    for x in ids:
        assert client.get("/api/article/" + quote(x, safe="")).json()["article"]["id"] == x
    story = client.get("/api/article/b%2Fc").json()["lineage"]["story"]
    page = client.get("/story/" + quote(story))
    links = re.findall(r'href="(/article/[^"]+)"', page.text)
    assert page.status_code == 200 and links and all(client.get(link).status_code == 200 for link in links)


OWN_LINES = ["Our weather desk expects calmer seas next week.", "Local fishermen counted their losses at dawn.",
             "Schools in the valley stayed closed one more day.", "A bakery on the quay handed out free bread.",
             "Tourists queued for refunds at the ticket office."]


def test_an_article_page_lists_the_first_derivatives_and_counts_them_all(tmp_path: Path) -> None:
    # a wire story printed by ten thousand sites has as many derivatives: the page shows a few
    from newstrace.web import data

    body = ("The harbour reopened on Friday after a storm closed it for three days, the port authority said. "
            "Ferries resumed their crossings in the afternoon and the coast guard lifted its warning.")
    with Corpus(tmp_path / "s.db") as c:
        c.store.add_articles([Article("wire", body, outlet="Wire", date="2020-01-01"),
                              *(Article(f"site-{n}", body + " " + own, outlet=f"Site {n}", date="2020-01-02")
                                for n, own in enumerate(OWN_LINES))])
        c.analyze(workers=1)
        shown = data.article(c, "wire", limit=3)
    assert shown is not None and len(shown["derivatives"]) == 3 and shown["derivative_count"] == 5
    page = TestClient(create_app(tmp_path / "s.db")).get("/article/wire").text
    assert page.count("/compare?a=wire") == 5 and "texts derive from this one" not in page


def test_serve_on_a_port_in_use_says_so_before_announcing_an_address(dev_store: Path) -> None:
    from click.testing import CliRunner

    from newstrace.cli import main

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--db", str(dev_store), "--port", str(port)])
    assert r.exit_code == 1 and "serving" not in r.output
    assert f"cannot listen on 127.0.0.1:{port} (address already in use): another --port" in r.output, r.output
