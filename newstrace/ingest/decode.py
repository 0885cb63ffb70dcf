"""Bytes to text, refusing what is not text and saying so."""

from __future__ import annotations

import gzip

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


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 when it is, else the detected single-byte encoding (cp1252 first)."""
    if not data.strip():
        raise UnreadableFile("empty file")
    if looks_binary(data):
        raise UnreadableFile("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise UnreadableFile("undecodable text (not UTF-8 nor any detectable encoding)") from None
        return str(best), best.encoding


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
