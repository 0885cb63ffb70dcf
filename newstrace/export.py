"""What `analyze` stored, in files other tools read: one row per article (JSON Lines, CSV), what
each derived text changed (JSON Lines), and the reuse network (GraphML, GEXF, node-link JSON) for
Gephi, Cytoscape, networkx or igraph.

Two networks: articles (an edge from each source text to the text derived from it, the lineage
trees) and outlets (an edge from the outlet that wrote to the outlet that took, weighted by how
often, with the share of those texts that credit their source and the median lag).
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from newstrace.lineage.outlets import WIRES, article_voice, wire_key
from newstrace.lineage.relation import Prepared, compare_prepared, prepare_article
from newstrace.model import day_number
from newstrace.normalize import AliasTable
from newstrace.store import Store

if TYPE_CHECKING:
    import networkx as nx

DERIVED = ("copy", "rewrite", "partial")
ARTICLE_FIELDS = ("id", "title", "outlet", "date", "url", "lang", "story", "lineage", "relation", "derived_from",
                  "origin", "score", "attribution")
TABLE_FORMATS = ("jsonl", "csv")
GRAPH_FORMATS = ("graphml", "gexf", "json")


def lag_days(source_date: str | None, derived_date: str | None) -> int | None:
    """Days from the source's date to the derived text's; None when either is unknown."""
    source, derived = day_number(source_date), day_number(derived_date)
    return derived - source if source is not None and derived is not None else None


def article_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Each analysed article with its metadata and its place in its story and lineage."""
    for r in store.db.execute(
        "SELECT l.id, a.title, a.outlet, a.date, a.url, a.lang, l.story, l.lineage, l.relation, l.derived_from, "
        "l.origin, l.score, l.attribution FROM lineages l JOIN articles a ON a.id = l.id ORDER BY a.rowid"
    ):
        row = dict(r)
        row["score"] = round(row["score"], 4)
        row["attribution"] = bool(row["attribution"])
        yield row


def write_rows(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Rows as JSON Lines or CSV (header first, empty cells for missing values); how many."""
    n = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ARTICLE_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    else:
        raise ValueError(f"unknown table format {fmt!r} (one of {', '.join(TABLE_FORMATS)})")
    return n


def derivations(store: Store, aliases: AliasTable | None = None) -> Iterator[dict[str, Any]]:
    """Each derived text compared with the text its lineage says it derives from: the lineage's
    view (`id`, `derived_from`, `lineage`, `relation`) and the `compare --json` object, with the
    aligned passages and the edits."""
    aliases = aliases or AliasTable.default()
    rows = store.db.execute(
        "SELECT id, derived_from, lineage, relation FROM lineages WHERE derived_from IS NOT NULL "
        f"AND relation IN {DERIVED} ORDER BY lineage, rowid").fetchall()
    prepared: dict[str, Prepared] = {}  # one lineage's texts, prepared once however many derive from them
    lineage = None
    for r in rows:
        if r["lineage"] != lineage:
            prepared.clear()
            lineage = r["lineage"]
        pair = []
        for x in (r["derived_from"], r["id"]):
            if x not in prepared:
                article = store.article(x)
                if article is None:
                    break
                prepared[x] = prepare_article(article, aliases)
            pair.append(prepared[x])
        if len(pair) == 2:
            comparison = compare_prepared(pair[0], pair[1])
            yield {"id": r["id"], "derived_from": r["derived_from"], "lineage": r["lineage"],
                   "relation": r["relation"], "comparison": comparison.to_dict()}


def _agency_copies(store: Store) -> Iterator[tuple[str, str]]:
    """(agency, outlet) for each lineage whose origin is not stored and whose first text carries
    an agency's dateline or byline: the agency's pickup by that outlet. An agency is named as the
    store names its outlet when its own texts are stored ("Associated Press"), else as its
    datelines most often name it ("AP", not also "Associated Press"): one node per agency."""
    found = []
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    stored: dict[str, Counter[str]] = defaultdict(Counter)
    for r in store.db.execute("SELECT outlet, COUNT(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet"):
        key = wire_key(r["outlet"])
        if key in WIRES:
            stored[key][r["outlet"]] = r["n"]
    for article in store.first_copies():
        name = article_voice(article)
        if name:
            key = wire_key(name)
            surfaces[key][name] += 1
            found.append((key, article.outlet or "?"))
    for key, outlet in found:
        yield (stored.get(key) or surfaces[key]).most_common(1)[0][0], outlet


def outlet_edges(store: Store) -> list[dict[str, Any]]:
    """Who takes from whom: one edge per (source outlet, derived outlet), most frequent first.
    A text taken from an agency whose own page is not stored counts when its dateline or byline
    names the agency (a credit; lag unknown)."""
    rows = store.db.execute(
        "SELECT sa.outlet AS source, da.outlet AS derived, l.attribution, sa.date AS sdate, da.date AS ddate "
        "FROM lineages l JOIN articles da ON da.id = l.id JOIN articles sa ON sa.id = l.derived_from "
        f"WHERE l.relation IN {DERIVED}")
    groups: dict[tuple[str, str], list[tuple[int, int | None]]] = defaultdict(list)
    for r in rows:
        groups[(r["source"] or "?", r["derived"] or "?")].append((r["attribution"], lag_days(r["sdate"], r["ddate"])))
    for agency, outlet in _agency_copies(store):
        groups[(agency, outlet)].append((1, None))  # the dateline credits the agency
    edges: list[dict[str, Any]] = []
    for (s, d), items in groups.items():
        lags = [lag for _, lag in items if lag is not None]
        edges.append({"source": s, "derived": d, "count": len(items),
                      "attributed_share": round(sum(a for a, _ in items) / len(items), 3),
                      "median_lag_days": statistics.median(lags) if lags else None})
    edges.sort(key=lambda e: (-e["count"], e["source"], e["derived"]))
    return edges


def _set(attrs: dict[str, Any]) -> dict[str, Any]:
    """Graph attributes without the unknown values: GraphML and GEXF have no null."""
    return {k: v for k, v in attrs.items() if v is not None}


def article_graph(store: Store) -> nx.DiGraph:
    """The lineage trees: the articles of lineages with reuse, an edge from source to derived text."""
    import networkx as nx

    graph = nx.DiGraph(name="newstrace articles")
    rows = [r for r in article_rows(store) if r["relation"] != "independent"]
    dates = {r["id"]: r["date"] for r in rows}
    for r in rows:
        graph.add_node(r["id"], **_set({k: r[k] for k in ARTICLE_FIELDS if k not in ("id", "derived_from")}))
    for r in rows:
        if r["derived_from"] in graph:
            graph.add_edge(r["derived_from"], r["id"], **_set({
                "relation": r["relation"], "score": r["score"], "attribution": r["attribution"],
                "lag_days": lag_days(dates[r["derived_from"]], r["date"])}))
    return graph


def outlet_graph(store: Store) -> nx.DiGraph:
    """The outlet-to-outlet reuse network: an edge from the outlet that wrote to the one that took."""
    import networkx as nx

    graph = nx.DiGraph(name="newstrace outlets")
    for e in outlet_edges(store):
        graph.add_edge(e["source"], e["derived"], **_set({
            "weight": e["count"], "attributed_share": e["attributed_share"], "median_lag_days": e["median_lag_days"]}))
    return graph


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(graph: nx.DiGraph) -> nx.DiGraph:
    """The graph with the control characters XML cannot hold (scraped titles carry them) dropped
    from its ids and attributes."""
    import networkx as nx

    def clean(value: Any) -> Any:
        return _NOT_XML.sub("", value) if isinstance(value, str) else value

    safe = nx.DiGraph(**{k: clean(v) for k, v in graph.graph.items()})
    safe.add_nodes_from((clean(n), {k: clean(v) for k, v in d.items()}) for n, d in graph.nodes(data=True))
    safe.add_edges_from((clean(a), clean(b), {k: clean(v) for k, v in d.items()}) for a, b, d in graph.edges(data=True))
    return safe


def write_graph(graph: nx.DiGraph, out: IO[bytes], fmt: str) -> None:
    import networkx as nx

    if fmt == "graphml":
        nx.write_graphml(_xml_safe(graph), out)
    elif fmt == "gexf":
        nx.write_gexf(_xml_safe(graph), out)
    elif fmt == "json":
        out.write(json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1).encode("utf-8"))
    else:
        raise ValueError(f"unknown graph format {fmt!r} (one of {', '.join(GRAPH_FORMATS)})")
