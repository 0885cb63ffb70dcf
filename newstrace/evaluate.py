"""Scores predicted lineages against a labelled corpus (the common format's labels.jsonl).

Pairwise same-lineage precision/recall/F1 over all pairs of articles; false-merge rate over
pairs of one story whose true lineages differ; direction accuracy over the true `derived_from`
edges (is the source an ancestor of the derived article in the predicted tree?); relation
accuracy over derived articles (also apart by whether their lineage's origin is in the corpus,
and as a table: true relation -> predicted -> count); origin accuracy over true lineages of two
or more articles; attribution accuracy (does the text credit its source?) over all articles.
Stories (same event) are scored the same pairwise way as lineages.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

DERIVED = {"copy", "rewrite", "partial"}


def read_labels(path: str | Path) -> dict[str, dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}


def score(predicted: Mapping[str, Mapping[str, Any]], truth: Mapping[str, Mapping[str, Any]],
          ids: Sequence[str] | None = None) -> dict[str, Any]:
    ids = sorted(ids if ids is not None else truth)
    lineage_pairs = _PairCounts()
    story_pairs = _PairCounts()
    one_story = merged = 0
    for x, y in combinations(ids, 2):
        same_true = truth[x]["lineage"] == truth[y]["lineage"]
        same_pred = predicted[x]["lineage"] == predicted[y]["lineage"]
        lineage_pairs.add(same_true, same_pred)
        story_pairs.add(truth[x]["story"] == truth[y]["story"], predicted[x]["story"] == predicted[y]["story"])
        if truth[x]["story"] == truth[y]["story"] and not same_true:
            one_story += 1
            merged += same_pred
    precision, recall, f1 = lineage_pairs.scores()

    def ancestors(x: str) -> set[str]:
        seen: set[str] = set()
        while predicted[x].get("derived_from") and predicted[x]["derived_from"] not in seen:
            x = predicted[x]["derived_from"]
            seen.add(x)
        return seen

    idset = set(ids)
    edges = [(x, truth[x]["derived_from"]) for x in ids if truth[x].get("derived_from") in idset]
    direction_ok = sum(src in ancestors(x) for x, src in edges)
    derived = [x for x in ids if truth[x]["relation"] in DERIVED]
    lineages: dict[str, list[str]] = defaultdict(list)
    for x in ids:
        lineages[truth[x]["lineage"]].append(x)
    # a relation is labelled against the lineage's origin text: when the corpus does not hold it,
    # only siblings (other copies of it) are there to judge against, so the two are told apart
    with_origin = {ln for ln, m in lineages.items() if any(truth[x]["relation"] == "origin" for x in m)}
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for x in derived:
        confusion[truth[x]["relation"]][predicted[x]["relation"]] += 1
    multi = [m for m in lineages.values() if len(m) > 1]
    origin_ok = sum(
        {x for x in m if truth[x]["relation"] == "origin"} == {x for x in m if predicted[x]["relation"] == "origin"}
        for m in multi
    )
    attribution_ok = sum(bool(predicted[x].get("attribution")) == bool(truth[x].get("attribution")) for x in ids)
    return {
        "articles": len(ids),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "false_merge": round(merged / one_story, 4) if one_story else 0.0,
        "direction": round(direction_ok / len(edges), 4) if edges else None,
        "direction_edges": len(edges),
        "relation": _accuracy(derived, predicted, truth)["accuracy"],
        "derived_articles": len(derived),
        "relation_origin_present": _accuracy([x for x in derived if truth[x]["lineage"] in with_origin],
                                             predicted, truth),
        "relation_origin_absent": _accuracy([x for x in derived if truth[x]["lineage"] not in with_origin],
                                            predicted, truth),
        "relation_confusion": {t: dict(sorted(c.items())) for t, c in sorted(confusion.items())},
        "origin": round(origin_ok / len(multi), 4) if multi else None,
        "lineages_scored": len(multi),
        "attribution": round(attribution_ok / len(ids), 4) if ids else None,
        **dict(zip(("story_precision", "story_recall", "story_f1"), (round(x, 4) for x in story_pairs.scores()),
                   strict=True)),
    }


def _accuracy(xs: Sequence[str], predicted: Mapping[str, Mapping[str, Any]],
              truth: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Relation accuracy over some derived articles, and how many they are."""
    ok = sum(predicted[x]["relation"] == truth[x]["relation"] for x in xs)
    return {"accuracy": round(ok / len(xs), 4) if xs else None, "articles": len(xs)}


class _PairCounts:
    """Pairs put together rightly (tp), wrongly (fp), and kept apart wrongly (fn)."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, same_true: bool, same_pred: bool) -> None:
        self.tp += same_true and same_pred
        self.fp += same_pred and not same_true
        self.fn += same_true and not same_pred

    def scores(self) -> tuple[float, float, float]:
        """(precision, recall, F1)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def read_corpus(corpus_dir: str | Path, on_problem: Callable[[Any], None] | None = None) -> list[Any]:
    """The articles of a corpus folder's articles.jsonl; each line that cannot be read goes to
    `on_problem` (an `IngestProblem` naming the file, line and reason) and is left out."""
    from newstrace.ingest.read import read_file
    from newstrace.model import Article

    path = Path(corpus_dir) / "articles.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{corpus_dir}: no articles.jsonl in this folder")
    articles = []
    for item in read_file(path):
        if isinstance(item, Article):
            articles.append(item)
        elif on_problem is not None:
            on_problem(item)
    return articles


def label_corpus(corpus_dir: str | Path, aliases: Any = None,
                 on_problem: Callable[[Any], None] | None = None) -> list[Any]:
    """Run the whole pipeline on a corpus folder's articles.jsonl; labels.jsonl is never read."""
    from newstrace.pipeline import analyze

    return analyze(read_corpus(corpus_dir, on_problem), aliases).lineages


def evaluate_corpus(corpus_dir: str | Path, lang: str | None = None, aliases: Any = None,
                    on_problem: Callable[[Any], None] | None = None) -> dict[str, Any]:
    """Label the corpus, then score against its labels.jsonl (only articles in `lang`, if given)."""
    from newstrace.pipeline import analyze

    labels = Path(corpus_dir) / "labels.jsonl"
    if not labels.exists():
        raise FileNotFoundError(f"{corpus_dir}: no labels.jsonl in this folder to score against")
    articles = read_corpus(corpus_dir, on_problem)
    lineages = analyze(articles, aliases).lineages
    truth = read_labels(labels)
    langs = {a.id: a.lang for a in articles}
    ids = [x.id for x in lineages if x.id in truth and (lang is None or langs.get(x.id) == lang)]
    if not ids:
        here = Counter(langs.get(x.id) or "unknown" for x in lineages if x.id in truth)
        raise ValueError(f"{corpus_dir}: no labelled articles" + (f" in language {lang!r}" if lang else "")
                         + f" (labelled here: {', '.join(f'{k} {n}' for k, n in here.most_common()) or 'none'})")
    result = score({x.id: x.to_label() for x in lineages}, truth, ids)
    result["corpus"] = str(corpus_dir)
    result["lang"] = lang or "all"
    return result
