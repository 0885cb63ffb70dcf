"""What each page of the web UI shows, as plain JSON-ready dicts read from the store.

The JSON API returns these dicts and the HTML pages render them, so both always agree.
Everything here reads; nothing writes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from newstrace.align.sidebyside import side_by_side
from newstrace.api import Corpus
from newstrace.export import DERIVED, lag_days, outlet_edges
from newstrace.lineage.relation import compare_prepared, prepare_article


def corpus_summary(corpus: Corpus, limit: int = 20) -> dict[str, Any]:
    db = corpus.store.db
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    counts = {
        "articles": one("SELECT count(*) FROM articles"),
        "outlets": one("SELECT count(DISTINCT outlet) FROM articles"),
        "stories": one("SELECT count(DISTINCT story) FROM lineages"),
        # as `newstrace analyze` counts them: a lone copy of a text not in the store is one too
        "lineages": one(f"SELECT count(DISTINCT lineage) FROM lineages WHERE relation IN {DERIVED}"),
        "derived": one(f"SELECT count(*) FROM lineages WHERE relation IN {DERIVED}"),
    }
    largest = [
        dict(r) for r in db.execute(
            "SELECT t.lineage, t.story, t.size, o.id AS origin, o.title AS origin_title, o.outlet AS origin_outlet, "
            "o.date AS origin_date FROM (SELECT lineage, min(story) AS story, min(origin) AS origin, count(*) AS size "
            "FROM lineages GROUP BY lineage HAVING size > 1 ORDER BY size DESC, lineage LIMIT ?) t "
            "JOIN articles o ON o.id = t.origin ORDER BY t.size DESC, t.lineage", (limit,))
    ]
    republishers = [
        dict(r) for r in db.execute(
            "SELECT a.outlet, count(*) AS derived, sum(l.attribution) AS with_attribution, "
            "count(*) - sum(l.attribution) AS without_attribution FROM lineages l JOIN articles a ON a.id = l.id "
            f"WHERE l.relation IN {DERIVED} GROUP BY a.outlet ORDER BY derived DESC, a.outlet LIMIT ?", (limit,))
    ]
    return {"counts": counts, "largest_lineages": largest, "republishers": republishers}


def _fts_query(words: str) -> str:
    """User words as FTS5 phrases, so no search text is read as query syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words.split())


def search(corpus: Corpus, q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
           limit: int = 50) -> dict[str, Any]:
    where, args = [], []
    if q.strip():
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        args.append(_fts_query(q))
    if outlet:
        where.append("a.outlet = ?")
        args.append(outlet)
    if date_from:
        where.append("a.date >= ?")
        args.append(date_from)
    if date_to:
        where.append("a.date <= ?")
        args.append(date_to)
    sql = ("SELECT a.id, a.title, a.outlet, a.date, l.story, l.relation FROM articles a "
           "LEFT JOIN lineages l ON l.id = a.id" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY a.date DESC, a.id LIMIT ?")
    rows = [dict(r) for r in corpus.store.db.execute(sql, (*args, limit))]
    outlets = [r[0] for r in corpus.store.db.execute(
        "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC LIMIT 200")]
    return {"query": {"q": q, "outlet": outlet, "from": date_from, "to": date_to}, "results": rows,
            "outlets": outlets}


def _node(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "title": row["title"], "outlet": row["outlet"], "date": row["date"],
            "relation": row["relation"], "score": row["score"], "derived_from": row["derived_from"],
            "attribution": bool(row["attribution"]), "origin": row["origin"]}


def story(corpus: Corpus, story_id: str, limit: int = 200) -> dict[str, Any] | None:
    """The story's lineages, largest first, and its independent reports (at most `limit` of
    each are listed; the totals are given). A lone copy of a text not in the store (a wire
    story with the agency's dateline) is a lineage of one, not an independent report; a lineage
    whose first text is such a copy names the agency when its dateline or byline does."""
    rows = corpus.store.db.execute(
        "SELECT l.*, a.title, a.outlet, a.date FROM lineages l JOIN articles a ON a.id = l.id "
        "WHERE l.story = ? ORDER BY a.date, l.id", (story_id,)).fetchall()
    if not rows:
        return None
    by_lineage: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        by_lineage[r["lineage"]].append(r)
    lineages, independent = [], []
    for lineage_id, members in by_lineage.items():
        if len(members) == 1 and members[0]["relation"] not in DERIVED:
            independent.append(_node(members[0]))
            continue
        dates = {m["id"]: m["date"] for m in members}
        first = next((m for m in members if not m["derived_from"]), members[0])
        lineages.append({
            "lineage": lineage_id,
            "origin": first["origin"],
            "origin_in_store": first["relation"] == "origin",
            "first": first["id"],
            "nodes": [_node(m) for m in members],
            "edges": [{"source": m["derived_from"], "target": m["id"], "relation": m["relation"],
                       "score": round(m["score"], 3), "lag_days": lag_days(dates.get(m["derived_from"]), m["date"])}
                      for m in members if m["derived_from"]],
        })
    lineages.sort(key=lambda x: -len(x["nodes"]))
    for x in lineages[:limit]:  # read from the first text's dateline: only for those shown
        x["origin_agency"] = None if x["origin_in_store"] else corpus.origin_agency(corpus.store.lineage_of(x["first"]))
    return {"story": story_id, "articles": len(rows), "lineage_count": len(lineages), "independent_count": len(independent),
            "lineages": lineages[:limit], "independent": independent[:limit]}


def article(corpus: Corpus, article_id: str, limit: int = 200) -> dict[str, Any] | None:
    """The article, its place in its lineage and its derivatives (the first `limit`, by date:
    a wire story printed by ten thousand sites has as many)."""
    found = corpus.store.article(article_id)
    if found is None:
        return None
    out: dict[str, Any] = {"article": found.to_dict(), "lineage": None, "source": None, "derivatives": [],
                           "derivative_count": 0, "origin": None, "origin_agency": None}
    me = corpus.store.lineage_of(article_id)
    if me is not None:
        out["lineage"] = me.to_label()
        db = corpus.store.db
        brief = "SELECT l.*, a.title, a.outlet, a.date FROM lineages l JOIN articles a ON a.id = l.id WHERE "
        if me.derived_from:
            row = db.execute(brief + "l.id = ?", (me.derived_from,)).fetchone()
            out["source"] = _node(row) if row else None
        if me.origin and me.origin != me.id:
            row = db.execute(brief + "l.id = ?", (me.origin,)).fetchone()
            out["origin"] = _node(row) if row else None
        out["derivatives"] = [_node(r) for r in db.execute(brief + "l.derived_from = ? ORDER BY a.date, l.id LIMIT ?",
                                                           (article_id, limit))]
        out["derivative_count"] = db.execute("SELECT count(*) FROM lineages WHERE derived_from = ?", (article_id,)).fetchone()[0]
        out["origin_agency"] = corpus.origin_agency(corpus.store.lineage_of(me.origin or me.id))
    return out


def compare_view(corpus: Corpus, a: str, b: str) -> dict[str, Any] | None:
    """The comparison of two stored articles, with the side-by-side rows. Ids only: a path from
    a URL is never opened."""
    art_a, art_b = corpus.store.article(a), corpus.store.article(b)
    if art_a is None or art_b is None or a == b:  # one article is no pair
        return None
    pa, pb = prepare_article(art_a, corpus.aliases), prepare_article(art_b, corpus.aliases)
    comparison = compare_prepared(pa, pb)
    src, der = (pa, pb) if comparison.source == a else (pb, pa)
    rows = side_by_side(src.doc, der.doc, comparison.alignment, comparison.set_aside)
    stored = corpus.lineage(src.article.id), corpus.lineage(der.article.id)
    return {
        "comparison": comparison.to_dict(),
        "source": src.article.to_dict(),
        "derived": der.article.to_dict(),
        # where analyze put them: a pair can share a passage too small to join their lineages
        "lineages": {"source": stored[0].lineage if stored[0] else None,
                     "derived": stored[1].lineage if stored[1] else None},
        "rows": [{"kind": r.kind, "similarity": r.similarity,
                  "source": [{"text": s.text, "kind": s.kind} for s in r.source],
                  "derived": [{"text": s.text, "kind": s.kind} for s in r.derived]} for r in rows],
    }


def outlets(corpus: Corpus, limit: int = 200) -> dict[str, Any]:
    """Who takes from whom: one edge per (source outlet, derived outlet)."""
    edges = outlet_edges(corpus.store)[:limit]
    names = sorted({e["source"] for e in edges} | {e["derived"] for e in edges})
    return {"outlets": names, "edges": edges}


__all__ = ["article", "compare_view", "corpus_summary", "outlets", "search", "story"]
