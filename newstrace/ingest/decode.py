"""Bytes to text, refusing what is not text and saying so."""

from __future__ import annotations

import codecs
import gzip
import re

from charset_normalizer import from_bytes

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # one article page or text file; corpora stream instead


class UnreadableFile(Exception):
    """A file that holds no text we can read; the message says why."""


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for c in head if c < 9 or 13 < c < 32)
    return len(head) > 0 and control / len(head) > 0.05


# files people put beside their articles, by their first bytes, and what to do with them
_KNOWN_BINARIES = ((b"PK\x03\x04", "a ZIP archive: unpack it and ingest the folder"),
                   (b"%PDF", "a PDF document: extract its text first"),
                   (b"\x1f\x8b", "gzip-compressed: name it with .gz at the end (.jsonl.gz, .html.gz) to have it read"),
                   (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: unpack it and ingest the folder"),
                   (b"Rar!", "a RAR archive: unpack it and ingest the folder"),
                   (b"PAR1", "a Parquet file: write it as JSON Lines or CSV"),
                   (b"SQLite format 3\x00", "an SQLite database: export its articles as JSON Lines or CSV"))


def _what_binary(data: bytes) -> str:
    return "binary file, not text" + next((f" ({what})" for magic, what in _KNOWN_BINARIES if data.startswith(magic)), "")


# (mark, codec for the text after it, codec that reads the mark and drops it); longest first: a
# UTF-32 little-endian mark begins with the UTF-16 one
UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"))
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding that reads the file from its start, byte-order mark and all): UTF-16 or
    UTF-32 when the text opens with their mark; UTF-8 when it is; else the charset a web page
    declares; else Windows-1252 (what the Clough-Stevenson files and most legacy English text
    are), unless that reads as the letters of another script misread (Cyrillic or Greek in a
    single-byte code page), then the detected encoding."""
    if not data.strip():
        raise UnreadableFile("empty file")
    for bom, name, reader in UNICODE_BOMS:  # UTF-16 and UTF-32 text is full of NUL bytes, yet text
        if data.startswith(bom):
            body = data[len(bom):]
            try:  # a sample cut mid-character loses that character only (a mark is one code unit long)
                unicode_text = body[: len(body) - len(body) % len(bom)].decode(name)
            except UnicodeDecodeError:
                break
            if not unicode_text.strip():
                raise UnreadableFile("empty file")
            return unicode_text, reader
    if looks_binary(data):
        raise UnreadableFile(_what_binary(data))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), "utf-8-sig"  # which reads a UTF-8 byte-order mark, if any, and drops it
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(data[:4096])
    if declared:
        try:
            name = declared.group(1).decode("ascii")
            return data.decode(name), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is no worse than none
    try:
        text: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _misread(text):
        return text, "cp1252"
    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    if text is not None:
        return text, "cp1252"
    raise UnreadableFile("undecodable text (not UTF-8 nor any detectable encoding)")


def _misread(text: str) -> bool:
    """Whether Windows-1252 made letters of another script into accented Latin ones: French or
    German text has one letter in ten accented at most, Cyrillic read so has nearly all."""
    letters = [c for c in text[:20000] if c.isalpha()]
    accented = sum("\u00c0" <= c <= "\u00ff" for c in letters)
    return len(letters) >= 20 and accented > 0.3 * len(letters)


TOO_LARGE = f"too large for one document (> {MAX_DOCUMENT_BYTES // 2**20} MiB)"


def read_document_bytes(path: str) -> bytes:
    """A one-document file's bytes, gzip-decompressed when its name ends in .gz; no more than
    MAX_DOCUMENT_BYTES either way (a small archive can expand to gigabytes)."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            data = f.read(MAX_DOCUMENT_BYTES + 1)
    except (EOFError, gzip.BadGzipFile) as e:
        raise UnreadableFile(f"broken gzip file ({e})") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableFile(TOO_LARGE)
    return data
