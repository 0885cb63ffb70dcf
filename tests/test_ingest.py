import codecs
import gzip
import io
import json

from newstrace import Corpus
from newstrace.ingest import IngestProblem, read_paths
from tests.conftest import CLOUGH, SEEDS, need

PAGE = """<!DOCTYPE html><html><head><title>Site title</title>
<link rel="canonical" href="https://news.example.org/2020/05/01/harbour-reopens"/>
<meta property="og:title" content="Harbour reopens after storm"/>
<meta property="article:published_time" content="2020-05-01T08:00:00Z"/>
</head><body><nav>Home | World | Sport</nav><article><h1>Harbour reopens after storm</h1>
<p>The harbour of the town reopened on Friday after a storm closed it for three days, the port authority said.</p>
<p>Fishing boats returned to their moorings in the afternoon and the ferry service resumed its usual timetable.</p>
<p>Repairs to the northern breakwater will take several weeks, according to the town council.</p>
</article><footer>Copyright</footer></body></html>"""


def items(*paths):
    got = list(read_paths(paths))
    return [x for x in got if not isinstance(x, IngestProblem)], [x for x in got if isinstance(x, IngestProblem)]


def test_jsonl_gz_and_csv(tmp_path):
    rec = {"id": "x1", "url": "https://www.example.com/a", "outlet": None, "date": "2021-03-04T10:00:00",
           "title": "T", "lang": "en", "text": "Some text here."}
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")
    (tmp_path / "b.csv").write_text("id,title,text,url,date\nc1,Title,\"Body, with comma.\",,\n", encoding="utf-8")
    arts, problems = items(tmp_path)
    assert not problems
    by_id = {a.id: a for a in arts}
    assert by_id["x1"].outlet == "example.com" and by_id["x1"].date == "2021-03-04"
    assert by_id["c1"].text == "Body, with comma." and by_id["c1"].date is None and by_id["c1"].url is None


def test_csv_corpus_larger_than_one_document_streams(tmp_path):
    # a CSV corpus is read row by row, not refused as "too large" like one 20 MiB page would be;
    # an article longer than the csv module's default field limit (128 KiB) is kept; a stray
    # Windows-1252 byte far into a UTF-8 file spoils one character, not the file
    from newstrace.ingest.decode import MAX_DOCUMENT_BYTES

    body = "The harbour reopened on Friday after the storm, the port authority said. " * 40
    rows = [f"r{i},{body}\n" for i in range(MAX_DOCUMENT_BYTES // len(body) + 10)]
    rows[-2] = "long," + "word " * 40_000 + "\n"
    rows[-1] = "last,caf\u00e9 closed\n"
    with open(tmp_path / "corpus.csv", "wb") as f:
        f.write(b"id,text\n" + "".join(rows[:-1]).encode("utf-8") + rows[-1].encode("cp1252"))
    assert (tmp_path / "corpus.csv").stat().st_size > MAX_DOCUMENT_BYTES
    arts, problems = items(tmp_path / "corpus.csv")
    assert not problems and len(arts) == len(rows)
    by_id = {a.id: a for a in arts[-2:]}
    assert len(by_id["long"].text) > 131072 and by_id["last"].text == "caf\ufffd closed"


def test_html_page(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (arts, problems) = items(tmp_path)
    assert not problems
    a = arts[0]
    assert a.title == "Harbour reopens after storm"
    assert a.url == "https://news.example.org/2020/05/01/harbour-reopens"
    assert a.date == "2020-05-01"
    assert "breakwater" in a.text and "Home | World" not in a.text


def test_warc(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(tmp_path / "crawl.warc.gz", "wb") as f:
        writer = WARCWriter(f, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record("https://news.example.org/x", "response",
                                           payload=io.BytesIO(PAGE.encode("utf-8")), http_headers=headers)
        writer.write_record(record)
    arts, problems = items(tmp_path)
    assert not problems and len(arts) == 1 and "harbour" in arts[0].text.lower()


def test_a_crawl_is_parsed_in_batches_in_order_and_a_broken_one_keeps_what_came_before(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    starts = []
    with open(tmp_path / "crawl.warc", "wb") as f:
        writer = WARCWriter(f, gzip=False)
        for i in range(70):
            starts.append(f.tell())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            page = PAGE.replace("three days", f"{i + 2} days").replace("harbour-reopens", f"harbour-{i}")
            writer.write_record(writer.create_warc_record(f"https://news.example.org/{i}", "response",
                                                          payload=io.BytesIO(page.encode("utf-8")),
                                                          http_headers=headers))
    one = [(a.url, a.text) for a in read_paths([tmp_path / "crawl.warc"], workers=1)]
    assert len(one) == 70 and one == [(a.url, a.text) for a in read_paths([tmp_path / "crawl.warc"], workers=2)]
    data = (tmp_path / "crawl.warc").read_bytes()  # a record in the middle that is not one
    (tmp_path / "broken.warc").write_bytes(data[: starts[45]] + b"not a WARC record\r\n\r\n" + data[starts[45]:])
    arts, problems = items(tmp_path / "broken.warc")
    assert [a.url for a in arts] == [u for u, _ in one[:45]]  # all read before the break, in order
    assert len(problems) == 1 and problems[0].reason.startswith("broken WARC archive (Invalid WARC record")
    # a response with no target URI fails inside warcio: the record is named, not warcio's own error
    (tmp_path / "nouri.warc").write_bytes(data[: starts[3]] + b"WARC/1.0\r\nWARC-Type: response\r\n"
                                          b"Content-Length: 5\r\n\r\nshort\r\n\r\n")
    arts, problems = items(tmp_path / "nouri.warc")
    assert len(arts) == 3 and [p.reason for p in problems] == [
        "broken WARC archive (record 4 cannot be read: AttributeError in warcio)"]


def test_a_crawled_page_over_the_limit_is_named_and_the_next_is_read(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newstrace.ingest.decode import MAX_DOCUMENT_BYTES

    with open(tmp_path / "crawl.warc", "wb") as f:
        writer = WARCWriter(f, gzip=False)
        for url, page in [("https://x.org/big", b"<html><body><p>" + b"word " * (MAX_DOCUMENT_BYTES // 5 + 10)),
                          ("https://x.org/ok", PAGE.encode("utf-8"))]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page),
                                                          http_headers=headers))
    arts, problems = items(tmp_path)
    assert [str(p).rsplit("/", 1)[-1] for p in problems] == ["big>: too large for one document (> 20 MiB)"]
    assert [a.url for a in arts] == ["https://news.example.org/2020/05/01/harbour-reopens"]  # its canonical URL


def test_utf16_text_with_a_byte_order_mark_is_read_not_called_binary(tmp_path):
    """Windows tools save "Unicode" text as UTF-16: every other byte of English is a NUL."""
    (tmp_path / "note.txt").write_bytes(" date 2020-01-02 Le conseil a voté lundi.\n".encode("utf-16"))
    (tmp_path / "rows.csv").write_bytes('id,text\nr1,"Le conseil a voté lundi."\n'.encode("utf-16-be")
                                        .join([b"\xfe\xff", b""]))
    (tmp_path / "rows8.csv").write_bytes('id,text\nr2,"Le conseil a voté lundi."\n'.encode("utf-8-sig"))
    (tmp_path / "blank.txt").write_bytes(" \n ".encode("utf-16"))
    arts, problems = items(tmp_path)
    assert [str(p) for p in problems] == [f"{tmp_path / 'blank.txt'}: empty file"]
    by_id = {a.id: a for a in arts}
    assert by_id["note"].text == "Le conseil a voté lundi." and by_id["note"].date == "2020-01-02"
    assert by_id["r1"].text == by_id["r2"].text == "Le conseil a voté lundi."  # the mark is no column name


def test_bad_inputs_are_named_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "broken.jsonl").write_text('{"id": "ok", "text": "fine text"}\n{"id": "bad", "text": \n',
                                           encoding="utf-8")
    (tmp_path / "nav.html").write_text("<html><body><nav>Home</nav><script>alert(1)</script></body></html>",
                                       encoding="utf-8")
    (tmp_path / "good.txt").write_text(" date 2020-01-02 A good article body.", encoding="utf-8")
    arts, problems = items(tmp_path)
    messages = {str(p) for p in problems}
    assert any("empty.txt: empty file" in m for m in messages)
    assert any("blob.txt: binary file" in m for m in messages)
    assert any("broken.jsonl:2: malformed JSON" in m for m in messages)
    assert any("nav.html: HTML page with no article text" in m for m in messages)
    assert sorted(a.id for a in arts) == ["good", "ok"]
    assert next(a for a in arts if a.id == "good").date == "2020-01-02"


def test_oversized_records_and_archives_are_refused_without_reading_them_whole(tmp_path):
    # one JSON line larger than any article, between two good ones; a small gzip page that
    # expands past the limit; a truncated gzip file
    from newstrace.ingest.decode import MAX_DOCUMENT_BYTES

    with gzip.open(tmp_path / "corpus.jsonl.gz", "wb") as f:
        f.write(b'{"id": "a", "text": "first article"}\n')
        f.write(b'{"id": "huge", "text": "' + b"a" * (MAX_DOCUMENT_BYTES + 10) + b'"}\n')
        f.write(b'{"id": "b", "text": "last article"}\n')
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<html><body><p>" + b"word " * (MAX_DOCUMENT_BYTES // 4)))
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(b" date 2020-01-02 A body.")[:15])
    arts, problems = items(tmp_path)
    messages = {str(p) for p in problems}
    assert any(m.endswith("corpus.jsonl.gz:2: record too large for one document (> 20 MiB)") for m in messages)
    assert any(m.endswith("page.html.gz: too large for one document (> 20 MiB)") for m in messages)
    assert any(m.endswith("cut.txt.gz: broken gzip file (Compressed file ended before the end-of-stream "
                          "marker was reached)") for m in messages)
    assert sorted(a.id for a in arts) == ["a", "b"]


def test_html_pages_with_more_tags_than_any_article_are_refused_before_extraction(tmp_path):
    # 300,000 empty paragraphs (3 MB) took trafilatura 21 s and 640 MB; an article beside it is read
    from newstrace.ingest.formats import MAX_HTML_TAGS

    (tmp_path / "tags.html").write_text("<html><body>" + "<p>word</p>" * (MAX_HTML_TAGS // 2 + 1) + "</body></html>",
                                        encoding="utf-8")
    body = " ".join(["The harbour reopened on Monday after the storm, the port authority said."] * 3)
    (tmp_path / "page.html").write_text(f"<html><head><title>Port</title></head><body><article><p>{body}</p>"
                                        "</article></body></html>", encoding="utf-8")
    arts, problems = items(tmp_path)
    assert [str(p).rsplit("/", 1)[-1] for p in problems] == [
        f"tags.html: HTML page too complex to read ({MAX_HTML_TAGS + 6:,} tags; at most {MAX_HTML_TAGS:,})"]
    assert [a.title for a in arts] == ["Port"]


def test_json_lines_saved_with_a_byte_order_mark_or_as_utf16_are_read(tmp_path):
    # Windows tools write a UTF-8 mark before the first record, or the whole file as UTF-16
    lines = '{"id": "a", "text": "The harbour reopened."}\n{"id": "b", "text": "Café owners returned."}\n'
    (tmp_path / "mark.jsonl").write_bytes(codecs.BOM_UTF8 + lines.replace('"a"', '"m1"').replace('"b"', '"m2"').encode())
    (tmp_path / "wide.jsonl").write_bytes(lines.replace('"a"', '"w1"').replace('"b"', '"w2"').encode("utf-16"))
    (tmp_path / "wide32.jsonl.gz").write_bytes(
        gzip.compress(lines.replace('"a"', '"x1"').replace('"b"', '"x2"').encode("utf-32")))
    arts, problems = items(tmp_path)
    assert not problems
    assert {a.id: a.text for a in arts} == {f"{p}{k}": text for p in "mwx"
                                            for k, text in ((1, "The harbour reopened."), (2, "Café owners returned."))}


def test_json_documents_semicolon_csv_and_tsv_are_read_as_records(tmp_path):
    # scrapers and APIs write a JSON array, or the array under a key; spreadsheets in a locale
    # with a decimal comma save CSV with semicolons; TSV separates with tabs
    records = [{"id": "j1", "title": "Harbour", "text": "The harbour reopened."}, {"id": ["bad"], "text": "x"}, 7]
    (tmp_path / "array.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "wrapped.json.gz").write_bytes(gzip.compress(json.dumps(
        {"status": "ok", "articles": [{"id": "j2", "text": "Ferries resumed."}]}).encode()))
    (tmp_path / "config.json").write_text('{"name": "not articles", "items": [1, 2]}', encoding="utf-8")
    (tmp_path / "semi.csv").write_text('id;title;text\nc1;Port;"Boats returned; crews cheered."\n', encoding="utf-8")
    (tmp_path / "tabs.tsv").write_text("id\ttext\nt1\tThe coast guard lifted its warning.\n", encoding="utf-8")
    arts, problems = items(tmp_path)
    assert {a.id: (a.title, a.text) for a in arts} == {
        "j1": ("Harbour", "The harbour reopened."), "j2": (None, "Ferries resumed."),
        "c1": ("Port", "Boats returned; crews cheered."), "t1": (None, "The coast guard lifted its warning.")}
    assert sorted(str(p).rsplit("/", 1)[-1] for p in problems) == [
        "array.json: record 2: 'id' is a list, not text or a number", "array.json: record 3: not an object",
        "config.json: no article records (a list of objects with a 'text' field)"]


def test_a_page_with_front_matter_and_windows_line_ends(tmp_path):
    # static-site generators and many scrapers write `---`, `key: value` lines, `---`, then the body
    (tmp_path / "post.md").write_text(
        '---\ntitle: "Harbour reopens after storm"\ndate: 2020-05-01T10:00:00Z\n'
        "url: https://news.example.org/2020/05/01/harbour-reopens\nsource: Example News\ntags: ports\n---\n\n"
        "The harbour reopened on Friday.\n\nFerries resumed their crossings.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_bytes(b"The harbour reopened on Friday.\r\n\r\nFerries resumed.\r\n")
    (tmp_path / "rule.txt").write_text("---\nThe harbour reopened: boats returned.\n---\nFerries resumed.\n", encoding="utf-8")
    arts = {a.id: a for a in items(tmp_path)[0]}
    post = arts["post"]
    assert (post.title, post.date, post.outlet, post.url) == (
        "Harbour reopens after storm", "2020-05-01", "Example News", "https://news.example.org/2020/05/01/harbour-reopens")
    assert post.text == "The harbour reopened on Friday.\n\nFerries resumed their crossings."
    assert arts["notes"].text == "The harbour reopened on Friday.\n\nFerries resumed."
    assert arts["rule"].text.startswith("---\nThe harbour reopened") and arts["rule"].title is None  # no front matter


def test_records_with_other_names_for_the_fields_are_read(tmp_path):
    # news-please writes maintext, date_publish, source_domain, language; other scrapers content, body
    record = {"title": "Harbour reopens", "maintext": "The harbour reopened on Friday.", "url": "https://news.example.org/a",
              "date_publish": "2020-05-01 10:00:00", "source_domain": "news.example.org", "language": "en"}
    (tmp_path / "np.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("id,headline,content,source\nc1,Port,Ferries resumed.,https://x.example/y\n",
                                    encoding="utf-8")
    arts = {a.id: a for a in items(tmp_path)[0]}
    c1 = arts.pop("c1")
    assert (c1.title, c1.text, c1.outlet) == ("Port", "Ferries resumed.", None)  # a URL is no outlet's name
    (news,) = arts.values()
    assert (news.title, news.text, news.date, news.outlet, news.lang) == (
        "Harbour reopens", "The harbour reopened on Friday.", "2020-05-01", "news.example.org", "en")


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News</title><link>https://news.example.org/</link>
<item><title>Harbour reopens after storm</title><link>https://news.example.org/2020/05/01/harbour</link>
<pubDate>Fri, 01 May 2020 10:00:00 +0000</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>The harbour reopened on Friday.</p><p>Ferries resumed their crossings.</p>]]>
</content:encoded></item>
<item><title>Ferries resume</title><link>https://news.example.org/2020/05/02/ferries</link><dc:date>2020-05-02T08:00:00Z</dc:date>
<description>&lt;p&gt;Ferries resumed their crossings on Saturday.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://news.example.org/x</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Coast guard lifts warning</title><link href="https://wire.example.com/a/1"/>
<published>2020-05-03T12:00:00Z</published>
<content type="html">&lt;p&gt;The coast guard lifted its warning on Sunday.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_feeds_give_their_items_and_other_xml_is_named(tmp_path):
    (tmp_path / "rss.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "atom.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/a</loc></url></urlset>',
                                          encoding="utf-8")
    # a billion laughs is refused by the parser (libxml2's amplification limit), never expanded
    lol = "".join(f'<!ENTITY l{k + 1} "{f"&l{k};" * 10}">' for k in range(9))
    (tmp_path / "lol.xml").write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]>'
                                      "<rss><channel><item><description>&l9;</description></item></channel></rss>",
                                      encoding="utf-8")
    arts, problems = items(tmp_path)
    by_title = {a.title: a for a in arts}
    harbour = by_title["Harbour reopens after storm"]
    assert harbour.text == "The harbour reopened on Friday.\n\nFerries resumed their crossings."  # the full text
    assert (harbour.date, harbour.url, harbour.outlet) == ("2020-05-01", "https://news.example.org/2020/05/01/harbour",
                                                           "news.example.org")
    ferries, coast = by_title["Ferries resume"], by_title["Coast guard lifts warning"]
    assert (ferries.date, ferries.text) == ("2020-05-02", "Ferries resumed their crossings on Saturday.")
    assert (coast.date, coast.outlet) == ("2020-05-03", "wire.example.com")
    assert all(len(a.text) < 100 for a in arts)  # entities are not expanded
    shown = sorted(str(p).rsplit("/", 1)[-1] for p in problems if not str(p).startswith(str(tmp_path / "lol.xml")))
    assert shown == ["rss.xml: item 3: no text", "sitemap.xml: XML document that is neither an RSS or Atom feed nor a web page"]
    # this libxml2 refuses the document outright (its amplification limit); an older one leaves the entity unexpanded
    assert [str(p).rsplit("/", 1)[-1][:27] for p in problems if "lol.xml" in str(p)] in (
        ["lol.xml: malformed feed (Ma"], [])


def test_archives_and_documents_beside_the_articles_say_what_to_do(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "corpus.zip", "w") as z:
        z.writestr("a.txt", "The harbour reopened.")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (tmp_path / "articles.jsonl.gzip").write_bytes(gzip.compress(b'{"id": "a", "text": "The harbour reopened."}\n'))
    messages = sorted(str(p).rsplit("/", 1)[-1] for p in items(tmp_path)[1])
    assert messages == [
        "articles.jsonl.gzip: binary file, not text (gzip-compressed: name it with .gz at the end (.jsonl.gz, "
        ".html.gz) to have it read)",
        "corpus.zip: binary file, not text (a ZIP archive: unpack it and ingest the folder)",
        "report.pdf: binary file, not text (a PDF document: extract its text first)"]


def test_windows_1252_files_decode():
    # the corpus's raw files are Windows-1252; its articles.jsonl holds the same texts in UTF-8
    raw = {a.id: a.text for a in items(need(CLOUGH / "raw"))[0]}
    corpus = {a.id: a.text for a in items(CLOUGH / "articles.jsonl")[0]}
    assert len(raw) == 100 and all(raw[x].strip() == corpus[x].strip() for x in raw)
    assert sum("’" in t or "–" in t for t in raw.values()) >= 20


def test_other_single_byte_scripts_are_not_read_as_windows_1252(tmp_path):
    # Cyrillic in Windows-1251 read as Windows-1252 is a page of accented Latin letters
    text = ("Министерство обороны России заявило, что российские самолёты уничтожили колонну "
            "боевиков недалеко от города Дейр-эз-Зор.")
    (tmp_path / "ru.txt").write_bytes((" date 2020-01-01 " + text).encode("cp1251"))
    more = "По данным ведомства, были уничтожены более двухсот боевиков и десятки единиц техники."
    page = (f'<html><head><meta charset="windows-1251"><title>Новости</title></head>'
            f"<body><article><p>{text}</p><p>{more}</p></article></body></html>")
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    french = " date 2020-01-01 Le ministère a précisé que l'opération était terminée à midi."
    (tmp_path / "fr.txt").write_bytes(french.encode("cp1252"))
    arts = {a.path.rsplit("/", 1)[-1]: a for a in items(tmp_path)[0]}
    assert arts["ru.txt"].text == text and arts["ru.html"].title == "Новости" and text in arts["ru.html"].text
    assert "ministère a précisé" in arts["fr.txt"].text


def test_reingest_adds_nothing_and_bad_files_lose_nothing(tmp_path):
    db = tmp_path / "s.db"
    with Corpus(db) as c:
        first = c.ingest([SEEDS])
        (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
        again = c.ingest([SEEDS, tmp_path / "bad.jsonl"])
        assert first.added == 2 and again.added == 0 and len(again.problems) == 1
        assert c.store.count() == 2


def test_ingesting_the_folder_the_store_lies_in_does_not_read_the_store(tmp_path, monkeypatch):
    # `newstrace ingest .` with the default ./newstrace.db: the database and its write-ahead log
    # are not articles, and are not reported as unreadable ones
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with Corpus("newstrace.db") as c:
        c.ingest([SEEDS])
        report = c.ingest(["."])
        assert (tmp_path / "newstrace.db").exists()
        assert report.added == 1 and report.problems == []


def test_pages_parsed_in_worker_processes_come_in_the_walk_order(tmp_path):
    # enough pages for several batches, a corpus file between them and a bad file among them
    for i in range(70):
        (tmp_path / f"p{i:02d}.txt").write_text(f" date 2020-01-{1 + i % 28:02d} Article number {i} text.", encoding="utf-8")
    (tmp_path / "p40.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "p41.txt").write_bytes(b"")
    (tmp_path / "p50.jsonl").write_text('{"id": "j1", "text": "from a corpus file"}\n', encoding="utf-8")
    missing = tmp_path / "gone.txt"

    def run(workers):
        return [(x.path, x.reason) if isinstance(x, IngestProblem) else (x.id, x.date, x.text)
                for x in read_paths([tmp_path, missing], workers=workers)]

    one = run(1)
    assert one == run(2)
    ids = [x[0] for x in one]
    assert ids.index("p39") < ids.index("p40") < ids.index("j1") < ids.index("p69")  # the walk's order
    assert one[-1] == (str(missing), "no such file or folder")
    assert (str(tmp_path / "p41.txt"), "empty file") in one


def test_pipes_and_devices_are_named_not_read(tmp_path):
    import os

    import pytest

    if not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"):
        pytest.skip("no named pipes or devices here")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer forever
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "ok.txt").write_text(" date 2020-01-02 A good article body.", encoding="utf-8")
    arts, problems = items(tmp_path)
    assert [a.id for a in arts] == ["ok"]
    assert {(p.path.rsplit("/", 1)[-1], p.reason) for p in problems} == {
        ("pipe.txt", "not a regular file (a pipe, socket or device)"),
        ("zero.txt", "not a regular file (a pipe, socket or device)")}


def test_undecodable_names_and_lone_surrogates_are_stored_not_fatal(tmp_path):
    # a file name saved under another locale, and JSON spelling a lone UTF-16 surrogate: SQLite
    # takes neither as text, and the ingest died on them
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as f:
        f.write(b" date 2020-01-02 A good article body.")
    (folder / "x.jsonl").write_text('{"id": "s\\udcff", "title": "t\\ud800", "text": "bad \\ud800 text"}\n',
                                    encoding="utf-8")
    with Corpus(tmp_path / "s.db") as c:
        report = c.ingest([folder], workers=1)
        assert report.added == 2 and not report.problems
        stored = {a.id: a for a in c.store.articles()}
    assert stored["caf\ufffd"].path.endswith("caf\ufffd.txt")
    assert stored["s\ufffd"].title == "t\ufffd" and stored["s\ufffd"].text == "bad \ufffd text"


def test_record_fields_of_the_wrong_json_type_are_named_per_line(tmp_path):
    lines = ['{"id": "t1", "title": ["x"], "text": "a"}', '{"id": "t2", "url": 5, "text": "b"}',
             '{"id": {"x": 1}, "text": "c"}', '{"id": 7, "date": "2020-01-02", "text": "d"}', '{"id": "t5", "text": 1e999}',
             '{"id": "t6", "date": 1588327200, "text": "e"}', '{"id": "t7", "date": 1588327200000, "text": "f"}',
             '{"id": "t8", "date": 2020, "text": "g"}']
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, problems = items(tmp_path)
    # a numeric id is an id; a date as Unix time (seconds or milliseconds, as APIs give it) is a date
    assert [(a.id, a.date) for a in arts] == [("7", "2020-01-02"), ("t6", "2020-05-01"), ("t7", "2020-05-01")]
    assert [str(p).split("c.jsonl")[1] for p in problems] == [
        ":1: 'title' is a list, not text", ":2: 'url' is a number, not text",
        ":3: 'id' is an object, not text or a number", ":5: 'text' is a number, not text",
        ":8: 'date' is a number, not text"]
    # nesting deep enough to exhaust the parser's recursion is one bad line too
    (tmp_path / "c.jsonl").write_text('{"id": "x", "text": "e", "y": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
                                      + lines[3] + "\n", encoding="utf-8")
    arts, problems = items(tmp_path)
    assert [a.id for a in arts] == ["7"] and str(problems[0]).endswith("c.jsonl:1: JSON nested too deeply to read")


def test_a_page_is_stored_under_the_url_it_gives_itself_as_written(tmp_path):
    """Its canonical link, its entities decoded once (trafilatura decoded `&amp;region=` to
    `®ion=`, `&amp;copy=` to `©=`, and took `og:url` before the canonical link); a relative one
    against the address it was fetched from; `og:url` when there is no canonical link."""
    from newstrace.ingest.formats import parse_html

    query = "https://news.example.org/2020/05/01/harbour?a=1&amp;region=us&amp;copy=2"
    page = PAGE.replace("https://news.example.org/2020/05/01/harbour-reopens", query).replace(
        "<title>", '<meta property="og:url" content="https://news.example.org/amp/harbour"/><title>')
    assert parse_html(page, "p.html").url == "https://news.example.org/2020/05/01/harbour?a=1&region=us&copy=2"
    relative = PAGE.replace("https://news.example.org/2020/05/01/harbour-reopens", "/2020/05/01/harbour-reopens")
    assert parse_html(relative, "p.html", url="https://news.example.org/feed?id=7").url == (
        "https://news.example.org/2020/05/01/harbour-reopens")
    og_only = page.replace('<link rel="canonical"', '<link rel="alternate"')
    assert parse_html(og_only, "p.html").url == "https://news.example.org/amp/harbour"
