"""One parser per input format. Each takes text (and where it came from) and returns articles.

Metadata comes from the data only: a date is kept when the file states one, the outlet falls
back to the URL's domain, and nothing is invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlparse

from newstrace.ingest.decode import MAX_DOCUMENT_BYTES, UnreadableFile
from newstrace.model import Article

MIN_HTML_WORDS = 15  # less than this is navigation or a stub, not an article
# trafilatura takes about 70 µs and 2 KB per element: a page of 2 million empty paragraphs (20 MiB)
# would hold 4 GB for minutes. A news page has a few thousand tags; a whole book on one page 50,000.
MAX_HTML_TAGS = 200_000
_TAG = re.compile(r"<[A-Za-z/!]")
_DUMP_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_MD_TITLE = re.compile(r"^\s*#\s+(.+?)\s*$", re.MULTILINE)
_MD_SOURCE = re.compile(r"^\s*Source:\s*<?(https?://[^\s>]+)>?\s*$", re.MULTILINE)
# front matter, as static-site generators and many scrapers write a page: `---`, `key: value` lines, `---`
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n((?:[ \t]*[A-Za-z_][\w-]*[ \t]*:.*\n|[ \t]*(?:#.*)?\n)*?)---[ \t]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"^[ \t]*([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The page's `key: value` header (names lower-cased, quotes dropped) and the text after it."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    return {k.lower(): v.strip().strip("'\"").strip() for k, v in _FRONT_FIELD.findall(m.group(1))}, text[m.end() :]


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = re.sub(r"^(www\d?|m|amp|mobile)\.", "", host)
    return host or None


def clean_date(value: Any) -> str | None:
    """YYYY-MM-DD from a stated date (ISO date or datetime); anything else is no date."""
    if not value or not isinstance(value, str):
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def _unix_time(value: Any) -> str | None:
    """A date an API gives as Unix time (seconds, or milliseconds: their ranges for 1990-2100 do not
    meet), as YYYY-MM-DD in UTC; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = value / 1000 if 6.3e11 <= value < 4.2e12 else value if 6.3e8 <= value < 4.2e9 else None
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat() if seconds is not None else None


def content_id(*parts: str | None) -> str:
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:16]


def parse_text_file(text: str, article_id: str, path: str) -> Article:
    """The dated plain-text dump (` date YYYY-MM-DD ` then the body), a markdown page
    (`# title`, body, `---`, `Source: <url>`), a page with front matter (`---`, `title: …`,
    `date: …`, `url: …`, `---`, body), or plain text. Windows line ends read as `\n`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, text = _front_matter(text)
    if front:  # a record, its fields named as records name them (`FIELD_NAMES`)
        if not text.strip():
            raise UnreadableFile("no article text after the front matter")
        return article_from_record({**front, "id": front.get("id") or article_id, "text": text}, "front matter", path)
    date = None
    m = _DUMP_DATE.match(text)
    if m:
        date = m.group(1)
        text = text[m.end() :]
    title = url = None
    source = _MD_SOURCE.search(text)
    if source:
        url = source.group(1)
        text = text[: source.start()]
        text = re.sub(r"\n\s*---\s*$", "", text.rstrip())
    heading = _MD_TITLE.search(text)
    if heading and not text[: heading.start()].strip():
        title = heading.group(1).strip().strip("*_").strip()
        text = text[heading.end() :]
    text = re.sub(r"^\s*\[Disclaimer\]\s*$", "", text, flags=re.MULTILINE).strip()
    if not text:
        raise UnreadableFile("no article text after the header")
    return Article(id=article_id, text=text, title=title, url=url, outlet=outlet_from_url(url),
                   date=date, path=path)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid(value: Any) -> Any:
    """A JSON string may spell a lone UTF-16 surrogate ("\\ud800"), which no UTF-8 text holds:
    it becomes U+FFFD, as an undecodable byte does."""
    return _LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _json_kind(value: Any) -> str:
    return {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


# other names corpora give the common fields: news-please's (`maintext`, `date_publish`,
# `source_domain`, `language`), CC-News's, and the plain words scrapers use; the common name wins
FIELD_NAMES = {"text": ("maintext", "content", "body", "article", "article_text"),
               "date": ("date_publish", "published", "publish_date", "published_at", "pubdate"),
               "outlet": ("source_domain", "publisher", "site_name", "sitename", "site", "source"),
               "title": ("headline",), "lang": ("language",),
               "url": ("link", "canonical", "canonical_url", "source_url", "permalink")}


def common_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The record with each common field filled from another name for it, when it lacks one."""
    out = dict(record)
    for name, others in FIELD_NAMES.items():
        if out.get(name) is None:
            found = next((record[k] for k in others if isinstance(record.get(k), str) and record[k].strip()
                          and not (name == "outlet" and record[k].lower().startswith(("http://", "https://")))), None)
            if found is not None:
                out[name] = found
    return out


def names_text(fields: Iterable[str]) -> bool:
    """Whether records with these fields have a text: `text`, or another name for it."""
    return any(f in ("text", *FIELD_NAMES["text"]) for f in fields)


def article_from_record(record: dict[str, Any], where: str, path: str) -> Article:
    """A record in the common format (id, url, outlet, date, title, lang, text), or with other
    names for those fields (`FIELD_NAMES`)."""
    record = {k: _valid(v) for k, v in common_fields(record).items()}
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise UnreadableFile(f"{where}: 'text' is {_json_kind(text)}, not text")
    if not isinstance(text, str) or not text.strip():
        raise UnreadableFile(f"{where}: record has no 'text'")
    record["date"] = _unix_time(record.get("date")) or record.get("date")
    for name in ("url", "outlet", "date", "title", "lang"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise UnreadableFile(f"{where}: '{name}' is {_json_kind(record[name])}, not text")
    if not isinstance(record.get("id"), str | int | None) or isinstance(record.get("id"), bool):
        raise UnreadableFile(f"{where}: 'id' is {_json_kind(record['id'])}, not text or a number")
    url = record.get("url") or None
    article_id = record.get("id")
    if article_id is None or str(article_id).strip() == "":
        article_id = content_id(url, text)
    return Article(
        id=str(article_id),
        text=text.strip(),
        title=(record.get("title") or None),
        url=url,
        outlet=record.get("outlet") or outlet_from_url(url),
        date=clean_date(record.get("date")),
        lang=record.get("lang") or None,
        path=path,
    )


def parse_csv(lines: Iterable[str], path: str) -> Iterator[Article | UnreadableFile]:
    """Articles from CSV text (a file opened with newline=""), one row at a time: a corpus may
    be far larger than memory. A row that breaks the CSV syntax ends the file with a problem."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_DOCUMENT_BYTES))  # an article's text is one field
    rows = iter(lines)
    header = next(rows, "")
    # a spreadsheet saved in a locale whose decimal mark is a comma separates with semicolons; TSV with tabs
    delimiter = next((d for d in ",;\t|" if names_text(next(csv.reader([header], delimiter=d), []))), ",")
    reader = csv.DictReader(itertools.chain([header], rows), delimiter=delimiter)
    try:
        if not reader.fieldnames or not names_text(reader.fieldnames):
            raise UnreadableFile(f"CSV has no 'text' column (columns: {', '.join(reader.fieldnames or [])})")
        for row in reader:
            try:
                yield article_from_record(row, f"line {reader.line_num}", path)
            except UnreadableFile as problem:
                yield problem
    except csv.Error as e:
        yield UnreadableFile(f"line {reader.line_num}: malformed CSV ({e})")


def json_records(value: Any) -> list[Any] | None:
    """The article records of a JSON document: a list of them, one object with a 'text', or an
    object holding them under one key (`{"articles": [...]}`, as scrapers and APIs write); None
    when it holds none."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        if names_text(value):
            return [value]
        for inner in value.values():
            if isinstance(inner, list) and any(isinstance(x, dict) and names_text(x) for x in inner):
                return inner
    return None


def parse_html(html: str, path: str, url: str | None = None, article_id: str | None = None) -> Article:
    """Main text, title, stated date and canonical URL of a web page, with trafilatura."""
    import trafilatura
    from trafilatura.utils import load_html

    tags = sum(1 for _ in _TAG.finditer(html))
    if tags > MAX_HTML_TAGS:
        raise UnreadableFile(f"HTML page too complex to read ({tags:,} tags; at most {MAX_HTML_TAGS:,})")
    tree = load_html(html)
    if tree is None:
        raise UnreadableFile("HTML page with no article text")
    own_url = page_url_of(tree, url)  # read before extraction, which prunes the tree
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise UnreadableFile("HTML page with no article text")
    page_url = own_url or getattr(doc, "url", None) or url
    return Article(
        id=article_id or content_id(page_url, text),
        text=text.strip(),
        title=getattr(doc, "title", None) or None,
        url=page_url,
        outlet=getattr(doc, "sitename", None) or outlet_from_url(page_url),
        date=clean_date(getattr(doc, "date", None)),
        lang=getattr(doc, "language", None) or None,
        path=path,
    )


_CANONICAL = ("//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONICAL', 'canonical')), ' '), "
              "' canonical ')]/@href")


def page_url_of(tree: Any, base: str | None = None) -> str | None:
    """The URL a page gives itself: its canonical link, else its `og:url`, as written (a relative
    one resolved against `base`). Trafilatura (2.2) prefers `og:url` and decodes the attribute's
    entities a second time: `?a=1&amp;region=us` came out as `?a=1®ion=us`."""
    for found in (tree.xpath(_CANONICAL), tree.xpath('//meta[@property="og:url"]/@content')):
        for href in (str(x).strip() for x in found):
            absolute = urljoin(base, href) if base else href
            parts = urlparse(absolute)
            if parts.scheme in ("http", "https") and parts.netloc:
                return absolute
    return None
