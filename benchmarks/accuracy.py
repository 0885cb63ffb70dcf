"""Accuracy of newstrace and of the methods users would otherwise use, side by side.

    python benchmarks/accuracy.py [EXTRA_CORPUS_DIR ...]

For every labelled corpus in the common format (dev, dev English only, Clough–Stevenson, and any
folder given): pairwise precision / recall / F1, false-merge rate, direction and relation accuracy.
Peer thresholds are chosen on dev (English) and applied unchanged elsewhere, as newstrace's are.
Prints a Markdown table and writes it, with the raw figures, to benchmarks/results/.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers  # noqa: E402

from newstrace.evaluate import label_corpus, read_labels, score  # noqa: E402
from newstrace.ingest.read import read_file  # noqa: E402
from newstrace.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results"
GRID = [round(0.05 * k, 2) for k in range(2, 20)]

# method -> (builder of a threshold -> edges function, documented default threshold or None)
PEERS: dict[str, tuple[Callable[..., Callable[[float], peers.Edges]], float | None]] = {
    "datasketch MinHashLSH (word 5-grams, 128 perm)": (peers.datasketch_edges, 0.9),
    "text-dedup MinHash (word 5-grams, 250 perm)": (peers.text_dedup_edges, 0.7),
    "word 5-gram Jaccard (exact)": (peers.jaccard_edges, None),
    "word 3-gram containment (METER / Clough)": (peers.containment_edges, None),
    "MiniLM bi-encoder cosine + components": (peers.biencoder_edges, None),
    "MiniLM sentence alignment (cosine >= 0.8) + components": (peers.sentence_embedding_edges, None),
}


def load(corpus: Path, lang: str | None) -> tuple[list[Article], dict, list[str]]:
    articles = [a for a in read_file(corpus / "articles.jsonl") if isinstance(a, Article)]
    truth = read_labels(corpus / "labels.jsonl")
    ids = [a.id for a in articles if a.id in truth and (lang is None or a.lang == lang)]
    return articles, truth, ids


def main(extra: list[str]) -> None:
    corpora = [("dev (en)", DATA / "dev", "en"), ("dev (all)", DATA / "dev", None),
               ("Clough–Stevenson", DATA / "peer" / "clough-stevenson", None)]
    corpora += [(Path(p).name, Path(p), None) for p in extra]
    rows: list[dict] = []
    best: dict[str, float] = {}
    for name, corpus, lang in corpora:
        articles, truth, ids = load(corpus, lang)
        t = time.perf_counter()
        ours = {x.id: x.to_label() for x in label_corpus(corpus)}
        rows.append({"corpus": name, "method": "newstrace (default)", "threshold": None,
                     "seconds": round(time.perf_counter() - t, 2), **score(ours, truth, ids)})
        for method, (build, default) in PEERS.items():
            try:
                t = time.perf_counter()
                edges_at = build(articles)
            except ImportError as e:
                print(f"{method}: not installed ({e}); pip install -e '.[bench]'", file=sys.stderr)
                continue
            if method not in best:  # dev (en) comes first: fit the threshold there
                best[method] = max(GRID, key=lambda th: score(peers.components(articles, edges_at(th)), truth, ids)["f1"])
            for label, th in (("default", default), ("best on dev", best[method])):
                if th is None:
                    continue
                labels = peers.components(articles, edges_at(th))
                rows.append({"corpus": name, "method": f"{method}, {label}", "threshold": th,
                             "seconds": round(time.perf_counter() - t, 2), **score(labels, truth, ids)})
            print(f"{name}: {method} done", file=sys.stderr)
    table = ["| corpus | method | threshold | P | R | F1 | false-merge | direction | relation |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        table.append(f"| {r['corpus']} | {r['method']} | {r['threshold'] if r['threshold'] is not None else ''} | "
                     f"{r['precision']:.2f} | {r['recall']:.2f} | {r['f1']:.2f} | {r['false_merge']:.2f} | "
                     f"{_f(r['direction'])} | {_f(r['relation'])} |")
    text = "\n".join(table)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "accuracy.md").write_text(text + "\n", encoding="utf-8")
    (RESULTS / "accuracy.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


def _f(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


if __name__ == "__main__":
    main(sys.argv[1:])
