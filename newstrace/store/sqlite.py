"""SQLite store. Articles are written in batches, each batch its own transaction, so an
interrupted ingest keeps what it stored; pair verdicts are cached by both texts' hashes, so an
interrupted `analyze` resumes where it stopped and gives the same result."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from newstrace.lineage.build import PairVerdict
from newstrace.model import Article, Lineage

DEFAULT_DB = "newstrace.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, url TEXT, outlet TEXT, date TEXT, title TEXT, lang TEXT,
    text TEXT NOT NULL, path TEXT, text_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_meta ON articles(id, outlet, date, title);  -- joins read no text
CREATE TABLE IF NOT EXISTS pairs (
    a TEXT NOT NULL, b TEXT NOT NULL, a_hash TEXT NOT NULL, b_hash TEXT NOT NULL,
    source TEXT NOT NULL, derived TEXT NOT NULL, source_coverage REAL, derived_coverage REAL,
    similarity REAL, shared_prose REAL, direction REAL, source_paraphrase REAL, derived_paraphrase REAL,
    shared_quotes INTEGER, shared_quote_tokens REAL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS pairs_b ON pairs(b);
CREATE TABLE IF NOT EXISTS lineages (
    id TEXT PRIMARY KEY, story TEXT, lineage TEXT, relation TEXT, derived_from TEXT,
    score REAL, attribution INTEGER, origin TEXT
);
CREATE INDEX IF NOT EXISTS lineages_lineage ON lineages(lineage);
CREATE INDEX IF NOT EXISTS lineages_story ON lineages(story);
CREATE INDEX IF NOT EXISTS lineages_derived_from ON lineages(derived_from);
CREATE INDEX IF NOT EXISTS lineages_cover ON lineages(lineage, origin, story);
CREATE INDEX IF NOT EXISTS lineages_relation ON lineages(relation, id, attribution);
CREATE TABLE IF NOT EXISTS credits (id TEXT PRIMARY KEY, text_hash TEXT NOT NULL, outlets TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
"""


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def default_db_path() -> str:
    return os.environ.get("NEWSTRACE_DB") or DEFAULT_DB


class StoreError(Exception):
    """A store path that cannot be opened as one (a folder, another kind of file)."""


class Store:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path or default_db_path())
        try:
            # another process writing (an ingest while analyze saves a batch) is waited for
            self.db = sqlite3.connect(self.path, timeout=60)
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as e:  # OperationalError too: a folder, a missing parent
            raise StoreError(f"{self.path}: cannot be used as a store ({e})") from None
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        columns = {r["name"] for r in self.db.execute("PRAGMA table_info(pairs)")}
        for column, kind in (("source_paraphrase", "REAL"), ("derived_paraphrase", "REAL"),
                             ("shared_quotes", "INTEGER"), ("shared_quote_tokens", "REAL")):
            if column not in columns:  # a store written before this column existed
                self.db.execute(f"ALTER TABLE pairs ADD COLUMN {column} {kind}")
        if self.db.execute("SELECT value FROM meta WHERE key = 'fts'").fetchone() is None:
            with self.db:  # a store written before full-text search existed
                self.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
                self.db.execute("INSERT INTO meta VALUES ('fts', '1')")

    def close(self) -> None:
        self.db.close()

    def files(self) -> frozenset[Path]:
        """The database file and SQLite's companions (write-ahead log, shared memory, journal):
        what `ingest` of the folder the store lies in must not read as articles."""
        main = Path(self.path).resolve()
        return frozenset({main} | {main.with_name(main.name + s) for s in ("-wal", "-shm", "-journal")})

    # articles -----------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> tuple[int, list[str]]:
        """(articles added, notes on ids already stored with another text). One transaction."""
        added, notes = 0, []
        with self.db:
            for a in articles:
                h = text_hash(a.text)
                row = self.db.execute("SELECT text_hash FROM articles WHERE id = ?", (a.id,)).fetchone()
                if row is not None:
                    if row["text_hash"] != h:
                        notes.append(f"{a.path or a.id}: id {a.id!r} is already stored with another text; kept the stored one")
                    continue
                self.db.execute(
                    "INSERT INTO articles (id, url, outlet, date, title, lang, text, path, text_hash)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (a.id, a.url, a.outlet, a.date, a.title, a.lang, a.text, a.path, h),
                )
                added += 1
        return added, notes

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY rowid"):
            yield _article(row)

    def headers(self, ids: Iterable[str]) -> dict[str, Article]:
        """These articles without their text (empty), in store order: the id, outlet, URL and date
        that stories are grown from, for a fraction of the memory the texts would take."""
        self._fill_ids(ids)
        rows = self.db.execute("SELECT a.id, a.title, a.url, a.outlet, a.date, a.lang, a.path FROM _ids x "
                               "CROSS JOIN articles a ON a.id = x.id ORDER BY a.rowid")
        return {r["id"]: Article(r["id"], "", title=r["title"], url=r["url"], outlet=r["outlet"], date=r["date"],
                                 lang=r["lang"], path=r["path"]) for r in rows}

    def first_copies(self) -> Iterator[Article]:
        """The first texts of lineages whose origin is not stored (each a copy of it)."""
        for row in self.db.execute("SELECT a.* FROM lineages l JOIN articles a ON a.id = l.id "
                                   "WHERE l.id = l.origin AND l.relation = 'copy' ORDER BY a.rowid"):
            yield _article(row)

    def count(self, table: str = "articles") -> int:
        assert table in {"articles", "pairs", "lineages"}
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def in_store_order(self, ids: Iterable[str]) -> list[str]:
        """The ids in the order they were stored (the order `analyze` reads them in)."""
        self._fill_ids(ids)
        return [r[0] for r in self.db.execute(
            "SELECT a.id FROM _ids x CROSS JOIN articles a ON a.id = x.id ORDER BY a.rowid")]

    def text_hash_of(self, article_id: str) -> str:
        return str(self.db.execute("SELECT text_hash FROM articles WHERE id = ?", (article_id,)).fetchone()[0])

    def hashes(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT id, text_hash FROM articles")}

    def unanalysed_ids(self) -> list[str]:
        """Articles stored since the last `analyze` (no lineage row yet)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'analysed_upto'").fetchone()
        upto = int(row[0]) if row else 0  # articles are appended: those after the mark are new
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles a WHERE rowid > ? AND NOT EXISTS (SELECT 1 FROM lineages l WHERE l.id = a.id) "
            "ORDER BY rowid", (upto,))]

    def mark_analysed(self, ids: Iterable[str]) -> None:
        """Remember the last stored article that has a lineage row, for `unanalysed_ids`."""
        self._fill_ids(ids)
        upto = self.db.execute("SELECT max(a.rowid) FROM _ids x CROSS JOIN articles a ON a.id = x.id").fetchone()[0]
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('analysed_upto', ?)", (str(upto or 0),))

    def similar(self, phrases: list[str], limit: int = 50) -> list[str]:
        """Ids of the articles that best match any of the phrases (full-text index, bm25 order)."""
        if not phrases:
            return []
        query = " OR ".join('"' + p.replace('"', '""') + '"' for p in phrases)
        return [r[0] for r in self.db.execute(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ? "
            "ORDER BY f.rank LIMIT ?", (query, limit))]

    # pair verdicts ------------------------------------------------------------------------
    def use_algorithm(self, verdicts: str, lineages: str) -> bool:
        """Record the versions of judging and of the lineage rules, forgetting cached verdicts judged
        by another version; True when either changed (the lineages must be rebuilt)."""
        stored = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('algorithm', 'lineage_rules')"))
        if stored == {"algorithm": verdicts, "lineage_rules": lineages}:
            return False
        with self.db:
            if stored.get("algorithm") != verdicts:
                self.db.execute("DELETE FROM pairs")
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                [("algorithm", verdicts), ("lineage_rules", lineages)])
        return True

    def cached_verdicts(self, hashes: dict[str, str]) -> dict[tuple[str, str], PairVerdict]:
        """Stored verdicts whose two texts are unchanged since they were judged."""
        out = {}
        for r in self.db.execute("SELECT * FROM pairs"):
            if hashes.get(r["a"]) == r["a_hash"] and hashes.get(r["b"]) == r["b_hash"]:
                out[(r["a"], r["b"])] = _verdict(r)
        return out

    def save_verdicts(self, items: Iterable[tuple[str, str, PairVerdict]], hashes: dict[str, str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (a, b, hashes[a], hashes[b], v.source, v.derived, v.source_coverage, v.derived_coverage,
                     v.similarity, v.shared_prose, v.direction, v.source_paraphrase, v.derived_paraphrase,
                     v.shared_quotes, v.shared_quote_tokens)
                    for a, b, v in items
                ],
            )

    def _fill_ids(self, ids: Iterable[str]) -> None:
        """A temporary table of ids to join against (any number of them)."""
        with self.db:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM _ids")
            self.db.executemany("INSERT OR IGNORE INTO _ids VALUES (?)", [(i,) for i in ids])

    def verdicts_among(self, ids: Iterable[str]) -> list[PairVerdict]:
        """Stored verdicts of pairs whose two articles are both in `ids`."""
        self._fill_ids(ids)
        rows = self.db.execute("SELECT p.* FROM _ids x CROSS JOIN pairs p ON p.a = x.id CROSS JOIN _ids y ON y.id = p.b "
                               "ORDER BY p.a, p.b")
        return [_verdict(r) for r in rows]

    def verdicts_touching(self, ids: Iterable[str]) -> list[PairVerdict]:
        """Stored verdicts of pairs with at least one article in `ids`."""
        self._fill_ids(ids)
        rows = self.db.execute("SELECT p.* FROM _ids x CROSS JOIN pairs p ON p.a = x.id UNION "
                               "SELECT p.* FROM _ids x CROSS JOIN pairs p ON p.b = x.id")
        return [_verdict(r) for r in rows]

    # outlets each text credits (found by analyze, kept so an incremental run need not re-read texts)
    def save_credits(self, credits: Mapping[str, frozenset[str]], hashes: Mapping[str, str]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO credits VALUES (?, ?, ?)",
                                [(x, hashes[x], "\n".join(sorted(c))) for x, c in credits.items()])

    def credits_of(self, ids: Iterable[str]) -> dict[str, frozenset[str]]:
        """Stored credits of the articles whose text is unchanged since they were found."""
        self._fill_ids(ids)
        rows = self.db.execute("SELECT c.id, c.outlets FROM _ids x CROSS JOIN credits c ON c.id = x.id "
                               "CROSS JOIN articles a ON a.id = c.id AND a.text_hash = c.text_hash")
        return {r[0]: frozenset(filter(None, r[1].split("\n"))) for r in rows}

    # lineages -----------------------------------------------------------------------------
    def replace_lineages(self, lineages: Iterable[Lineage]) -> None:
        """All lineages at once, in one transaction: readers see the old result or the new one."""
        with self.db:
            self.db.execute("DELETE FROM lineages")
            self.db.executemany(
                "INSERT INTO lineages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(x.id, x.story, x.lineage, x.relation, x.derived_from, x.score, int(x.attribution), x.origin)
                 for x in lineages],
            )
        self.db.execute("PRAGMA optimize")  # fresh statistics for the query planner

    def update_lineages(self, lineages: Iterable[Lineage]) -> None:
        """Replace the rows of these articles only (an incremental analyze), in one transaction."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO lineages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(x.id, x.story, x.lineage, x.relation, x.derived_from, x.score, int(x.attribution), x.origin)
                 for x in lineages],
            )

    def lineage_of(self, article_id: str) -> Lineage | None:
        row = self.db.execute("SELECT * FROM lineages WHERE id = ?", (article_id,)).fetchone()
        return _lineage(row) if row else None

    def lineages_of(self, ids: Iterable[str]) -> list[Lineage]:
        self._fill_ids(ids)
        return [_lineage(r) for r in self.db.execute("SELECT l.* FROM _ids x CROSS JOIN lineages l ON l.id = x.id")]

    def lineage_mates(self, ids: Iterable[str]) -> set[str]:
        """Every member of the stored lineages these articles are in."""
        self._fill_ids(ids)
        return {r[0] for r in self.db.execute("SELECT m.id FROM _ids x CROSS JOIN lineages l ON l.id = x.id "
                                              "CROSS JOIN lineages m ON m.lineage = l.lineage")}

    def lineage_members(self, lineage_id: str) -> list[Lineage]:
        return [_lineage(r) for r in self.db.execute("SELECT * FROM lineages WHERE lineage = ? ORDER BY id", (lineage_id,))]

    def story_members(self, story_id: str) -> list[Lineage]:
        return [_lineage(r) for r in self.db.execute("SELECT * FROM lineages WHERE story = ? ORDER BY id", (story_id,))]

    def lineages(self) -> list[Lineage]:
        return [_lineage(r) for r in self.db.execute("SELECT * FROM lineages ORDER BY rowid")]


def _article(row: sqlite3.Row) -> Article:
    return Article(id=row["id"], text=row["text"], title=row["title"], url=row["url"], outlet=row["outlet"],
                   date=row["date"], lang=row["lang"], path=row["path"])


def _lineage(row: sqlite3.Row) -> Lineage:
    return Lineage(row["id"], row["story"], row["lineage"], row["relation"], row["derived_from"], row["score"],
                   bool(row["attribution"]), row["origin"])


def _verdict(row: sqlite3.Row) -> PairVerdict:
    return PairVerdict(row["source"], row["derived"], row["source_coverage"], row["derived_coverage"],
                       row["similarity"], row["shared_prose"], row["direction"],
                       row["source_paraphrase"] or 0.0, row["derived_paraphrase"] or 0.0,
                       row["shared_quotes"] or 0, row["shared_quote_tokens"] or 0.0)
