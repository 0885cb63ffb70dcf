"""RSS and Atom feeds, and telling a document's kind of markup from its first element: a feed's
items are articles; a web page goes to trafilatura; other XML (a sitemap) is no article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from newstrace.ingest.decode import UnreadableFile
from newstrace.ingest.formats import clean_date, content_id, outlet_from_url
from newstrace.model import Article

_XML_PROLOG = r"\A\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|<\?[^>]*>)\s*)*"
_FEED_ROOT = re.compile(_XML_PROLOG + r"<(?:\w+:)?(rss|feed|RDF)\b", re.DOTALL)
_HTML_ROOT = re.compile(_XML_PROLOG + r"<html\b", re.DOTALL | re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|tr)\s*>|<br\s*/?>", re.IGNORECASE)


def markup_kind(text: str) -> str | None:
    """"feed" (an RSS or Atom root element), "html" (a web page's doctype or root element, XHTML's
    XML declaration allowed before it), "xml" (other XML: a sitemap, a NewsML file; markup, not
    an article's text) or None (text)."""
    head = text[:20000]
    if _FEED_ROOT.match(head):
        return "feed"
    if head.lstrip()[:15].lower().startswith(("<!doctype html", "<html")) or _HTML_ROOT.match(head):
        return "html"
    return "xml" if head.lstrip().startswith("<?xml") else None


def parse_feed(text: str, path: str) -> Iterator[Article | UnreadableFile]:
    """The items of an RSS (0.9x, 1.0, 2.0) or Atom feed: title, link, stated date and the fullest
    text the item carries, its markup dropped. An item whose text is a teaser of a few words is
    still an article: the feed says no more. Entities are never expanded."""
    from lxml import etree

    try:
        root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        yield UnreadableFile(f"malformed feed ({e.msg})")
        return
    items = [node for node in root.iter() if _name(node) in ("item", "entry")]
    if not items:
        yield UnreadableFile("feed with no items")
        return
    for n, item in enumerate(items, start=1):
        body = _item_text(item)
        if not body:
            yield UnreadableFile(f"item {n}: no text")
            continue
        link = _child(item, "link")
        url = (link.get("href") or link.text or "").strip() if link is not None else ""
        page = url if url.lower().startswith(("http://", "https://")) else None
        title = _child(item, "title")
        dates = (_stated_date(d.text) for d in (_child(item, name) for name in _DATES) if d is not None)
        yield Article(id=content_id(page, body), text=body, url=page, outlet=outlet_from_url(page),
                      title=((title.text or "").strip() or None) if title is not None else None,
                      date=next((d for d in dates if d), None), path=path)


_DATES = ("pubDate", "date", "published", "updated")  # RSS, Dublin Core (RSS 1.0), Atom


def _name(node: Any) -> str | None:
    """An element's name without its namespace (comments and processing instructions have none)."""
    from lxml import etree

    return etree.QName(node).localname if isinstance(node.tag, str) else None


def _child(item: Any, *names: str) -> Any:
    return next((node for node in item if _name(node) in names), None)


def _item_text(item: Any) -> str:
    """The fullest text an item carries (`content:encoded`, Atom's `content`, else `description`
    or `summary`), as plain text with its paragraphs."""
    from lxml import etree, html

    body = next((c for c in (_child(item, "encoded"), _child(item, "content"), _child(item, "description", "summary"))
                 if c is not None and (c.text or len(c))), None)
    if body is None:
        return ""
    markup = (body.text or "") + "".join(etree.tostring(x, encoding="unicode") for x in body)  # escaped or inline
    markup = _BLOCK_END.sub("\n\n", markup)  # paragraphs stay paragraphs
    words = html.fromstring(f"<div>{markup}</div>").text_content() if markup.strip() else ""
    return re.sub(r"\n\s*\n\s*", "\n\n", re.sub(r"[ \t]+", " ", words)).strip()


def _stated_date(value: str | None) -> str | None:
    from email.utils import parsedate_to_datetime

    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip()).date().isoformat()  # RSS: RFC 822 dates
    except (TypeError, ValueError, IndexError):
        return clean_date(value)  # Atom and Dublin Core: ISO dates
