"""Walk files and folders, pick the parser by file name, and keep going past bad files."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from newstrace.ingest.decode import (
    MAX_DOCUMENT_BYTES,
    TOO_LARGE,
    UNICODE_BOMS,
    UnreadableFile,
    decode,
    read_document_bytes,
)
from newstrace.ingest.feeds import markup_kind, parse_feed
from newstrace.ingest.formats import (
    article_from_record,
    json_records,
    names_text,
    parse_csv,
    parse_html,
    parse_text_file,
)
from newstrace.model import Article
from newstrace.parallel import batched, run_in_order

MAX_JSON_BYTES = 256 * 2**20  # a JSON document is parsed whole: a few times this in memory
_SKIP_NAMES = {"labels.jsonl", "labels.jsonl.gz"}  # truth files of a labelled corpus are not articles


@dataclass(frozen=True)
class IngestProblem:
    """A file (or a line of one) that could not be read, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _shown(path: Path | str) -> str:
    """A path as text that can be stored and printed: a byte of a file name that is not UTF-8
    (a scrape saved under another locale) becomes U+FFFD instead of failing the store."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _kind(path: Path) -> str:
    name = path.name.lower()
    for suffix, kind in ((".jsonl.gz", "jsonl"), (".ndjson.gz", "jsonl"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
                         (".csv.gz", "csv"), (".csv", "csv"), (".tsv.gz", "csv"), (".tsv", "csv"),
                         (".json.gz", "json"), (".json", "json"), (".warc.gz", "warc"), (".warc", "warc"),
                         (".html", "html"), (".htm", "html")):
        if name.endswith(suffix):
            return kind
    return "text"


class _Readable(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def _lines(f: _Readable) -> Iterator[bytes | None]:
    """The lines of a file, None for a line longer than one article may be (read no further
    than that, then skipped to its end): one huge record must not take all memory."""
    while line := f.readline(MAX_DOCUMENT_BYTES + 1):
        if len(line) <= MAX_DOCUMENT_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield None


def _opener(path: Path) -> Callable[..., Any]:
    """`gzip.open` for a compressed corpus (`.gz`), else `open`: the same arguments for both."""
    return gzip.open if path.name.lower().endswith(".gz") else open


class _Recoded:
    """A UTF-16 or UTF-32 file (what Windows tools save as "Unicode") read a line at a time as UTF-8."""

    def __init__(self, f: Any, encoding: str) -> None:
        self.text = io.TextIOWrapper(f, encoding=encoding, errors="replace")

    def readline(self, size: int = -1, /) -> bytes:
        return self.text.readline(size).encode("utf-8")


def _as_utf8(f: Any) -> _Readable:
    """The file from its start, as UTF-8 lines: a byte-order mark dropped, UTF-16 and UTF-32 recoded."""
    head = f.read(4)
    f.seek(0)
    for mark, _, codec in UNICODE_BOMS:
        if head.startswith(mark):
            return _Recoded(f, codec)
    if head.startswith(codecs.BOM_UTF8):
        f.seek(len(codecs.BOM_UTF8))
    return cast(_Readable, f)


def _read_jsonl(path: Path) -> Iterator[Article | IngestProblem]:
    opener = _opener(path)
    try:
        with opener(path, "rb") as f:
            for n, raw in enumerate(_lines(_as_utf8(f)), start=1):
                if raw is None:
                    yield IngestProblem(f"{_shown(path)}:{n}", f"record {TOO_LARGE}")
                    continue
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line = raw.decode("cp1252", errors="replace")
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    yield IngestProblem(f"{_shown(path)}:{n}", f"malformed JSON ({e.msg})")
                    continue
                except RecursionError:
                    yield IngestProblem(f"{_shown(path)}:{n}", "JSON nested too deeply to read")
                    continue
                if not isinstance(record, dict):
                    yield IngestProblem(f"{_shown(path)}:{n}", "JSON line is not an object")
                    continue
                if n == 1 and not names_text(record):
                    yield IngestProblem(_shown(path), "not an article file: its records have no 'text' field")
                    return
                try:
                    yield article_from_record(record, f"line {n}", _shown(path))
                except UnreadableFile as e:
                    yield IngestProblem(f"{_shown(path)}:{n}", str(e).removeprefix(f"line {n}: "))
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield IngestProblem(_shown(path), f"cannot read ({e})")


def _read_json(path: Path) -> Iterator[Article | IngestProblem]:
    """A JSON document of article records (`json_records`), read whole: up to MAX_JSON_BYTES,
    past which JSON Lines, read a record at a time, is the format for a corpus."""
    opener = _opener(path)
    try:
        with opener(path, "rb") as f:
            data = f.read(MAX_JSON_BYTES + 1)
        if len(data) > MAX_JSON_BYTES:
            raise UnreadableFile(f"JSON file over {MAX_JSON_BYTES // 2**20} MiB: write the corpus as JSON Lines "
                                 "(a record a line), which is read a record at a time")
        value = json.loads(decode(data)[0])
    except UnreadableFile as e:
        yield IngestProblem(_shown(path), str(e))
        return
    except (json.JSONDecodeError, RecursionError) as e:
        yield IngestProblem(_shown(path), f"malformed JSON ({getattr(e, 'msg', 'nested too deeply')})")
        return
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield IngestProblem(_shown(path), f"cannot read ({e})")
        return
    records = json_records(value)
    if records is None:
        yield IngestProblem(_shown(path), "no article records (a list of objects with a 'text' field)")
        return
    for n, record in enumerate(records, start=1):
        try:
            if not isinstance(record, dict):
                raise UnreadableFile(f"record {n}: not an object")
            yield article_from_record(record, f"record {n}", _shown(path))
        except UnreadableFile as e:
            yield IngestProblem(_shown(path), str(e))


def _read_csv(path: Path) -> Iterator[Article | IngestProblem]:
    """A CSV corpus, streamed: `decode` judges the first megabyte (empty, binary, its encoding),
    and a stray undecodable byte further on is replaced, not fatal."""
    opener = _opener(path)
    try:
        with opener(path, "rb") as f:
            head = f.read(1 << 20)
        whole_lines = head[: head.rfind(b"\n") + 1] or head  # no character cut at the sample's end
        encoding = decode(whole_lines)[1]  # one that drops a byte-order mark: it is not a column name
        with opener(path, "rt", encoding=encoding, errors="replace", newline="") as text:
            for item in parse_csv(text, _shown(path)):
                yield IngestProblem(_shown(path), str(item)) if isinstance(item, UnreadableFile) else item
    except UnreadableFile as e:
        yield IngestProblem(_shown(path), str(e))
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield IngestProblem(_shown(path), f"cannot read ({e})")


def _read_warc(path: Path, workers: int = 1) -> Iterator[Article | IngestProblem]:
    """Each HTML response of a crawl; the pages are parsed `workers` at a time, a batch each.
    A broken archive is reported after the pages read before the break."""
    broken: list[str] = []
    batches = ((_shown(path), batch) for batch in batched(_warc_pages(path, broken), _PAGES_PER_JOB))
    for items in run_in_order(_parse_warc_pages, batches, workers):
        yield from items
    for reason in broken:
        yield IngestProblem(_shown(path), f"broken WARC archive ({reason})")


def _warc_pages(path: Path, broken: list[str]) -> Iterator[tuple[str | None, bytes]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.recordloader import StatusAndHeadersParserException

    records = 0
    try:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                records += 1
                if record.rec_type != "response":
                    continue
                content_type = record.http_headers.get_header("Content-Type") if record.http_headers else ""
                if "html" in (content_type or ""):  # a page over the limit is read no further
                    yield record.rec_headers.get_header("WARC-Target-URI"), record.content_stream().read(
                        MAX_DOCUMENT_BYTES + 1)
    except (ArchiveLoadFailed, StatusAndHeadersParserException) as e:
        broken.append(str(e))
    except Exception as e:  # warcio fails in its own code on some records (one with no target URI)
        broken.append(f"record {records + 1} cannot be read: {type(e).__name__} in warcio")


def _parse_warc_pages(path: str, pages: list[tuple[str | None, bytes]]) -> list[Article | IngestProblem]:
    out: list[Article | IngestProblem] = []
    for url, body in pages:
        try:
            if len(body) > MAX_DOCUMENT_BYTES:
                raise UnreadableFile(TOO_LARGE)
            out.append(parse_html(decode(body)[0], path, url=url))
        except UnreadableFile as e:
            out.append(IngestProblem(f"{path} <{url}>", str(e)))
    return out


def read_file(path: Path, workers: int = 1) -> Iterator[Article | IngestProblem]:
    """The articles of one file (`workers`: processes parsing a WARC crawl's pages)."""
    kind = _kind(path)
    if path.name.lower() in _SKIP_NAMES:
        return
    if path.exists() and not path.is_file():  # reading a pipe or a device would never end
        yield IngestProblem(_shown(path), "not a regular file (a pipe, socket or device)")
        return
    if kind == "jsonl":
        yield from _read_jsonl(path)
        return
    if kind == "warc":
        yield from _read_warc(path, workers)
        return
    if kind == "csv":
        yield from _read_csv(path)
        return
    if kind == "json":
        yield from _read_json(path)
        return
    try:
        text, _ = decode(read_document_bytes(os.fspath(path)))
        markup = markup_kind(text)
        if markup == "feed":
            for item in parse_feed(text, _shown(path)):
                yield IngestProblem(_shown(path), str(item)) if isinstance(item, UnreadableFile) else item
            return
        if markup == "xml":
            raise UnreadableFile("XML document that is neither an RSS or Atom feed nor a web page")
        if kind == "html" or markup == "html":
            yield parse_html(text, _shown(path), article_id=_shown(path.stem))
        else:
            yield parse_text_file(text, _shown(path.name.split(".")[0]), _shown(path))
    except UnreadableFile as e:
        yield IngestProblem(_shown(path), str(e))
    except OSError as e:
        yield IngestProblem(_shown(path), f"cannot read ({e.strerror or e})")


def iter_files(paths: Iterable[str | Path], skip: Collection[Path] = ()) -> Iterator[Path]:
    """Every file under the given paths, folders walked recursively in a stable order; files
    in `skip` (resolved paths) are left out."""
    skip_names = {p.name for p in skip}  # resolve only the files that could be one of them

    def skipped(path: Path) -> bool:
        return path.name in skip_names and path.resolve() in skip

    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and not skipped(Path(root) / name):
                        yield Path(root) / name
        elif not skipped(p):
            yield p


def read_paths(paths: Iterable[str | Path], skip: Collection[Path] = (),
               workers: int = 1) -> Iterator[Article | IngestProblem]:
    """Articles from files and folders, in the order of the walk; a problem item for each file or
    line that fails. `skip`: resolved paths never read (the store's own files, when it lies in
    the folder read). With `workers` > 1, one-document files (pages, text files: trafilatura is
    the slow part of ingest) and the pages of a WARC crawl are parsed in that many processes, a
    batch at a time; JSON Lines and CSV stream in this process. The order is the same either way."""
    files = iter_files(paths, skip)
    while True:
        stop: list[Path] = []  # the corpus file (or missing path) that ends a run of pages
        for items in run_in_order(_read_documents, _page_batches(files, stop), workers):
            yield from items
        if not stop:
            return
        if stop[0].exists():
            yield from read_file(stop[0], workers)
        else:
            yield IngestProblem(_shown(stop[0]), "no such file or folder")


_PAGES_PER_JOB = 32


def _page_batches(files: Iterator[Path], stop: list[Path]) -> Iterator[tuple[list[Path]]]:
    """Batches of consecutive one-document files; the first other file is put in `stop`."""

    def pages() -> Iterator[Path]:
        for path in files:
            if not path.exists() or _kind(path) in ("jsonl", "csv", "warc"):
                stop.append(path)
                return
            yield path

    return ((batch,) for batch in batched(pages(), _PAGES_PER_JOB))


def _read_documents(paths: list[Path]) -> list[Article | IngestProblem]:
    return [item for path in paths for item in read_file(path)]
